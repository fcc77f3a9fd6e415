// The resource registry: every API resource the simulated apiserver serves, with the names,
// verbs, categories and subresources real discovery reports (kubectl api-resources -o wide on
// v1.32) and the etcd key prefix the real apiserver stores it under.
import type { ResourceInfo } from './types';

// The verbs of a fully featured REST storage (generic registry Store).
const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
// namespaces REST storage has no DeleteCollection
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  group?: string;
  version?: string;
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  verbs?: string[];
  categories?: string[];
  subresources?: string[];
  /** the prefix under /registry; defaults to the resource name */
  prefix?: string;
}

function info(s: Spec): ResourceInfo {
  const out: ResourceInfo = {
    group: s.group ?? '',
    version: s.version ?? 'v1',
    resource: s.resource,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    verbs: s.verbs ?? ALL_VERBS,
    subresources: s.subresources ?? [],
    etcdPrefix: `/registry/${s.prefix ?? s.resource}`,
  };
  if (s.categories) out.categories = s.categories;
  return out;
}

function review(resource: string, kind: string, namespaced: boolean): ResourceInfo {
  return info({ group: 'authorization.k8s.io', resource, kind, namespaced, verbs: ['create'] });
}

const ALL = ['all'];

// Order matters for name resolution: the core group comes first, as in kubectl's group priority
// (so `events`/`ev` resolve to core/v1 Event, not events.k8s.io).
const RESOURCES: readonly ResourceInfo[] = [
  // core/v1; special etcd prefixes from apiserver pkg/server/storage SpecialDefaultResourcePrefixes
  // bindings are never stored: creating one sets pods' spec.nodeName (pkg/registry/core/pod/storage)
  info({ resource: 'bindings', kind: 'Binding', verbs: ['create'], prefix: 'pods' }),
  info({ resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
  info({
    resource: 'endpoints',
    kind: 'Endpoints',
    shortNames: ['ep'],
    prefix: 'services/endpoints',
  }),
  info({ resource: 'events', kind: 'Event', shortNames: ['ev'] }),
  info({ resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] }),
  info({
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: NO_COLLECTION_DELETE,
    subresources: ['finalize', 'status'],
  }),
  info({
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['proxy', 'status'],
    prefix: 'minions',
  }),
  info({
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ALL,
    subresources: [
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'status',
    ],
  }),
  info({
    resource: 'resourcequotas',
    kind: 'ResourceQuota',
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  info({ resource: 'secrets', kind: 'Secret' }),
  info({
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    shortNames: ['sa'],
    subresources: ['token'],
  }),
  info({
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ALL,
    subresources: ['proxy', 'status'],
    prefix: 'services/specs',
  }),
  // apps/v1
  info({ group: 'apps', resource: 'controllerrevisions', kind: 'ControllerRevision' }),
  info({
    group: 'apps',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    shortNames: ['ds'],
    categories: ALL,
    subresources: ['status'],
  }),
  info({
    group: 'apps',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ALL,
    subresources: ['scale', 'status'],
  }),
  info({
    group: 'apps',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ALL,
    subresources: ['scale', 'status'],
  }),
  info({
    group: 'apps',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    shortNames: ['sts'],
    categories: ALL,
    subresources: ['scale', 'status'],
  }),
  // authorization.k8s.io/v1 reviews: create-only, never stored; the apiserver answers them
  // from its authorizer (pkg/registry/authorization/*/rest.go)
  review('localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
  review('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false),
  review('selfsubjectrulesreviews', 'SelfSubjectRulesReview', false),
  review('subjectaccessreviews', 'SubjectAccessReview', false),
  // batch/v1 (jobs have no short name)
  info({
    group: 'batch',
    resource: 'jobs',
    kind: 'Job',
    categories: ALL,
    subresources: ['status'],
  }),
  info({ group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease' }),
  info({ group: 'discovery.k8s.io', resource: 'endpointslices', kind: 'EndpointSlice' }),
  // events.k8s.io/v1 Event shares storage with core/v1 Event
  info({ group: 'events.k8s.io', resource: 'events', kind: 'Event', shortNames: ['ev'] }),
  info({
    group: 'policy',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  info({
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  }),
  info({
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  }),
  info({ group: 'rbac.authorization.k8s.io', resource: 'rolebindings', kind: 'RoleBinding' }),
  info({ group: 'rbac.authorization.k8s.io', resource: 'roles', kind: 'Role' }),
  info({
    group: 'scheduling.k8s.io',
    resource: 'priorityclasses',
    kind: 'PriorityClass',
    namespaced: false,
    shortNames: ['pc'],
  }),
];

/** Every registered resource, core group first. */
export function allResources(): readonly ResourceInfo[] {
  return RESOURCES;
}

/** `v1` for core, `apps/v1` otherwise. */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The apiVersion objects of this resource carry: `v1`, `apps/v1`. */
export function apiVersionOf(info: ResourceInfo): string {
  return groupVersionString(info.group, info.version);
}

/** Splits an apiVersion: `apps/v1` → { group: 'apps', version: 'v1' }, `v1` → core. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * The resource with this exact group and plural name, e.g. `findResource('apps', 'deployments')`.
 * A `resource/subresource` name finds the parent if it serves that subresource.
 */
export function findResource(group: string, resource: string): ResourceInfo | undefined {
  const slash = resource.indexOf('/');
  const plural = slash < 0 ? resource : resource.slice(0, slash);
  const found = RESOURCES_BY_GROUP.get(group)?.get(plural);
  if (found && slash >= 0) {
    const sub = resource.slice(slash + 1, resource.indexOf('/', slash + 1) >>> 0);
    if (!found.subresources.includes(sub)) return undefined;
  }
  return found;
}

// group → plural → resource, the first of each in RESOURCES: every request looks one up
const RESOURCES_BY_GROUP = new Map<string, Map<string, ResourceInfo>>();
for (const r of RESOURCES) {
  let byName = RESOURCES_BY_GROUP.get(r.group);
  if (!byName) RESOURCES_BY_GROUP.set(r.group, (byName = new Map()));
  if (!byName.has(r.resource)) byName.set(r.resource, r);
}

/** The resource that stores objects of this apiVersion and kind: `('apps/v1', 'Deployment')`. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return RESOURCES.find((r) => r.group === group && r.version === version && r.kind === kind);
}

/**
 * Resolves a resource name as kubectl accepts it: plural (`pods`), singular (`pod`), short name
 * (`po`), kind in any case (`Pod`), with an optional group (`deployments.apps`, `deploy.apps`)
 * or version and group (`deployments.v1.apps`).
 */
export function resolveResourceName(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  const matches = (r: ResourceInfo, res: string): boolean =>
    r.resource === res || r.singular === res || r.shortNames.includes(res);
  const direct = RESOURCES.find((r) => matches(r, lower));
  if (direct) return direct;
  // kubectl ParseResourceArg: resource.version.group, then resource.group
  const dot = lower.indexOf('.');
  if (dot < 0) return undefined;
  const res = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const second = rest.indexOf('.');
  if (second > 0) {
    const version = rest.slice(0, second);
    const group = rest.slice(second + 1);
    const withVersion = RESOURCES.find(
      (r) => r.version === version && r.group === group && matches(r, res),
    );
    if (withVersion) return withVersion;
  }
  return RESOURCES.find((r) => r.group === rest && matches(r, res));
}

/**
 * The etcd key of one object: `/registry/pods/default/nginx`, `/registry/minions/worker-1`.
 * Without a name, the prefix of a namespace (or of the whole resource) with a trailing slash,
 * as the apiserver lists it.
 */
export function etcdKey(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  let key = info.etcdPrefix + '/';
  if (info.namespaced && namespace) key += namespace + '/';
  if (name !== undefined) key += name;
  return key;
}
