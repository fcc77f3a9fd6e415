import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { boundPod, setPodStatus } from './nodelifecycle-kubelet-helpers';

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

const webPod = (name: string, node: string) =>
  boundPod(name, node, {
    containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
  });

function setup(extra: Record<string, unknown> = {}) {
  const c = createCluster({ seed: 11, workers: 2 });
  c.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: service(extra) });
  for (const [name, node, ip, ready] of [
    ['web-a', 'worker-1', '10.244.1.10', true],
    ['web-b', 'worker-2', '10.244.2.10', false],
  ] as const) {
    const pod = webPod(name, node);
    pod.metadata.labels = { app: 'web' };
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
    setPodStatus(c, 'default', name, { phase: 'Running', ready, podIP: ip });
  }
  // one without an IP yet: left out
  const pending = webPod('web-c', 'worker-1');
  pending.metadata.labels = { app: 'web' };
  c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pending });
  c.advance(3_000);
  return c;
}

const slicesOf = (c: ReturnType<typeof createCluster>) =>
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
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const eps = s.endpoints as {
      addresses: string[];
      conditions: unknown;
      nodeName: string;
      targetRef: { name: string };
    }[];
    expect(eps.map((e) => [e.addresses, e.conditions, e.nodeName, e.targetRef.name])).toEqual([
      [['10.244.1.10'], { ready: true, serving: true, terminating: false }, 'worker-1', 'web-a'],
      [['10.244.2.10'], { ready: false, serving: false, terminating: false }, 'worker-2', 'web-b'],
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
            ip: '10.244.1.10',
            nodeName: 'worker-1',
            targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-a' }),
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.244.2.10',
            nodeName: 'worker-2',
            targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-b' }),
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
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

  it('follows a pod becoming ready and a pod being deleted', () => {
    const c = setup();
    setPodStatus(c, 'default', 'web-b', { phase: 'Running', ready: true, podIP: '10.244.2.10' });
    c.request({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/web-a',
      query: { gracePeriodSeconds: '0' },
    });
    c.advance(2_000);
    const eps = slicesOf(c)[0].endpoints as {
      addresses: string[];
      conditions: { ready: boolean };
    }[];
    expect(eps.map((e) => [e.addresses[0], e.conditions.ready])).toEqual([['10.244.2.10', true]]);
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
    const c = createCluster({ seed: 13, workers: 1, addons: false });
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/services', body: service() });
    for (let i = 0; i < 130; i++) {
      const pod = webPod(`p${i}`, 'worker-1');
      pod.metadata.labels = { app: 'web' };
      c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
      setPodStatus(c, 'default', `p${i}`, { phase: 'Running', podIP: `10.244.1.${i + 2}` });
    }
    c.advance(5_000);
    const sizes = slicesOf(c)
      .map((s) => (s.endpoints as unknown[]).length)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([100, 30]);
  });
});
