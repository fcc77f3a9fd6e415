import { describe, expect, it } from 'vitest';
import type { KubeObject, UserInfo } from '../../../../src/engine/api/types';
import { authorize } from '../../../../src/engine/apiserver/auth/authorize';
import {
  compactString,
  rbacWriteForbidden,
} from '../../../../src/engine/apiserver/auth/escalation';
import { defaultRbacObjects } from '../../../../src/engine/apiserver/auth/kubeadm-policy';
import { fakeReader } from './fake-reader';

const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };
const admin: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};
const rb = (name: string, role: string, kind = 'ClusterRole'): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace: 'team-a' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
  subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
});
const reader = fakeReader([...defaultRbacObjects(), rb('jane-admin', 'admin')]);
const authz = (attrs: Parameters<typeof authorize>[0]) => authorize(attrs, reader);

const role = (name: string, rules: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name, namespace: 'team-a' },
  rules,
});

describe('RBAC escalation prevention', () => {
  it('lets a namespace admin create a Role within their own permissions', () => {
    const r = role('pod-reader', [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(
      rbacWriteForbidden({ user: jane, resource: 'roles', object: r }, reader, authz),
    ).toBeUndefined();
  });

  it('forbids granting permissions the user does not hold, listing them compactly', () => {
    const r = role('node-admin', [
      { verbs: ['get', 'delete'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    ]);
    const status = rbacWriteForbidden({ user: jane, resource: 'roles', object: r }, reader, authz);
    expect([status?.code, status?.message]).toEqual([
      403,
      'roles.rbac.authorization.k8s.io "node-admin" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get" "delete"]}',
    ]);
  });

  it('forbids binding a ClusterRole the user does not hold', () => {
    const status = rbacWriteForbidden(
      { user: jane, resource: 'rolebindings', object: rb('sneaky', 'cluster-admin') },
      reader,
      authz,
    );
    expect(status?.message?.split('\n')).toEqual([
      'rolebindings.rbac.authorization.k8s.io "sneaky" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
      '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}',
      '{NonResourceURLs:["*"], Verbs:["*"]}',
    ]);
  });

  it('lets a binding through when the user may bind the role', () => {
    const binder = fakeReader([
      ...defaultRbacObjects(),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'binder' },
        rules: [
          {
            verbs: ['bind'],
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            resourceNames: ['cluster-admin'],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'jane-binder' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'binder' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      },
    ]);
    const status = rbacWriteForbidden(
      { user: jane, resource: 'rolebindings', object: rb('ok', 'cluster-admin') },
      binder,
      (attrs) => authorize(attrs, binder),
    );
    expect(status).toBeUndefined();
  });

  it('lets cluster admins grant anything', () => {
    const r = role('all', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    expect(
      rbacWriteForbidden({ user: admin, resource: 'roles', object: r }, reader, authz),
    ).toBeUndefined();
  });

  it('answers NotFound for a binding to a missing role', () => {
    const status = rbacWriteForbidden(
      { user: jane, resource: 'rolebindings', object: rb('x', 'ghost', 'Role') },
      reader,
      authz,
    );
    expect([status?.code, status?.message]).toEqual([
      404,
      'role.rbac.authorization.k8s.io "ghost" not found',
    ]);
  });

  it('renders rules as CompactString does', () => {
    expect(
      compactString({
        verbs: ['get'],
        apiGroups: ['apps'],
        resources: ['deployments'],
        resourceNames: ['web'],
      }),
    ).toBe('{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get"]}');
  });
});
