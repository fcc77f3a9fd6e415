import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../../../../src/engine/api/types';
import type { AuthorizationAttributes } from '../../../../src/engine/apiserver/auth/attributes';
import { forbiddenStatusMessage } from '../../../../src/engine/apiserver/auth/attributes';
import { authorize } from '../../../../src/engine/apiserver/auth/authorize';
import {
  clusterIdentities,
  nodeUser,
  serviceAccountUser,
} from '../../../../src/engine/apiserver/auth/identities';
import { defaultRbacObjects } from '../../../../src/engine/apiserver/auth/kubeadm-policy';
import { fakeReader } from './fake-reader';

const ids = clusterIdentities({ nodes: ['worker-1', 'worker-2'] });
const who = (name: string): UserInfo => ids.byName.get(name)!;
const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

const reader = fakeReader([
  ...defaultRbacObjects(),
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'jane-view', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }],
      containers: [{ name: 'web', image: 'nginx' }],
    },
  },
]);

const res = (
  user: UserInfo,
  verb: string,
  resource: string,
  extra: Partial<AuthorizationAttributes> = {},
): AuthorizationAttributes => ({
  user,
  verb,
  resourceRequest: true,
  apiGroup: '',
  resource,
  ...extra,
});

describe('authorize (Node,RBAC over the default policy)', () => {
  const cases: { name: string; attrs: AuthorizationAttributes; allowed: boolean }[] = [
    {
      name: 'kubernetes-admin may delete deployments through kubeadm:cluster-admins',
      attrs: res(who('kubernetes-admin'), 'delete', 'deployments', {
        apiGroup: 'apps',
        namespace: 'default',
        name: 'web',
      }),
      allowed: true,
    },
    {
      name: 'kubernetes-admin may get any non-resource path',
      attrs: {
        user: who('kubernetes-admin'),
        verb: 'get',
        resourceRequest: false,
        path: '/metrics',
      },
      allowed: true,
    },
    {
      name: 'the scheduler may create pods/binding',
      attrs: res(who('system:kube-scheduler'), 'create', 'pods', {
        subresource: 'binding',
        namespace: 'default',
        name: 'web',
      }),
      allowed: true,
    },
    {
      name: 'the scheduler may not create pods',
      attrs: res(who('system:kube-scheduler'), 'create', 'pods', { namespace: 'default' }),
      allowed: false,
    },
    {
      name: 'the scheduler may not delete deployments',
      attrs: res(who('system:kube-scheduler'), 'delete', 'deployments', {
        apiGroup: 'apps',
        namespace: 'default',
        name: 'web',
      }),
      allowed: false,
    },
    {
      name: 'the scheduler may renew its own leader Lease but not another',
      attrs: res(who('system:kube-scheduler'), 'update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-system',
        name: 'kube-scheduler',
      }),
      allowed: true,
    },
    {
      name: 'resourceNames restrict the scheduler to the kube-scheduler Lease',
      attrs: res(who('system:kube-scheduler'), 'update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-system',
        name: 'kube-controller-manager',
      }),
      allowed: false,
    },
    {
      name: 'the replicaset controller may create pods as its service account',
      attrs: res(serviceAccountUser('kube-system', 'replicaset-controller'), 'create', 'pods', {
        namespace: 'default',
      }),
      allowed: true,
    },
    {
      name: 'the garbage collector may delete anything but not create',
      attrs: res(serviceAccountUser('kube-system', 'generic-garbage-collector'), 'create', 'pods', {
        namespace: 'default',
      }),
      allowed: false,
    },
    {
      name: 'a node may update its own Node status',
      attrs: res(nodeUser('worker-1'), 'update', 'nodes', {
        subresource: 'status',
        name: 'worker-1',
      }),
      allowed: true,
    },
    {
      name: 'a node may get its own Node',
      attrs: res(nodeUser('worker-1'), 'get', 'nodes', { name: 'worker-1' }),
      allowed: true,
    },
    {
      name: 'a node may not get another Node',
      attrs: res(nodeUser('worker-1'), 'get', 'nodes', { name: 'worker-2' }),
      allowed: false,
    },
    {
      name: 'a node may renew its own Lease in kube-node-lease',
      attrs: res(nodeUser('worker-1'), 'update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-node-lease',
        name: 'worker-1',
      }),
      allowed: true,
    },
    {
      name: 'a node may not renew another node’s Lease',
      attrs: res(nodeUser('worker-1'), 'update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-node-lease',
        name: 'worker-2',
      }),
      allowed: false,
    },
    {
      name: 'a node may read a ConfigMap a pod bound to it mounts',
      attrs: res(nodeUser('worker-1'), 'get', 'configmaps', {
        namespace: 'default',
        name: 'web-config',
      }),
      allowed: true,
    },
    {
      name: 'a node may not read that ConfigMap when the pod runs elsewhere',
      attrs: res(nodeUser('worker-2'), 'get', 'configmaps', {
        namespace: 'default',
        name: 'web-config',
      }),
      allowed: false,
    },
    {
      name: 'a node may watch pods selected by its own spec.nodeName',
      attrs: res(nodeUser('worker-2'), 'watch', 'pods', {
        fieldSelector: 'spec.nodeName=worker-2',
      }),
      allowed: true,
    },
    {
      name: 'a node may update the status of pods',
      attrs: res(nodeUser('worker-1'), 'update', 'pods', {
        subresource: 'status',
        namespace: 'default',
        name: 'web',
      }),
      allowed: true,
    },
    {
      name: 'a node may create events through the static node rules',
      attrs: res(nodeUser('worker-1'), 'create', 'events', { namespace: 'default' }),
      allowed: true,
    },
    {
      name: 'view lets a user read pods in the bound namespace',
      attrs: res(jane, 'list', 'pods', { namespace: 'default' }),
      allowed: true,
    },
    {
      name: 'view does not let a user create pods',
      attrs: res(jane, 'create', 'pods', { namespace: 'default' }),
      allowed: false,
    },
    {
      name: 'view does not reach other namespaces',
      attrs: res(jane, 'list', 'pods', { namespace: 'kube-system' }),
      allowed: false,
    },
    {
      name: 'a service account without bindings may not list pods',
      attrs: res(serviceAccountUser('default', 'default'), 'list', 'pods', {
        namespace: 'default',
      }),
      allowed: false,
    },
    {
      name: 'every authenticated user may discover the API',
      attrs: { user: jane, verb: 'get', resourceRequest: false, path: '/apis/apps/v1' },
      allowed: true,
    },
    {
      name: 'an anonymous user may read /version only',
      attrs: {
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        verb: 'get',
        resourceRequest: false,
        path: '/version',
      },
      allowed: true,
    },
    {
      name: 'an anonymous user may not discover the API',
      attrs: {
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        verb: 'get',
        resourceRequest: false,
        path: '/api',
      },
      allowed: false,
    },
    {
      name: 'kube-proxy may watch EndpointSlices as its kubeadm service account',
      attrs: res(serviceAccountUser('kube-system', 'kube-proxy'), 'watch', 'endpointslices', {
        apiGroup: 'discovery.k8s.io',
      }),
      allowed: true,
    },
    {
      name: 'CoreDNS may list services through system:coredns',
      attrs: res(serviceAccountUser('kube-system', 'coredns'), 'list', 'services'),
      allowed: true,
    },
  ];

  it.each(cases)('$name', ({ attrs, allowed }) => {
    expect(authorize(attrs, reader).decision).toBe(allowed ? 'Allow' : 'NoOpinion');
  });

  it('lets system:masters do anything even with no policy stored', () => {
    const attrs = res(who('kubernetes-super-admin'), 'escalate', 'clusterroles', {
      apiGroup: 'rbac.authorization.k8s.io',
    });
    expect(authorize(attrs, fakeReader()).decision).toBe('Allow');
  });

  it('names the binding that allowed a request', () => {
    const attrs = res(who('system:kube-scheduler'), 'create', 'pods', {
      subresource: 'binding',
      namespace: 'default',
      name: 'web',
    });
    expect(authorize(attrs, reader).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    );
  });

  it('reports a binding to a missing role in the denial reason', () => {
    const broken = fakeReader([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'dangling', namespace: 'default' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gone' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      },
    ]);
    const attrs = res(jane, 'get', 'pods', { namespace: 'default', name: 'web' });
    const decision = authorize(attrs, broken);
    expect(decision).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
    expect(forbiddenStatusMessage(attrs, decision.reason)).toBe(
      'pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('gives the Node authorizer reason for a node reading another Node', () => {
    const attrs = res(nodeUser('worker-1'), 'get', 'nodes', { name: 'worker-2' });
    expect(forbiddenStatusMessage(attrs, authorize(attrs, reader).reason)).toBe(
      `nodes "worker-2" is forbidden: User "system:node:worker-1" cannot get resource "nodes" in API group "" at the cluster scope: node 'worker-1' cannot read 'worker-2', only its own Node object`,
    );
  });

  it('evaluates a user-created aggregated ClusterRole together with the roles it selects', () => {
    const agg = fakeReader([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'monitoring' },
        aggregationRule: {
          clusterRoleSelectors: [
            { matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } },
          ],
        },
        rules: [],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {
          name: 'monitoring-endpoints',
          labels: { 'example.com/aggregate-to-monitoring': 'true' },
        },
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['endpoints'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'jane-monitoring' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      },
    ]);
    expect(
      authorize(res(jane, 'get', 'endpoints', { namespace: 'default', name: 'x' }), agg).decision,
    ).toBe('Allow');
  });
});
