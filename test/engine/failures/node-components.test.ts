import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import type { Containerd } from '../../../src/engine/node/runtime';
import { curl, deployWeb, nodeCondition, nodeOf, readyPods } from './helpers';

describe('kubelet down on a worker', () => {
  it('goes Unknown after the grace period while its containers keep running, and the pods are duplicated elsewhere', () => {
    const c = createCluster({ seed: 61, workers: 3 });
    deployWeb(c, 'web', 3);
    c.advance(30_000);
    const victim = nodeOf(readyPods(c, 'web')[0])!;
    const stoppedAt = c.now();
    applyFault(c, { op: 'kill', component: `kubelet@${victim}` });
    c.runUntil(() => nodeCondition(c, victim, 'Ready')?.status === 'Unknown', {
      timeoutMs: 70_000,
    });
    expect(c.now() - stoppedAt).toBeLessThanOrEqual(56_000);
    expect(
      c.runUntil(() => readyPods(c, 'web').filter((p) => nodeOf(p) !== victim).length === 3, {
        timeoutMs: 400_000,
      }),
    ).toBe(true);
    // containerd is alive: the evicted replica's container still runs on the node
    const runtime = c.components().find((p) => p.id === `containerd@${victim}`) as Containerd;
    const nginx = runtime.listContainers().filter((x) => x.name === 'nginx');
    expect(nginx.map((x) => x.state)).toEqual(['CONTAINER_RUNNING']);
    // four copies run for a Deployment of three: the stale one and its replacement
    const running = c
      .components()
      .flatMap((p) =>
        p.id.startsWith('containerd@')
          ? (p as Containerd)
              .listContainers()
              .filter((x) => x.name === 'nginx' && x.state === 'CONTAINER_RUNNING')
          : [],
      );
    expect(running).toHaveLength(4);
  });
});

describe('containerd down on a worker', () => {
  it('makes the kubelet report the runtime down and the node NotReady', () => {
    const c = createCluster({ seed: 62, workers: 2 });
    c.advance(20_000);
    applyFault(c, { op: 'kill', component: 'containerd@worker-1' });
    expect(
      c.runUntil(() => nodeCondition(c, 'worker-1', 'Ready')?.status === 'False', {
        timeoutMs: 90_000,
      }),
    ).toBe(true);
    expect(nodeCondition(c, 'worker-1', 'Ready')?.message).toContain('container runtime is down');
    expect(c.kubectl('get nodes').stdout).toMatch(/worker-1 +NotReady/);
    applyFault(c, { op: 'restart', component: 'containerd@worker-1' });
    expect(
      c.runUntil(() => nodeCondition(c, 'worker-1', 'Ready')?.status === 'True', {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
  });
});

describe('kube-proxy down on a worker', () => {
  it('keeps the existing Service rules working there but does not program new Services', () => {
    const c = createCluster({ seed: 63, workers: 2 });
    deployWeb(c, 'web', 2);
    c.advance(30_000);
    applyFault(c, { op: 'kill', component: 'kube-proxy@worker-1' });
    deployWeb(c, 'api', 1);
    c.advance(30_000);
    const client = readyPods(c, 'web').find((p) => nodeOf(p) === 'worker-1')!;
    expect(curl(c, client, 'http://web')).toBe('HTTP 200');
    expect(c.iptablesSave('worker-1')).not.toContain('default/api');
    expect(c.iptablesSave('worker-2')).toContain('default/api');
    expect(curl(c, client, 'http://api')).not.toBe('HTTP 200');
    applyFault(c, { op: 'restart', component: 'kube-proxy@worker-1' });
    c.advance(10_000);
    expect(c.iptablesSave('worker-1')).toContain('default/api');
    expect(curl(c, client, 'http://api')).toBe('HTTP 200');
  });
});

describe('CoreDNS down', () => {
  it('fails name lookups while requests by IP still work', () => {
    const c = createCluster({ seed: 64, workers: 2 });
    deployWeb(c, 'web', 2);
    c.advance(30_000);
    const [client, server] = readyPods(c, 'web');
    const corednsPods = c
      .list('pods', 'kube-system')
      .filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(corednsPods).toHaveLength(2);
    for (const p of corednsPods) {
      applyFault(c, { op: 'fail-readiness', pod: `kube-system/${p.metadata.name}` });
    }
    // three failed readiness probes 10 s apart, then the endpoints controllers drop them
    c.advance(40_000);
    expect(curl(c, client, 'http://web')).toBe('curl: (6) Could not resolve host: web');
    const ip = (server.status as { podIP: string }).podIP;
    expect(curl(c, client, `http://${ip}`)).toBe('HTTP 200');
    for (const p of corednsPods) {
      applyFault(c, { op: 'heal-probes', pod: `kube-system/${p.metadata.name}` });
    }
    c.advance(15_000);
    expect(curl(c, client, 'http://web')).toBe('HTTP 200');
  });
});
