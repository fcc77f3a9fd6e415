import { describe, expect, it } from 'vitest';

import { cluster, message, pod } from './helpers';

describe('authentication and authorization', () => {
  it('answers an unknown bearer token with 401 Unauthorized', () => {
    const c = cluster();
    const res = c.request({
      method: 'GET',
      path: '/api/v1/pods',
      user: '',
      headers: { Authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
  });

  it('forbids a user without RBAC bindings with the real sentence', () => {
    const c = cluster();
    const list = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      user: 'jane',
    });
    expect(list.status).toBe(403);
    expect(message(list)).toBe(
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    const get = c.request({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/x',
      user: 'jane',
    });
    expect(message(get)).toBe(
      'pods "x" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"',
    );
    const nodes = c.request({ method: 'GET', path: '/api/v1/nodes', user: 'jane' });
    expect(message(nodes)).toBe(
      'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('lets anonymous requests read only public information', () => {
    const c = cluster();
    expect(c.request({ method: 'GET', path: '/version', user: 'system:anonymous' }).status).toBe(
      200,
    );
    const res = c.request({ method: 'GET', path: '/api/v1/pods', user: 'system:anonymous' });
    expect(res.status).toBe(403);
    expect(message(res)).toBe(
      'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope',
    );
  });

  it('grants what a RoleBinding grants, in its namespace only', () => {
    const c = cluster();
    const rb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'jane-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
    };
    expect(
      c.request({
        method: 'POST',
        path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
        body: rb,
      }).status,
    ).toBe(201);
    expect(
      c.request({ method: 'GET', path: '/api/v1/namespaces/default/pods', user: 'jane' }).status,
    ).toBe(200);
    expect(
      c.request({ method: 'GET', path: '/api/v1/namespaces/kube-system/pods', user: 'jane' })
        .status,
    ).toBe(403);
    const create = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: pod('p'),
      user: 'jane',
    });
    expect(create.status).toBe(403);
    expect(message(create)).toBe(
      'pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('records each pipeline stage on the response hop', () => {
    const c = cluster();
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('nginx') });
    const reply = c
      .hops()
      .filter((h) => h.from === 'kube-apiserver@control-plane-1' && h.to === 'kubectl')
      .at(-1)!;
    expect(reply.stages?.map((s) => [s.name, s.ok])).toEqual([
      ['authentication', true],
      ['authorization', true],
      ['mutating admission', true],
      ['validation', true],
      ['validating admission', true],
      ['storage', true],
    ]);
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: pod('x'),
      user: 'jane',
    });
    const denied = c
      .hops()
      .filter((h) => h.to === 'kubectl')
      .at(-1)!;
    expect(denied.stages?.map((s) => [s.name, s.ok])).toEqual([
      ['authentication', true],
      ['authorization', false],
    ]);
  });
});
