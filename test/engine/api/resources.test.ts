import {
  allResources,
  etcdKey,
  findResource,
  resolveResourceName,
  resourceForKind,
} from '../../../src/engine/api/resources';

describe('resolving resource names as kubectl does', () => {
  it.each([
    // short names
    ['po', '', 'pods'],
    ['svc', '', 'services'],
    ['deploy', 'apps', 'deployments'],
    ['rs', 'apps', 'replicasets'],
    ['ns', '', 'namespaces'],
    ['no', '', 'nodes'],
    ['cm', '', 'configmaps'],
    ['ep', '', 'endpoints'],
    ['ev', '', 'events'],
    ['sa', '', 'serviceaccounts'],
    ['limits', '', 'limitranges'],
    ['quota', '', 'resourcequotas'],
    ['ds', 'apps', 'daemonsets'],
    ['sts', 'apps', 'statefulsets'],
    ['pc', 'scheduling.k8s.io', 'priorityclasses'],
    ['pdb', 'policy', 'poddisruptionbudgets'],
    // plural, singular, kind
    ['pods', '', 'pods'],
    ['pod', '', 'pods'],
    ['Pod', '', 'pods'],
    ['DEPLOYMENT', 'apps', 'deployments'],
    ['endpointslice', 'discovery.k8s.io', 'endpointslices'],
    ['lease', 'coordination.k8s.io', 'leases'],
    ['job', 'batch', 'jobs'],
    ['clusterrolebinding', 'rbac.authorization.k8s.io', 'clusterrolebindings'],
    ['controllerrevisions', 'apps', 'controllerrevisions'],
    ['binding', '', 'bindings'],
    // qualified by group, or by version and group
    ['deployments.apps', 'apps', 'deployments'],
    ['deployment.apps', 'apps', 'deployments'],
    ['deploy.apps', 'apps', 'deployments'],
    ['deployments.v1.apps', 'apps', 'deployments'],
    ['events.events.k8s.io', 'events.k8s.io', 'events'],
    ['roles.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', 'roles'],
  ])('%s resolves to %s/%s', (name, group, resource) => {
    const r = resolveResourceName(name);
    expect(r?.group).toBe(group);
    expect(r?.resource).toBe(resource);
  });

  it.each(['pod.apps', 'deployments.batch', 'nope', 'deployments.v2.apps'])(
    'does not resolve %s',
    (name) => {
      expect(resolveResourceName(name)).toBeUndefined();
    },
  );
});

describe('the registry', () => {
  it('stores objects under the real etcd prefixes', () => {
    const prefix = (g: string, r: string) => findResource(g, r)?.etcdPrefix;
    expect(prefix('', 'nodes')).toBe('/registry/minions');
    expect(prefix('', 'services')).toBe('/registry/services/specs');
    expect(prefix('', 'endpoints')).toBe('/registry/services/endpoints');
    expect(prefix('', 'pods')).toBe('/registry/pods');
    expect(prefix('apps', 'deployments')).toBe('/registry/deployments');
    expect(prefix('', 'events')).toBe('/registry/events');
    expect(prefix('events.k8s.io', 'events')).toBe('/registry/events');
    expect(prefix('coordination.k8s.io', 'leases')).toBe('/registry/leases');
    expect(prefix('discovery.k8s.io', 'endpointslices')).toBe('/registry/endpointslices');
    expect(prefix('rbac.authorization.k8s.io', 'clusterroles')).toBe('/registry/clusterroles');
    expect(prefix('scheduling.k8s.io', 'priorityclasses')).toBe('/registry/priorityclasses');
  });

  it('builds object keys for namespaced and cluster-scoped resources', () => {
    expect(etcdKey(findResource('', 'pods')!, 'default', 'nginx')).toBe(
      '/registry/pods/default/nginx',
    );
    expect(etcdKey(findResource('', 'nodes')!, undefined, 'worker-1')).toBe(
      '/registry/minions/worker-1',
    );
    expect(etcdKey(findResource('', 'nodes')!, 'default', 'worker-1')).toBe(
      '/registry/minions/worker-1',
    );
    expect(etcdKey(findResource('', 'pods')!, 'default')).toBe('/registry/pods/default/');
    expect(etcdKey(findResource('', 'pods')!, undefined)).toBe('/registry/pods/');
  });

  it('finds resources by group and plural, and by subresource', () => {
    expect(findResource('apps', 'deployments')?.kind).toBe('Deployment');
    expect(findResource('apps', 'deployments/scale')?.kind).toBe('Deployment');
    expect(findResource('', 'pods/binding')?.kind).toBe('Pod');
    expect(findResource('', 'pods/scale')).toBeUndefined();
    expect(findResource('', 'deployments')).toBeUndefined();
  });

  it('maps apiVersion and kind to the resource', () => {
    expect(resourceForKind('v1', 'Pod')?.resource).toBe('pods');
    expect(resourceForKind('apps/v1', 'Deployment')?.resource).toBe('deployments');
    expect(resourceForKind('events.k8s.io/v1', 'Event')?.group).toBe('events.k8s.io');
    expect(resourceForKind('v1', 'Event')?.group).toBe('');
    expect(resourceForKind('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(resourceForKind('v1', 'Deployment')).toBeUndefined();
  });

  it('puts workloads and services in the all category, and nothing else', () => {
    const all = allResources()
      .filter((r) => r.categories?.includes('all'))
      .map((r) => r.resource)
      .sort();
    expect(all).toEqual([
      'daemonsets',
      'deployments',
      'jobs',
      'pods',
      'replicasets',
      'services',
      'statefulsets',
    ]);
  });

  it('marks cluster-scoped resources', () => {
    const cluster = allResources()
      .filter((r) => !r.namespaced)
      .map((r) => r.resource)
      .sort();
    expect(cluster).toEqual([
      'clusterrolebindings',
      'clusterroles',
      'namespaces',
      'nodes',
      'priorityclasses',
      // authorization.k8s.io: only LocalSubjectAccessReview is namespaced
      'selfsubjectaccessreviews',
      'selfsubjectrulesreviews',
      'subjectaccessreviews',
    ]);
  });

  it('serves the real subresources', () => {
    expect(findResource('', 'pods')?.subresources).toEqual(
      expect.arrayContaining(['status', 'binding', 'eviction', 'log']),
    );
    expect(findResource('apps', 'statefulsets')?.subresources).toEqual(['scale', 'status']);
    expect(findResource('', 'namespaces')?.subresources).toEqual(['finalize', 'status']);
    expect(findResource('', 'namespaces')?.verbs).not.toContain('deletecollection');
    expect(findResource('', 'bindings')?.verbs).toEqual(['create']);
  });
});
