import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';

describe('cluster.request with { from, url }', () => {
  it('sends traffic through DNS, kube-proxy and the overlay from a running pod', () => {
    const c = createCluster({ seed: 21 });
    expect(c.kubectl('create deployment web --image=nginx --replicas=2').exitCode).toBe(0);
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: {
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    });
    expect(c.kubectl('run client --image=nginx').exitCode).toBe(0);
    const running = () =>
      c.list('pods', 'default').filter((p) => (p.status as { phase?: string }).phase === 'Running')
        .length === 3;
    expect(c.runUntil(running, { timeoutMs: 60_000 })).toBe(true);
    c.advance(5_000); // endpoints and kube-proxy rules follow the pods

    const ok = c.request({ from: 'pod/default/client', url: 'http://web' });
    expect(ok.ok).toBe(true);
    expect(ok.status).toBe(200);
    expect(ok.backend).toMatch(/^pod\/default\/web-/);

    const missing = c.request({ from: 'pod/default/client', url: 'http://no-such-svc' });
    expect(missing).toMatchObject({
      ok: false,
      error: 'nxdomain',
      message: 'curl: (6) Could not resolve host: no-such-svc',
    });
  });
});
