import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from '../../../src/engine/api/discovery';

type Res = { name: string; kind: string; verbs: string[]; [k: string]: unknown };
const resources = (group: string, version: string): Res[] =>
  (apiResourceList(group, version)?.resources as Res[]) ?? [];

describe('discovery documents', () => {
  it('reports a v1.32 linux/amd64 server on /version', () => {
    expect(versionInfo()).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0',
      platform: 'linux/amd64',
      compiler: 'gc',
      goVersion: 'go1.23.3',
    });
  });

  it('lists the legacy v1 version on /api', () => {
    expect(apiVersions('192.168.0.10:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '192.168.0.10:6443' }],
    });
  });

  it('lists named groups with their preferred version on /apis', () => {
    const list = apiGroupList() as { kind: string; apiVersion: string; groups: { name: string }[] };
    expect(list.kind).toBe('APIGroupList');
    expect(list.apiVersion).toBe('v1');
    expect(list.groups.map((g) => g.name)).toEqual([
      'apps',
      'events.k8s.io',
      'authorization.k8s.io',
      'batch',
      'policy',
      'rbac.authorization.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
    ]);
    expect(list.groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(apiGroupDocument('batch')).toMatchObject({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'batch',
    });
    expect(apiGroupDocument('nope')).toBeUndefined();
  });

  it('describes core resources and their subresources on /api/v1', () => {
    const list = apiResourceList('', 'v1')!;
    expect(list.kind).toBe('APIResourceList');
    expect(list.groupVersion).toBe('v1');
    expect(list).not.toHaveProperty('apiVersion');
    const byName = new Map(resources('', 'v1').map((r) => [r.name, r]));
    expect(byName.get('pods')).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(byName.get('pods/status')).toEqual({
      name: 'pods/status',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get', 'patch', 'update'],
    });
    expect(byName.get('pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/eviction')).toMatchObject({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(byName.get('namespaces/finalize')).toMatchObject({
      kind: 'Namespace',
      verbs: ['update'],
    });
  });

  it('sorts resources by name with subresources after their parent', () => {
    const names = resources('', 'v1').map((r) => r.name);
    expect(names.slice(0, 4)).toEqual(['bindings', 'configmaps', 'endpoints', 'events']);
    const pods = names.indexOf('pods');
    expect(names.slice(pods, pods + 3)).toEqual(['pods', 'pods/attach', 'pods/binding']);
  });

  it('describes scale subresources as autoscaling/v1 Scale', () => {
    const list = apiResourceList('apps', 'v1')!;
    expect(list).toMatchObject({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apps/v1',
    });
    const scale = resources('apps', 'v1').find((r) => r.name === 'deployments/scale');
    expect(scale).toEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect(apiResourceList('apps', 'v2')).toBeUndefined();
  });

  it('offers aggregated discovery for /api and /apis', () => {
    const core = aggregatedDiscovery('/api') as {
      items: {
        metadata: object;
        versions: {
          version: string;
          resources: {
            resource: string;
            scope: string;
            subresources?: { subresource: string; responseKind: object }[];
          }[];
        }[];
      }[];
    };
    expect(core.items).toHaveLength(1);
    expect(core.items[0].metadata).toEqual({ creationTimestamp: null });
    const pods = core.items[0].versions[0].resources.find((r) => r.resource === 'pods')!;
    expect(pods.scope).toBe('Namespaced');
    expect(pods.subresources?.find((s) => s.subresource === 'eviction')?.responseKind).toEqual({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    const groups = aggregatedDiscovery('/apis') as {
      kind: string;
      apiVersion: string;
      items: { metadata: { name: string } }[];
    };
    expect(groups.kind).toBe('APIGroupDiscoveryList');
    expect(groups.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(groups.items[0].metadata.name).toBe('apps');
  });
});
