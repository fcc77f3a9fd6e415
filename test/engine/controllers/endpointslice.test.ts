import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';

const service = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { tier: 'front' } },
  spec: {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    ...extra,
  },
});

const webPod = (name: string, node: string, ready: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: {
    nodeName: node,
    containers: [
      {
        name: 'c',
        image: 'nginx',
        ports: [{ name: 'http', containerPort: 80 }],
        // a readiness probe that never passes keeps the pod running but not ready
        ...(ready
          ? {}
          : { readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 } }),
      },
    ],
  },
});

const ipOf = (c: Cluster, name: string) => (c.get('pod', name)!.status as { podIP?: string }).podIP;

function setup(extra: Record<string, unknown> = {}) {
  const c = createCluster({ seed: 11, workers: 2 });
  c.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: service(extra) });
  c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: webPod('web-a', 'worker-1', true),
  });
  c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: webPod('web-b', 'worker-2', false),
  });
  c.runUntil(() => !!ipOf(c, 'web-a') && !!ipOf(c, 'web-b') && isReady(c, 'web-a'), {
    timeoutMs: 30_000,
  });
  c.advance(3_000);
  return c;
}

const isReady = (c: Cluster, name: string) =>
  (
    (c.get('pod', name)?.status as { conditions?: { type: string; status: string }[] })
      ?.conditions ?? []
  ).some((x) => x.type === 'Ready' && x.status === 'True');

const slicesOf = (c: Cluster) =>
  c
    .list('endpointslice', 'default')
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web');

describe('EndpointSlice and Endpoints controllers', () => {
  it('puts ready and not-ready pods with IPs into one managed slice with their conditions', () => {
    const c = setup();
    const slices = slicesOf(c);
    expect(slices).toHaveLength(1);
    const s = slices[0];
    expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Service',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const eps = s.endpoints as {
      addresses: string[];
      conditions: unknown;
      nodeName: string;
      targetRef: { name: string };
    }[];
    expect(eps.map((e) => [e.addresses, e.conditions, e.nodeName, e.targetRef.name])).toEqual([
      [[ipOf(c, 'web-a')], { ready: true, serving: true, terminating: false }, 'worker-1', 'web-a'],
      [
        [ipOf(c, 'web-b')],
        { ready: false, serving: false, terminating: false },
        'worker-2',
        'web-b',
      ],
    ]);
  });

  it('writes the legacy Endpoints with ready and not-ready addresses', () => {
    const c = setup();
    const ep = c.get('endpoints', 'web')!;
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          {
            ip: ipOf(c, 'web-a'),
            nodeName: 'worker-1',
            targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-a' }),
          },
        ],
        notReadyAddresses: [
          {
            ip: ipOf(c, 'web-b'),
            nodeName: 'worker-2',
            targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-b' }),
          },
        ],
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      },
    ]);
  });

  it('counts every pod ready with publishNotReadyAddresses', () => {
    const c = setup({ publishNotReadyAddresses: true });
    const eps = slicesOf(c)[0].endpoints as { conditions: { ready: boolean; serving: boolean } }[];
    expect(eps.map((e) => e.conditions)).toEqual([
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: false, terminating: false },
    ]);
    expect(
      (c.get('endpoints', 'web')!.subsets as { addresses: unknown[] }[])[0].addresses,
    ).toHaveLength(2);
  });

  it('drops a deleted pod and adds a new one', () => {
    const c = setup();
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: webPod('web-c', 'worker-2', true),
    });
    c.request({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/web-a',
      query: { gracePeriodSeconds: '0' },
    });
    const names = () =>
      ((slicesOf(c)[0]?.endpoints ?? []) as { targetRef: { name: string } }[]).map(
        (e) => e.targetRef.name,
      );
    expect(c.runUntil(() => names().join() === 'web-b,web-c', { timeoutMs: 30_000 })).toBe(true);
    expect(slicesOf(c)).toHaveLength(1);
  });

  it('keeps a placeholder slice without ports for a service with no endpoints, and leaves the kubernetes Endpoints alone', () => {
    const c = createCluster({ seed: 12, workers: 1 });
    const before = c.get('endpoints', 'kubernetes')!;
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: service() });
    c.advance(3_000);
    const slices = slicesOf(c);
    expect(slices).toHaveLength(1);
    expect(slices[0].ports ?? null).toBeNull();
    expect(slices[0].endpoints ?? null).toBeNull();
    expect(c.get('endpoints', 'kubernetes')!.subsets).toEqual(before.subsets);
  });

  it('splits more than 100 endpoints over several slices', () => {
    const c = createCluster({ seed: 13, workers: 2, addons: false });
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: service() });
    for (let i = 0; i < 130; i++) {
      const node = i % 2 === 0 ? 'worker-1' : 'worker-2';
      c.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: webPod(`p${i}`, node, true),
      });
    }
    const sizes = () =>
      slicesOf(c)
        .map((s) => ((s.endpoints ?? []) as unknown[]).length)
        .sort((a, b) => b - a);
    expect(c.runUntil(() => sizes().join() === '100,30', { timeoutMs: 60_000 })).toBe(true);
  });
});
