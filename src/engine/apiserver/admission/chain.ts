// The admission chain: upstream's plugin order (pkg/kubeapiserver/options/plugins.go
// AllOrderedPlugins), its default-on set, and the plugins this simulation implements.
import { defaultTolerationSeconds } from './default-toleration-seconds';
import { limitRangerMutating, limitRangerValidating } from './limit-ranger';
import { namespaceLifecycle } from './namespace-lifecycle';
import { nodeRestriction } from './node-restriction';
import { priorityMutating, priorityValidating } from './priority';
import { resourceQuota } from './resource-quota';
import { serviceAccountMutating, serviceAccountValidating } from './service-account';
import type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionResult,
  MutatingPlugin,
  ValidatingPlugin,
} from './types';

/** Every admission plugin kube-apiserver knows, in the order they run. */
export const allOrderedPlugins = [
  'AlwaysAdmit',
  'NamespaceAutoProvision',
  'NamespaceLifecycle',
  'NamespaceExists',
  'LimitPodHardAntiAffinityTopology',
  'LimitRanger',
  'ServiceAccount',
  'NodeRestriction',
  'TaintNodesByCondition',
  'AlwaysPullImages',
  'ImagePolicyWebhook',
  'PodSecurity',
  'PodNodeSelector',
  'Priority',
  'DefaultTolerationSeconds',
  'PodTolerationRestriction',
  'EventRateLimit',
  'ExtendedResourceToleration',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PodGroupProtection',
  'OwnerReferencesPermissionEnforcement',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'DenyServiceExternalIPs',
  'PodTopologyLabels',
  'PodGroupWorkloadExists',
  'NodeDeclaredFeatureValidator',
  'JobValidation',
  'PodResizeValidator',
  // webhook, resourcequota, and deny plugins must go at the end
  'MutatingAdmissionPolicy',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
  'AlwaysDeny',
] as const;

/** The plugins on when --enable-admission-plugins is not given (DefaultOffAdmissionPlugins). */
export const defaultOnPlugins: ReadonlySet<string> = new Set([
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'DefaultStorageClass',
  'PersistentVolumeClaimResize',
  'DefaultTolerationSeconds',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
  'StorageObjectInUseProtection',
  'PodGroupProtection',
  'Priority',
  'TaintNodesByCondition',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'PodSecurity',
  'PodTopologyLabels',
  'MutatingAdmissionPolicy',
  'ValidatingAdmissionPolicy',
  'PodGroupWorkloadExists',
  'NodeDeclaredFeatureValidator',
  'JobValidation',
  'PodResizeValidator',
]);

/** kubeadm's static pod adds --enable-admission-plugins=NodeRestriction to the defaults. */
export const kubeadmEnabledPlugins: ReadonlySet<string> = new Set([
  ...defaultOnPlugins,
  'NodeRestriction',
]);

// the implemented plugins, each phase in AllOrderedPlugins order
const mutating: MutatingPlugin[] = [
  namespaceLifecycle,
  limitRangerMutating,
  serviceAccountMutating,
  nodeRestriction,
  priorityMutating,
  defaultTolerationSeconds,
];
const validating: ValidatingPlugin[] = [
  limitRangerValidating,
  serviceAccountValidating,
  priorityValidating,
  resourceQuota,
];

/** The mutating and validating plugins enabled by the given names (kubeadm's set by default). */
export function admissionChain(enabled: ReadonlySet<string> = kubeadmEnabledPlugins): {
  mutating: MutatingPlugin[];
  validating: ValidatingPlugin[];
} {
  return {
    mutating: mutating.filter((p) => enabled.has(p.name)),
    validating: validating.filter((p) => enabled.has(p.name)),
  };
}

/** Runs the mutating phase on attrs.object in place; the first rejection stops the chain. */
export function runMutating(
  plugins: readonly MutatingPlugin[],
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
): AdmissionResult {
  for (const plugin of plugins) {
    if (!plugin.handles(attrs.operation, attrs.resource)) continue;
    const rejection = plugin.admit(attrs, ctx);
    if (rejection) return rejection;
  }
  return undefined;
}

/** Runs the validating phase; the first rejection stops the chain. */
export function runValidating(
  plugins: readonly ValidatingPlugin[],
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
): AdmissionResult {
  for (const plugin of plugins) {
    if (!plugin.handles(attrs.operation, attrs.resource)) continue;
    const rejection = plugin.validate(attrs, ctx);
    if (rejection) return rejection;
  }
  return undefined;
}
