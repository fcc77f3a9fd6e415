// Builders for default policy objects, in the shape bootstrappolicy and kubeadm create them.
import type { KubeObject } from '../../api/types';
import type { PolicyRule, Subject } from './policy-rule';
import { rbacGroup } from './policy-rule';

const sorted = (values: readonly string[]): string[] => [...values].sort();

/** A resource rule; like rbacv1helpers.NewRule(...).RuleOrDie() every list comes out sorted. */
export function rule(
  verbs: readonly string[],
  apiGroups: readonly string[],
  resources: readonly string[],
  resourceNames?: readonly string[],
): PolicyRule {
  const built: PolicyRule = {
    verbs: sorted(verbs),
    apiGroups: sorted(apiGroups),
    resources: sorted(resources),
  };
  if (resourceNames) built.resourceNames = sorted(resourceNames);
  return built;
}

/** A non-resource rule over URL paths. */
export function urlRule(verbs: readonly string[], urls: readonly string[]): PolicyRule {
  return { verbs: sorted(verbs), nonResourceURLs: sorted(urls) };
}

export const read = ['get', 'list', 'watch'];
export const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const readWrite = [...read, ...write];
export const readUpdate = ['get', 'list', 'watch', 'update', 'patch'];

// bootstrappolicy/controller_policy.go eventsRule: both event API groups
export const eventsRule = (): PolicyRule =>
  rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

// bootstrappolicy/policy.go: Label and Annotation added to every default object
export const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
export const bootstrapAnnotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

export interface MetaOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  namespace?: string;
}

function meta(name: string, options: MetaOptions): KubeObject['metadata'] {
  const metadata: KubeObject['metadata'] = { name };
  if (options.namespace) metadata.namespace = options.namespace;
  if (options.labels) metadata.labels = { ...options.labels };
  if (options.annotations) metadata.annotations = { ...options.annotations };
  return metadata;
}

/** A ClusterRole (or, with a namespace, a Role) object. */
export function roleObject(
  name: string,
  rules: PolicyRule[],
  options: MetaOptions & { aggregateLabels?: string[] } = {},
): KubeObject {
  const obj: KubeObject = {
    apiVersion: `${rbacGroup}/v1`,
    kind: options.namespace ? 'Role' : 'ClusterRole',
    metadata: meta(name, options),
    rules,
  };
  if (options.aggregateLabels) {
    obj.aggregationRule = {
      clusterRoleSelectors: options.aggregateLabels.map((label) => ({
        matchLabels: { [label]: 'true' },
      })),
    };
  }
  return obj;
}

/** A ClusterRoleBinding (or, with a namespace, a RoleBinding) to a ClusterRole or Role. */
export function bindingObject(
  name: string,
  roleName: string,
  subjects: Subject[],
  options: MetaOptions & { roleKind?: 'ClusterRole' | 'Role' } = {},
): KubeObject {
  const obj: KubeObject = {
    apiVersion: `${rbacGroup}/v1`,
    kind: options.namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: meta(name, options),
    roleRef: { apiGroup: rbacGroup, kind: options.roleKind ?? 'ClusterRole', name: roleName },
  };
  if (subjects.length > 0) obj.subjects = subjects;
  return obj;
}

export const groupSubject = (name: string): Subject => ({
  kind: 'Group',
  apiGroup: rbacGroup,
  name,
});
export const userSubject = (name: string): Subject => ({ kind: 'User', apiGroup: rbacGroup, name });
export const serviceAccountSubject = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});
