import { beforeAll, describe, expect, it } from 'vitest';

import type { ApiRequest, Cluster } from '../../../src/engine';
import { cluster, message } from './helpers';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

const deployment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    },
    ...spec,
  },
});

let c: Cluster;
beforeAll(() => {
  c = cluster(12);
}, 60_000);

describe('decoding request bodies as kube-apiserver does', () => {
  // handlers/rest.go transformDecodeError: `<Kind> in version "<v>" cannot be handled as a <Kind>: `
  const rejected: [name: string, req: ApiRequest, status: number, message: string][] = [
    [
      'a label map that is a string',
      { method: 'POST', path: CM, body: { metadata: { name: 'a', labels: 'x' } } },
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      'replicas as a string',
      { method: 'POST', path: DEPLOY, body: deployment('b', { replicas: '2' }) },
      400,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'an unknown field under fieldValidation=Strict',
      {
        method: 'POST',
        path: DEPLOY,
        query: { fieldValidation: 'Strict' },
        body: deployment('c', { replica: 2 }),
      },
      400,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    ],
    [
      'two unknown fields under fieldValidation=Strict, on an update',
      {
        method: 'PUT',
        path: `${CM}/settings`,
        query: { fieldValidation: 'Strict' },
        body: { metadata: { name: 'settings', nmae: 'x' }, dta: {} },
      },
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.nmae", unknown field "dta"',
    ],
    [
      'a wrong type even under fieldValidation=Ignore',
      {
        method: 'POST',
        path: CM,
        query: { fieldValidation: 'Ignore' },
        body: { metadata: { name: 'd' }, data: { a: 1 } },
      },
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    ],
    [
      'a JSON text that repeats a key, under fieldValidation=Strict',
      {
        method: 'POST',
        path: CM,
        query: { fieldValidation: 'Strict' },
        headers: { 'Content-Type': 'application/json' },
        body: '{"metadata":{"name":"dup","name":"dup2"},"data":{"a":"1"}}',
      },
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name"',
    ],
    [
      'an unknown fieldValidation directive',
      {
        method: 'POST',
        path: CM,
        query: { fieldValidation: 'Loose' },
        body: { metadata: { name: 'e' } },
      },
      422,
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    ],
    [
      'a kind that is a number',
      { method: 'POST', path: CM, body: { kind: 7, metadata: { name: 'f' } } },
      400,
      "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string",
    ],
    [
      'an unknown HTTP method on a served path',
      { method: 'PURGE' as ApiRequest['method'], path: CM },
      405,
      'the server does not allow this method on the requested resource',
    ],
    [
      'an unknown HTTP method on a named object',
      { method: 'OPTIONS' as ApiRequest['method'], path: `${CM}/settings` },
      405,
      'the server does not allow this method on the requested resource',
    ],
    [
      'an unknown HTTP method on an unknown path',
      { method: 'PURGE' as ApiRequest['method'], path: '/api/v1/namespaces/default/frobs' },
      404,
      'the server could not find the requested resource',
    ],
  ];

  it.each(rejected)('answers %s with the real status and message', (_n, req, status, text) => {
    const res = c.request(req);
    expect([res.status, message(res)]).toEqual([status, text]);
  });

  it('answers a 405 with a MethodNotAllowed Status and empty details', () => {
    const res = c.request({ method: 'PURGE' as ApiRequest['method'], path: CM });
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
  });

  it('warns about unknown fields when no directive is sent, and stores the object without them', () => {
    const res = c.request({
      method: 'POST',
      path: CM,
      body: { metadata: { name: 'warned', colour: 'red' }, data: { a: 'b' }, extra: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe(
      '299 - "unknown field \\"metadata.colour\\"", 299 - "unknown field \\"extra\\""',
    );
    const stored = c.get('configmap', 'warned', 'default')!;
    expect(stored.data).toEqual({ a: 'b' });
    expect('extra' in stored).toBe(false);
    expect('colour' in stored.metadata).toBe(false);
  });

  it('drops unknown fields silently under fieldValidation=Ignore', () => {
    const res = c.request({
      method: 'POST',
      path: CM,
      query: { fieldValidation: 'Ignore' },
      body: { metadata: { name: 'ignored' }, extra: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect('extra' in c.get('configmap', 'ignored', 'default')!).toBe(false);
  });

  it('sends no warning for a body the kind fully describes', () => {
    const res = c.request({
      method: 'POST',
      path: DEPLOY,
      query: { fieldValidation: 'Strict' },
      body: deployment('clean', { replicas: 1, strategy: { type: 'Recreate' } }),
    });
    expect([res.status, res.headers.warning]).toEqual([201, undefined]);
  });

  it('prints the server error for an unknown field in a manifest, as kubectl apply does', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: typo',
      'spec:',
      '  replica: 2',
      '  selector: {matchLabels: {app: typo}}',
      '  template:',
      '    metadata: {labels: {app: typo}}',
      '    spec: {containers: [{name: c, image: nginx}]}',
      '',
    ].join('\n');
    expect(c.kubectl('apply -f -', manifest)).toEqual({
      stdout: '',
      stderr:
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n',
      exitCode: 1,
    });
    expect(c.get('deployment', 'typo', 'default')).toBeUndefined();
  });
});
