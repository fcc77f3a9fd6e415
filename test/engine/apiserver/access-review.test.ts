import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { cluster, message } from './helpers';

const BASE = '/apis/authorization.k8s.io/v1';

function grantPodReader(c: Cluster): void {
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pod-reader' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
  };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read-pods' },
    subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
  };
  for (const [resource, body] of [
    ['roles', role],
    ['rolebindings', binding],
  ] as const) {
    const res = c.request({
      method: 'POST',
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/default/${resource}`,
      body,
    });
    expect(res.status).toBe(201);
  }
}

function selfReview(c: Cluster, user: string, attrs: Record<string, string>) {
  return c.request({
    method: 'POST',
    path: `${BASE}/selfsubjectaccessreviews`,
    user,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attrs },
    },
  });
}

describe('authorization.k8s.io access reviews', () => {
  it('answers a SelfSubjectAccessReview from the requester own RBAC, naming the binding', () => {
    const c = cluster();
    const attrs = { namespace: 'default', verb: 'list', resource: 'pods' };
    const before = selfReview(c, 'jane', attrs);
    expect(before.status).toBe(201);
    expect(before.body).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: attrs },
      status: { allowed: false },
    });
    grantPodReader(c);
    const after = selfReview(c, 'jane', attrs);
    expect((after.body as { status: unknown }).status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"',
    });
    const elsewhere = selfReview(c, 'jane', { ...attrs, namespace: 'kube-system' });
    expect((elsewhere.body as { status: unknown }).status).toEqual({ allowed: false });
  });

  it('is allowed to every authenticated user through system:basic-user and never stored', () => {
    const c = cluster();
    const res = c.request({
      method: 'GET',
      path: `${BASE}/selfsubjectaccessreviews`,
      user: 'jane',
    });
    expect(res.status).toBe(403);
    const asAdmin = c.request({ method: 'GET', path: `${BASE}/selfsubjectaccessreviews` });
    expect(asAdmin.status).toBe(405);
    expect(message(asAdmin)).toBe(
      'the server does not allow this method on the requested resource',
    );
    expect(selfReview(c, 'jane', { verb: 'get', resource: 'nodes' }).status).toBe(201);
  });

  it.each([
    [
      'neither attribute set',
      {},
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    ],
    [
      'both attribute sets',
      { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { verb: 'get', path: '/x' } },
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: {"path":"/x","verb":"get"}: cannot be specified in combination with resourceAttributes',
    ],
  ])('rejects a SelfSubjectAccessReview with %s as Invalid', (_name, spec, expected) => {
    const c = cluster();
    const res = c.request({
      method: 'POST',
      path: `${BASE}/selfsubjectaccessreviews`,
      user: 'jane',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
    });
    expect(res.status).toBe(422);
    expect(message(res)).toBe(expected);
  });

  it('answers a non-resource SelfSubjectAccessReview from the public-info role', () => {
    const c = cluster();
    const res = c.request({
      method: 'POST',
      path: `${BASE}/selfsubjectaccessreviews`,
      user: 'jane',
      body: { spec: { nonResourceAttributes: { verb: 'get', path: '/healthz' } } },
    });
    expect((res.body as { status: { allowed: boolean } }).status.allowed).toBe(true);
  });

  it('answers a SubjectAccessReview about another user for a caller allowed to ask', () => {
    const c = cluster();
    grantPodReader(c);
    const body = {
      spec: {
        user: 'jane',
        groups: ['system:authenticated'],
        resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' },
      },
    };
    const res = c.request({ method: 'POST', path: `${BASE}/subjectaccessreviews`, body });
    expect(res.status).toBe(201);
    expect((res.body as { status: unknown }).status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"',
    });
    const asJane = c.request({
      method: 'POST',
      path: `${BASE}/subjectaccessreviews`,
      body,
      user: 'jane',
    });
    expect(message(asJane)).toBe(
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "jane" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    );
    const nobody = c.request({
      method: 'POST',
      path: `${BASE}/subjectaccessreviews`,
      body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } },
    });
    expect(message(nobody)).toBe(
      '.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
  });

  it('checks that a LocalSubjectAccessReview asks about its own namespace', () => {
    const c = cluster();
    const res = c.request({
      method: 'POST',
      path: `${BASE}/namespaces/default/localsubjectaccessreviews`,
      body: {
        spec: {
          user: 'jane',
          resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' },
        },
      },
    });
    expect(message(res)).toBe(
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "kube-system": must match metadata.namespace',
    );
  });

  it('lists the requester rules in a namespace with a SelfSubjectRulesReview', () => {
    const c = cluster();
    grantPodReader(c);
    const res = c.request({
      method: 'POST',
      path: `${BASE}/selfsubjectrulesreviews`,
      user: 'jane',
      body: { spec: { namespace: 'default' } },
    });
    expect(res.status).toBe(201);
    const status = (res.body as { status: { resourceRules: unknown[]; incomplete: boolean } })
      .status;
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: [''],
      resources: ['pods'],
    });
    expect(status.resourceRules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    const noNamespace = c.request({
      method: 'POST',
      path: `${BASE}/selfsubjectrulesreviews`,
      user: 'jane',
      body: { spec: {} },
    });
    expect(res.status).toBe(201);
    expect(noNamespace.status).toBe(400);
    expect(message(noNamespace)).toBe('no namespace on request');
  });

  it('lists the authorization group in discovery with create-only resources', () => {
    const c = cluster();
    const res = c.request({ method: 'GET', path: BASE });
    const names = (
      res.body as { resources: { name: string; namespaced: boolean; verbs: string[] }[] }
    ).resources;
    expect(names.map((r) => [r.name, r.namespaced, r.verbs])).toEqual([
      ['localsubjectaccessreviews', true, ['create']],
      ['selfsubjectaccessreviews', false, ['create']],
      ['selfsubjectrulesreviews', false, ['create']],
      ['subjectaccessreviews', false, ['create']],
    ]);
  });
});
