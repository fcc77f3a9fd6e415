import { describe, expect, it } from 'vitest';

import type { ApiRequest } from '../../../src/engine/api/types';
import { runKubectl } from '../../../src/engine/kubectl';
import type { KubectlContext } from '../../../src/engine/kubectl';

// A server that records each request's headers and answers an empty table.
function recorder() {
  const requests: ApiRequest[] = [];
  const ctx: KubectlContext = {
    request(req) {
      requests.push(req);
      const body = {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: {},
        columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', priority: 0 }],
        rows: [],
      };
      return { ok: true, response: { status: 200, headers: {}, body } };
    },
    watch: () => ({ events: [] }),
    now: () => Date.UTC(2025, 0, 1),
    server: 'https://control-plane-1:6443',
    namespace: 'default',
  };
  return { ctx, requests };
}

describe('kubectl --as and --as-group', () => {
  it.each([
    ['get pods --as=jane', { 'Impersonate-User': 'jane' }],
    ['--as jane get pods', { 'Impersonate-User': 'jane' }],
    [
      'get pods --as=jane --as-group=devs --as-group=qa',
      { 'Impersonate-User': 'jane', 'Impersonate-Group': 'devs,qa' },
    ],
    [
      'get pods --as=system:serviceaccount:default:default',
      { 'Impersonate-User': 'system:serviceaccount:default:default' },
    ],
  ])('%s sends the impersonation headers', (line, headers) => {
    const { ctx, requests } = recorder();
    const r = runKubectl(line, undefined, ctx);
    expect(r.exitCode).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0].headers).toMatchObject(headers);
  });

  it('sends no impersonation headers without the flags', () => {
    const { ctx, requests } = recorder();
    runKubectl('get pods', undefined, ctx);
    expect(Object.keys(requests[0].headers ?? {})).not.toContain('Impersonate-User');
  });
});
