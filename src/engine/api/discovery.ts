// Discovery documents, shaped as kube-apiserver v1.32 serves them: /version, /api, /api/v1,
// /apis, /apis/<group>, /apis/<group>/<version>, and the aggregated (apidiscovery.k8s.io/v2)
// form kubectl and client-go ask for first.
import { allResources, groupVersionString } from './resources';
import type { ResourceInfo } from './types';

/** The /version body of a v1.32.0 release build. */
export function versionInfo(): Record<string, string> {
  // values of the official v1.32.0 kube-apiserver binary
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0',
    gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T17:59:15Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** The /api body (APIVersions); `serverAddress` is the apiserver's host:port. */
export function apiVersions(serverAddress = '10.0.0.1:6443'): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

// Named groups in the apiserver's priority order (controlplane/apiserver group priorities).
const GROUP_ORDER = [
  'apps',
  'events.k8s.io',
  'authorization.k8s.io',
  'batch',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
];

function groupVersionsOf(group: string): string[] {
  const versions = new Set(
    allResources()
      .filter((r) => r.group === group)
      .map((r) => r.version),
  );
  return [...versions];
}

/** The names of the served named groups (not the core group), in priority order. */
export function servedGroups(): string[] {
  const groups = new Set(
    allResources()
      .map((r) => r.group)
      .filter((g) => g !== ''),
  );
  const known = GROUP_ORDER.filter((g) => groups.has(g));
  return [...known, ...[...groups].filter((g) => !GROUP_ORDER.includes(g)).sort()];
}

/** One APIGroup as listed under /apis, or undefined for a group that is not served. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  const versions = groupVersionsOf(group);
  if (group === '' || versions.length === 0) return undefined;
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: list, preferredVersion: list[0] };
}

/** The /apis body (APIGroupList). */
export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: servedGroups().map((g) => apiGroup(g)) };
}

/** The /apis/<group> body (APIGroup), or undefined if the group is not served. */
export function apiGroupDocument(group: string): Record<string, unknown> | undefined {
  const g = apiGroup(group);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

/** What a subresource answers with, when that differs from its parent. */
interface SubresourceSpec {
  group?: string;
  version?: string;
  kind?: string;
  verbs: string[];
}

const GET_PATCH_UPDATE = ['get', 'patch', 'update'];
const CONNECT = ['create', 'get'];
const PROXY = ['create', 'delete', 'get', 'patch', 'update'];

// Per subresource: the kind and verbs real discovery lists for it.
function subresourceSpec(parent: ResourceInfo, sub: string): SubresourceSpec {
  switch (sub) {
    case 'status':
    case 'ephemeralcontainers':
      return { verbs: GET_PATCH_UPDATE };
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: GET_PATCH_UPDATE };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'log':
      return { verbs: ['get'] };
    case 'exec':
      return { kind: 'PodExecOptions', verbs: CONNECT };
    case 'attach':
      return { kind: 'PodAttachOptions', verbs: CONNECT };
    case 'portforward':
      return { kind: 'PodPortForwardOptions', verbs: CONNECT };
    case 'proxy':
      return { kind: `${parent.kind}ProxyOptions`, verbs: PROXY };
    case 'finalize':
      return { verbs: ['update'] };
    case 'token':
      return {
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      };
    default:
      return { verbs: GET_PATCH_UPDATE };
  }
}

function apiResource(r: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) out.shortNames = r.shortNames;
  if (r.categories) out.categories = r.categories;
  return out;
}

function apiSubresource(r: ResourceInfo, sub: string): Record<string, unknown> {
  const spec = subresourceSpec(r, sub);
  const out: Record<string, unknown> = {
    name: `${r.resource}/${sub}`,
    singularName: '',
    namespaced: r.namespaced,
  };
  if (spec.group !== undefined) {
    out.group = spec.group;
    out.version = spec.version;
  }
  out.kind = spec.kind ?? r.kind;
  out.verbs = spec.verbs;
  return out;
}

/**
 * The /api/v1 or /apis/<group>/<version> body (APIResourceList): resources sorted by name, each
 * followed by its subresources (`pods/status`, `deployments/scale`, ...). Undefined if the
 * group/version is not served.
 */
export function apiResourceList(
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const resources = allResources()
    .filter((r) => r.group === group && r.version === version)
    .sort((a, b) => (a.resource < b.resource ? -1 : 1));
  if (resources.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of resources) {
    list.push(apiResource(r));
    for (const sub of [...r.subresources].sort()) list.push(apiSubresource(r, sub));
  }
  const groupVersion = groupVersionString(group, version);
  // the legacy /api/v1 list carries no apiVersion; group lists do
  return group === ''
    ? { kind: 'APIResourceList', groupVersion, resources: list }
    : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: list };
}

/** The media type a client asks for to get aggregated discovery. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discoveryResource(r: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) out.shortNames = r.shortNames;
  if (r.categories) out.categories = r.categories;
  if (r.subresources.length > 0) {
    out.subresources = [...r.subresources].sort().map((sub) => {
      const spec = subresourceSpec(r, sub);
      return {
        subresource: sub,
        responseKind: {
          group: spec.group ?? '',
          version: spec.version ?? '',
          kind: spec.kind ?? r.kind,
        },
        verbs: spec.verbs,
      };
    });
  }
  return out;
}

function discoveryGroup(group: string): Record<string, unknown> {
  const metadata =
    group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null };
  const versions = (group === '' ? ['v1'] : groupVersionsOf(group)).map((version) => ({
    version,
    resources: allResources()
      .filter((r) => r.group === group && r.version === version)
      .sort((a, b) => (a.resource < b.resource ? -1 : 1))
      .map(discoveryResource),
    freshness: 'Current',
  }));
  return { metadata, versions };
}

/**
 * Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) for `/api` (the core group)
 * or `/apis` (all named groups), answered when the Accept header asks for
 * AGGREGATED_DISCOVERY_CONTENT_TYPE.
 */
export function aggregatedDiscovery(root: '/api' | '/apis'): Record<string, unknown> {
  const groups = root === '/api' ? [''] : servedGroups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(discoveryGroup),
  };
}
