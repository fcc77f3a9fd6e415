import { describe, expect, it } from 'vitest';
import type { AuthorizationAttributes } from '../../../../src/engine/apiserver/auth/attributes';
import {
  attributesFromRequestInfo,
  forbiddenMessage,
  forbiddenStatus,
  forbiddenStatusMessage,
} from '../../../../src/engine/apiserver/auth/attributes';

const x = { username: 'x', groups: [] };

describe('forbidden messages', () => {
  const cases: {
    name: string;
    attrs: AuthorizationAttributes;
    sentence: string;
    message: string;
  }[] = [
    {
      name: 'a namespaced create has no name',
      attrs: {
        user: x,
        verb: 'create',
        resourceRequest: true,
        apiGroup: '',
        resource: 'pods',
        namespace: 'default',
      },
      sentence: 'User "x" cannot create resource "pods" in API group "" in the namespace "default"',
      message:
        'pods is forbidden: User "x" cannot create resource "pods" in API group "" in the namespace "default"',
    },
    {
      name: 'a named get quotes the object name',
      attrs: {
        user: x,
        verb: 'get',
        resourceRequest: true,
        apiGroup: '',
        resource: 'pods',
        namespace: 'default',
        name: 'x',
      },
      sentence: 'User "x" cannot get resource "pods" in API group "" in the namespace "default"',
      message:
        'pods "x" is forbidden: User "x" cannot get resource "pods" in API group "" in the namespace "default"',
    },
    {
      name: 'a cluster-scoped request says at the cluster scope',
      attrs: { user: x, verb: 'list', resourceRequest: true, apiGroup: '', resource: 'nodes' },
      sentence: 'User "x" cannot list resource "nodes" in API group "" at the cluster scope',
      message:
        'nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope',
    },
    {
      name: 'a subresource is rendered resource/subresource',
      attrs: {
        user: x,
        verb: 'get',
        resourceRequest: true,
        apiGroup: '',
        resource: 'pods',
        subresource: 'log',
        namespace: 'default',
        name: 'web',
      },
      sentence:
        'User "x" cannot get resource "pods/log" in API group "" in the namespace "default"',
      message:
        'pods "web" is forbidden: User "x" cannot get resource "pods/log" in API group "" in the namespace "default"',
    },
    {
      name: 'a named group resource is qualified with its group',
      attrs: {
        user: x,
        verb: 'delete',
        resourceRequest: true,
        apiGroup: 'apps',
        resource: 'deployments',
        namespace: 'default',
        name: 'web',
      },
      sentence:
        'User "x" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
      message:
        'deployments.apps "web" is forbidden: User "x" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
    },
    {
      name: 'a non-resource path',
      attrs: { user: x, verb: 'get', resourceRequest: false, path: '/foo' },
      sentence: 'User "x" cannot get path "/foo"',
      message: 'forbidden: User "x" cannot get path "/foo"',
    },
    {
      name: 'HTML-looking characters are escaped',
      attrs: {
        user: { username: '<b>', groups: [] },
        verb: 'get',
        resourceRequest: false,
        path: '/a&b',
      },
      sentence: 'User "<b>" cannot get path "/a&b"',
      message: 'forbidden: User "&lt;b&gt;" cannot get path "/a&amp;b"',
    },
  ];

  it.each(cases)('$name', ({ attrs, sentence, message }) => {
    expect(forbiddenMessage(attrs)).toBe(sentence);
    expect(forbiddenStatusMessage(attrs)).toBe(message);
  });

  it('appends the authorizer reason after a colon', () => {
    const attrs: AuthorizationAttributes = {
      user: x,
      verb: 'list',
      resourceRequest: true,
      apiGroup: '',
      resource: 'pods',
    };
    expect(forbiddenStatusMessage(attrs, 'no way')).toBe(
      'pods is forbidden: User "x" cannot list resource "pods" in API group "" at the cluster scope: no way',
    );
  });

  it('builds the 403 Status with the resource as details.kind', () => {
    const attrs: AuthorizationAttributes = {
      user: x,
      verb: 'get',
      resourceRequest: true,
      apiGroup: 'apps',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
    };
    expect(forbiddenStatus(attrs)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'deployments.apps "web" is forbidden: User "x" cannot get resource "deployments" in API group "apps" in the namespace "default"',
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403,
    });
  });

  it('derives attributes from request info', () => {
    const info = {
      isResourceRequest: true,
      path: '/api/v1/namespaces/default/pods/web/log',
      verb: 'get',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'default',
      resource: 'pods',
      subresource: 'log',
      name: 'web',
    };
    expect(forbiddenStatusMessage(attributesFromRequestInfo(info, x))).toBe(
      'pods "web" is forbidden: User "x" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
  });
});
