import { describe, expect, it } from 'vitest';
import {
  authenticate,
  unauthorizedStatus,
} from '../../../../src/engine/apiserver/auth/authenticate';
import { clusterIdentities, tokenFor } from '../../../../src/engine/apiserver/auth/identities';
import { fakeReader } from './fake-reader';

const ids = clusterIdentities({
  nodes: ['worker-1'],
  users: [{ username: 'jane', groups: ['dev'] }],
});
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('authenticate', () => {
  const cases: {
    name: string;
    headers?: Record<string, string>;
    user?: string;
    expected: { username: string; groups: string[] } | undefined;
  }[] = [
    {
      name: 'the admin token authenticates kubernetes-admin in kubeadm:cluster-admins',
      headers: bearer(tokenFor('kubernetes-admin')),
      expected: {
        username: 'kubernetes-admin',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
      },
    },
    {
      name: 'the super-admin token carries system:masters',
      headers: bearer(tokenFor('kubernetes-super-admin')),
      expected: {
        username: 'kubernetes-super-admin',
        groups: ['system:masters', 'system:authenticated'],
      },
    },
    {
      name: 'a kubelet token authenticates the node in system:nodes',
      headers: bearer(tokenFor('system:node:worker-1')),
      expected: {
        username: 'system:node:worker-1',
        groups: ['system:nodes', 'system:authenticated'],
      },
    },
    {
      name: 'a controller service-account token carries the service-account groups',
      headers: bearer(tokenFor('system:serviceaccount:kube-system:replicaset-controller')),
      expected: {
        username: 'system:serviceaccount:kube-system:replicaset-controller',
        groups: [
          'system:serviceaccounts',
          'system:serviceaccounts:kube-system',
          'system:authenticated',
        ],
      },
    },
    {
      name: 'the bearer scheme is case-insensitive',
      headers: { authorization: `bearer ${tokenFor('system:kube-scheduler')}` },
      expected: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
    },
    {
      name: 'an unknown token is rejected, never anonymous',
      headers: bearer('nope'),
      expected: undefined,
    },
    {
      name: 'a bearer header whose token is empty (two spaces) is rejected',
      headers: { Authorization: 'Bearer  x' },
      expected: undefined,
    },
    {
      name: 'no credentials at all is the anonymous user',
      headers: {},
      expected: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    },
    {
      name: 'a non-bearer Authorization header falls through to anonymous',
      headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' },
      expected: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    },
    {
      name: 'the user shortcut resolves a known identity like a client certificate',
      user: 'kubernetes-admin',
      headers: bearer('nope'),
      expected: {
        username: 'kubernetes-admin',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
      },
    },
    {
      name: 'the user shortcut resolves a service-account username by its shape',
      user: 'system:serviceaccount:team-a:builder',
      expected: {
        username: 'system:serviceaccount:team-a:builder',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
      },
    },
    {
      name: 'an unknown user name is a certificate user with only system:authenticated',
      user: 'alice',
      expected: { username: 'alice', groups: ['system:authenticated'] },
    },
    {
      name: 'extra users keep their groups',
      headers: bearer(tokenFor('jane')),
      expected: { username: 'jane', groups: ['dev', 'system:authenticated'] },
    },
  ];

  it.each(cases)('$name', ({ headers, user, expected }) => {
    expect(authenticate(headers, ids, { user })).toEqual(expected);
  });

  it('rejects anonymous requests when anonymous auth is off', () => {
    expect(authenticate({}, ids, { anonymous: false })).toBeUndefined();
  });

  it('accepts the token of a service account created after boot only while it exists', () => {
    const token = tokenFor('system:serviceaccount:team-a:builder');
    const reader = fakeReader();
    expect(authenticate(bearer(token), ids, { reader })).toBeUndefined();
    reader.add({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'team-a' },
    });
    expect(authenticate(bearer(token), ids, { reader })?.username).toBe(
      'system:serviceaccount:team-a:builder',
    );
  });

  it('answers a failed authentication with the 401 Unauthorized Status', () => {
    expect(unauthorizedStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});
