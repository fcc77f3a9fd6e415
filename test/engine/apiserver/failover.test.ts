import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { createPod, pod } from './helpers';

describe('control-plane failures', () => {
  it('refuses connections while the only apiserver is down, and serves again when it returns', () => {
    const c = createCluster({ seed: 5 });
    c.fail('kube-apiserver@control-plane-1');
    const down = c.request({ method: 'GET', path: '/api/v1/nodes' });
    expect(down).toEqual({ status: 0, headers: {}, body: { error: 'refused' } });
    c.recover('kube-apiserver@control-plane-1');
    expect(c.runUntil(() => c.apiServers[0].ready, { timeoutMs: 10_000 })).toBe(true);
    expect(c.request({ method: 'GET', path: '/api/v1/nodes' }).status).toBe(200);
  });

  it('keeps serving through the load balancer when one apiserver loses its etcd member', () => {
    const c = createCluster({ seed: 5, controlPlaneNodes: 3 });
    c.fail('etcd@control-plane-2');
    // HAProxy needs three failed health checks, two seconds apart, to take it out of rotation.
    c.advance(10_000);
    expect(c.loadBalancer!.inRotation()).toEqual([
      'kube-apiserver@control-plane-1',
      'kube-apiserver@control-plane-3',
    ]);
    for (let i = 0; i < 6; i++) expect(createPod(c, pod(`p${i}`)).status).toBe(201);
    c.recover('etcd@control-plane-2');
    c.advance(10_000);
    expect(c.loadBalancer!.inRotation()).toHaveLength(3);
  });

  it('times out writes when etcd has lost its quorum, and loses no acknowledged write', () => {
    const c = createCluster({ seed: 6, controlPlaneNodes: 3 });
    expect(createPod(c, pod('before')).status).toBe(201);
    c.fail('etcd@control-plane-2');
    c.fail('etcd@control-plane-3');
    // Before the load balancer's health checks notice, the request reaches an apiserver.
    c.advance(1_000);
    const res = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { metadata: { name: 'x' } },
    });
    expect(res.status).toBe(500);
    expect((res.body as { message: string }).message).toMatch(
      /^(etcdserver: (request timed out|no leader)|rpc error: code = Unavailable)/,
    );
    // Once every apiserver fails its etcd health check, the load balancer has none left.
    c.advance(10_000);
    expect(c.loadBalancer!.inRotation()).toEqual([]);
    expect(c.request({ method: 'GET', path: '/api/v1/nodes' }).body).toEqual({ error: 'reset' });
    c.recover('etcd@control-plane-2');
    c.recover('etcd@control-plane-3');
    expect(
      c.runUntil(() => c.etcd.leader() !== undefined && c.isBooted(), { timeoutMs: 30_000 }),
    ).toBe(true);
    expect(c.get('pods', 'before')).toBeDefined();
  });
});
