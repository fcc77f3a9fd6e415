import { describe, expect, it } from 'vitest';

import { cluster, message } from './helpers';

describe('bad input', () => {
  const cases: {
    name: string;
    req: Parameters<ReturnType<typeof cluster>['request']>[0];
    status: number;
    message: string;
  }[] = [
    {
      name: 'truncated JSON',
      req: {
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: '{"metadata": {"name": "x"',
        headers: { 'Content-Type': 'application/json' },
      },
      status: 400,
      message: "couldn't get version/kind; json parse error: unexpected end of JSON input",
    },
    {
      name: 'a stray character',
      req: { method: 'POST', path: '/api/v1/namespaces/default/pods', body: '{"metadata": x}' },
      status: 400,
      message:
        "couldn't get version/kind; json parse error: invalid character 'x' looking for beginning of value",
    },
    {
      name: 'malformed YAML',
      req: {
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: 'metadata:\n  name: x\nspec: a: b\n',
        headers: { 'Content-Type': 'application/yaml' },
      },
      status: 400,
      message:
        'error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context',
    },
    {
      name: 'a body of the wrong API version',
      req: {
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: { apiVersion: 'apps/v1', kind: 'Pod', metadata: { name: 'x' } },
      },
      status: 400,
      message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
    },
    {
      name: 'an unknown path',
      req: { method: 'GET', path: '/api/v1/namespaces/default/frobs' },
      status: 404,
      message: 'the server could not find the requested resource',
    },
    {
      name: 'an unknown group',
      req: { method: 'GET', path: '/apis/example.com/v1/widgets' },
      status: 404,
      message: 'the server could not find the requested resource',
    },
    {
      name: 'a body over 3 MiB',
      req: {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: JSON.stringify({
          metadata: { name: 'big' },
          data: { a: 'x'.repeat(3 * 1024 * 1024 + 1) },
        }),
      },
      status: 413,
      message: 'Request entity too large: limit is 3145728',
    },
    {
      name: 'a namespace that disagrees with the URL',
      req: {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { metadata: { name: 'c', namespace: 'other' } },
      },
      status: 400,
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    },
  ];

  it.each(cases)(
    'answers $name with $status and leaves the store as it was',
    ({ req, status, message: text }) => {
      const c = cluster();
      // the default namespace only: kube-system's add-on pods may still be arriving after boot
      const count = () => c.list('pods', 'default').length + c.list('configmaps', 'default').length;
      const before = count();
      const res = c.request(req);
      expect(res.status).toBe(status);
      expect(message(res)).toBe(text);
      expect(count()).toBe(before);
    },
  );
});
