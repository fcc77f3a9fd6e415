// ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): pods get the `default`
// service account, the service account must exist, and the projected kube-api-access-<xxxxx>
// token volume is mounted into every container. The random suffix comes from ctx.random.
import type { KubeObject } from '../../api/types';
import { admissionForbidden } from './errors';
import type {
  AdmissionAttributes,
  AdmissionContext,
  MutatingPlugin,
  ValidatingPlugin,
} from './types';

export const defaultServiceAccountName = 'default';
// DefaultAPITokenMountPath / ServiceAccountVolumeName
export const defaultAPITokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
export const serviceAccountVolumeName = 'kube-api-access';
// pkg/serviceaccount WarnOnlyBoundTokenExpirationSeconds: 1h + 7s
const warnOnlyBoundTokenExpirationSeconds = 3607;
const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
// apiserver pkg/storage/names: utilrand.String alphabet (no vowels, no confusable digits)
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** SimpleNameGenerator.GenerateName with a caller-supplied random source: base + 5 characters. */
export function generateName(base: string, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += nameAlphabet[Math.floor(random() * nameAlphabet.length)];
  return `${base}${suffix}`;
}

/** The projected volume source of the service-account token (TokenVolumeSource). */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    sources: [
      {
        serviceAccountToken: {
          expirationSeconds: warnOnlyBoundTokenExpirationSeconds,
          path: 'token',
        },
      },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
    // explicitly set default value, see #104464 (0644)
    defaultMode: 420,
  };
}

interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name: string }[];
  volumes?: { name: string; [k: string]: unknown }[];
  containers?: { volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
  initContainers?: { volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
}

const ignored = (attrs: AdmissionAttributes) =>
  attrs.group !== '' || attrs.resource !== 'pods' || attrs.subresource !== '' || !attrs.object;

const isMirrorPod = (pod: KubeObject) => mirrorPodAnnotation in (pod.metadata.annotations ?? {});

function lookup(
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
  name: string,
): KubeObject | string {
  const sa = ctx.reader.get('serviceaccounts', attrs.namespace, name);
  // getServiceAccount answers NotFound for api.Resource("serviceaccount"), singular
  return (
    sa ??
    `error looking up service account ${attrs.namespace}/${name}: serviceaccount "${name}" not found`
  );
}

function mountToken(spec: PodSpec, random: () => number): void {
  const existing = (spec.volumes ?? []).find((v) =>
    v.name.startsWith(`${serviceAccountVolumeName}-`),
  );
  const volumeName = existing?.name ?? generateName(`${serviceAccountVolumeName}-`, random);
  let needsVolume = false;
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    // an existing mount at the token path wins
    if ((container.volumeMounts ?? []).some((m) => m.mountPath === defaultAPITokenMountPath))
      continue;
    container.volumeMounts = [
      ...(container.volumeMounts ?? []),
      { name: volumeName, readOnly: true, mountPath: defaultAPITokenMountPath },
    ];
    needsVolume = true;
  }
  if (!existing && needsVolume) {
    spec.volumes = [...(spec.volumes ?? []), { name: volumeName, projected: tokenVolumeSource() }];
  }
}

/** ServiceAccount's mutating half (CREATE of pods). */
export const serviceAccountMutating: MutatingPlugin = {
  name: 'ServiceAccount',
  handles: (operation) => operation === 'CREATE',
  admit(attrs, ctx) {
    if (ignored(attrs) || attrs.operation !== 'CREATE') return undefined;
    const pod = attrs.object!;
    // mirror pods are left alone (the kubelet would delete a changed one); validate checks them
    if (isMirrorPod(pod)) return serviceAccountValidating.validate(attrs, ctx);
    const spec = (pod.spec ??= {}) as PodSpec;
    if (!spec.serviceAccountName) spec.serviceAccountName = defaultServiceAccountName;
    const sa = lookup(attrs, ctx, spec.serviceAccountName);
    if (typeof sa === 'string') return admissionForbidden(attrs, sa);
    // shouldAutomount: the pod's preference, then the service account's, default true
    const automount =
      spec.automountServiceAccountToken ??
      (sa.automountServiceAccountToken as boolean | undefined) ??
      true;
    if (automount) mountToken(spec, ctx.random);
    if (!spec.imagePullSecrets?.length) {
      const pullSecrets = (sa.imagePullSecrets as { name: string }[] | undefined) ?? [];
      spec.imagePullSecrets = pullSecrets.map((s) => ({ name: s.name }));
      if (spec.imagePullSecrets.length === 0) delete spec.imagePullSecrets;
    }
    return serviceAccountValidating.validate(attrs, ctx);
  },
};

/** ServiceAccount's validating half: mirror pods reference nothing, other pods an existing SA. */
export const serviceAccountValidating: ValidatingPlugin = {
  name: 'ServiceAccount',
  handles: (operation) => operation === 'CREATE',
  validate(attrs, ctx) {
    if (ignored(attrs) || attrs.operation !== 'CREATE') return undefined;
    const pod = attrs.object!;
    const spec = (pod.spec ?? {}) as PodSpec;
    if (isMirrorPod(pod)) {
      if (spec.serviceAccountName)
        return admissionForbidden(attrs, 'a mirror pod may not reference service accounts');
      if ((spec.volumes ?? []).some((v) => 'secret' in v)) {
        return admissionForbidden(attrs, 'a mirror pod may not reference secrets');
      }
      return undefined;
    }
    if (!spec.serviceAccountName) {
      return admissionForbidden(
        attrs,
        `no service account specified for pod ${attrs.namespace}/${pod.metadata.name ?? ''}`,
      );
    }
    const sa = lookup(attrs, ctx, spec.serviceAccountName);
    return typeof sa === 'string' ? admissionForbidden(attrs, sa) : undefined;
  },
};
