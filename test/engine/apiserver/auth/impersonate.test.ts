import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../../../../src/engine/api/types';
import { authorize } from '../../../../src/engine/apiserver/auth/authorize';
import { clusterIdentities } from '../../../../src/engine/apiserver/auth/identities';
import { impersonate } from '../../../../src/engine/apiserver/auth/impersonate';
import { defaultRbacObjects } from '../../../../src/engine/apiserver/auth/kubeadm-policy';
import { fakeReader } from './fake-reader';

const ids = clusterIdentities({ nodes: [] });
const admin = ids.byName.get('kubernetes-admin')!;
const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };
const reader = fakeReader([
  ...defaultRbacObjects(),
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'jane-edit', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
  },
]);
const authz = (attrs: Parameters<typeof authorize>[0]) => authorize(attrs, reader);

describe('impersonate', () => {
  it('returns the requestor when no Impersonate headers are sent', () => {
    expect(impersonate(admin, {}, authz)).toEqual({ user: admin });
  });

  it('lets the admin act as another user with the groups asked for', () => {
    expect(
      impersonate(admin, { 'Impersonate-User': 'bob', 'Impersonate-Group': 'dev, qa' }, authz),
    ).toEqual({
      user: { username: 'bob', groups: ['dev', 'qa', 'system:authenticated'] },
    });
  });

  it('gives an impersonated service account its fixed groups', () => {
    expect(
      impersonate(admin, { 'Impersonate-User': 'system:serviceaccount:team-a:builder' }, authz),
    ).toEqual({
      user: {
        username: 'system:serviceaccount:team-a:builder',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
      },
    });
  });

  it('forbids impersonating a user without the impersonate verb on users', () => {
    const result = impersonate(jane, { 'Impersonate-User': 'bob' }, authz);
    expect(result).toEqual({
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
        reason: 'Forbidden',
        details: { name: 'bob', kind: 'users' },
        code: 403,
      },
    });
  });

  it('lets edit impersonate service accounts of its own namespace only', () => {
    const own = impersonate(
      jane,
      { 'Impersonate-User': 'system:serviceaccount:team-a:builder' },
      authz,
    );
    expect('user' in own && own.user.username).toBe('system:serviceaccount:team-a:builder');
    const other = impersonate(
      jane,
      { 'Impersonate-User': 'system:serviceaccount:team-b:builder' },
      authz,
    );
    expect('status' in other && other.status.message).toBe(
      'serviceaccounts "builder" is forbidden: User "jane" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-b"',
    );
  });

  it('refuses groups without a user', () => {
    const result = impersonate(admin, { 'Impersonate-Group': 'system:masters' }, authz);
    expect('status' in result && [result.status.code, result.status.message]).toEqual([
      500,
      'requested [{Group  system:masters    }] without impersonating a user',
    ]);
  });
});
