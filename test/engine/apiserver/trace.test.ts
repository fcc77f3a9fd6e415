import { describe, expect, it } from 'vitest';

import type { Hop } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { createPod, pod } from './helpers';

function story(hops: readonly Hop[], from: number): Hop[] {
  const mine = hops.slice(from);
  const trace = mine.find((h) => h.from === 'kubectl')!.trace;
  return mine.filter((h) => h.trace === trace);
}

describe('the hop trace of a write', () => {
  it('goes kubectl → load balancer → apiserver → etcd leader → followers → back, on one trace', () => {
    const c = createCluster({ seed: 3, controlPlaneNodes: 3, workers: 0 });
    const leader = c.etcd.leader()!.id;
    const seen: string[] = [];
    const stopWatch = c.watchAsync(
      { method: 'GET', path: '/api/v1/namespaces/default/pods', user: 'kubernetes-admin' },
      (e) => seen.push(e.type),
      () => undefined,
    );
    c.advance(100);
    const start = c.hops().length;
    expect(createPod(c, pod('nginx')).status).toBe(201);
    const hops = story(c.hops(), start);
    const edges = hops.map((h) => `${h.from} -> ${h.to} ${h.verb}`);
    expect(edges[0]).toBe('kubectl -> load-balancer POST');
    expect(edges[1]).toMatch(/^load-balancer -> kube-apiserver@control-plane-\d POST$/);
    const apiserver = hops[1].to;
    const local = `etcd@${apiserver.split('@')[1]}`;
    expect(edges).toContain(`${apiserver} -> ${local} Txn`);
    const followers = c.etcd.members.map((m) => m.id).filter((id) => id !== leader);
    for (const f of followers) expect(edges).toContain(`${leader} -> ${f} MsgApp`);
    for (const f of followers) expect(edges).toContain(`${f} -> ${leader} MsgAppResp`);
    expect(edges).toContain(`${local} -> ${apiserver} Txn`);
    expect(edges).toContain('load-balancer -> kubectl 201');
    // Every apiserver's cache hears of the write from its own etcd member.
    for (const a of c.apiServers) {
      expect(edges).toContain(`etcd@${a.host} -> ${a.id} WatchResponse`);
    }
    // Replication is acknowledged before the client hears back.
    const firstAck = edges.findIndex((e) => e.endsWith('MsgAppResp'));
    expect(firstAck).toBeLessThan(edges.length - 1);
    expect(hops.every((h) => h.outcome === 'delivered' && !h.background)).toBe(true);
    // The open watch hears of the new pod on the same trace: apiserver → load balancer → client.
    c.advance(100);
    const fanOut = story(c.hops(), start)
      .filter((h) => h.verb === 'ADDED')
      .map((h) => `${h.from} -> ${h.to}`);
    expect(fanOut).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kube-apiserver@control-plane-\d -> load-balancer$/),
        'load-balancer -> kubectl',
      ]),
    );
    expect(seen).toEqual(['ADDED']);
    stopWatch();
  });
});

describe('determinism', () => {
  function run(seed: number) {
    const c = createCluster({ seed, controlPlaneNodes: 3 });
    createPod(c, pod('a'));
    c.advance(5_000);
    c.fail(`etcd@${c.etcd.leader()!.host}`);
    c.advance(5_000);
    createPod(c, pod('b'));
    c.advance(30_000);
    return {
      hops: JSON.stringify(c.hops()),
      objects: JSON.stringify([c.list('pods'), c.list('leases'), c.list('nodes')]),
    };
  }

  it('gives byte-identical hop logs and stored objects for the same seed', () => {
    const first = run(11);
    const second = run(11);
    expect(second.hops).toBe(first.hops);
    expect(second.objects).toBe(first.objects);
    expect(run(12).hops).not.toBe(first.hops);
  });
});
