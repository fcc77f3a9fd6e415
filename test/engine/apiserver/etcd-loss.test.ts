import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';

// kubeadm's stacked etcd: each apiserver's --etcd-servers is its own member only.
describe('an apiserver whose etcd member dies', () => {
  const c = createCluster({ seed: 5, controlPlaneNodes: 3, workers: 2 });
  const lost = c.apiServers[1];
  const pods = () => lost.cacheFor('pods')!;
  const ended: number[] = [];
  let served = 0;

  it('ends the watches it serves a second after its own etcd watch breaks', () => {
    const before = pods().watcherCount;
    // the load balancer spreads kubectl's connections over the three apiservers
    for (let i = 0; i < 6; i++) {
      c.watchAsync(
        { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' }, user: 'kubernetes-admin' },
        () => {},
        () => ended.push(c.now()),
      );
    }
    c.advance(1_000);
    served = pods().watcherCount - before;
    expect(served).toBeGreaterThan(0);
    const killedAt = c.now();
    c.fail('etcd@control-plane-2');
    c.advance(500);
    // the reflector's watch has broken: the cache is not ready, its watchers still open
    expect([pods().ready, ended]).toEqual([false, []]);
    c.advance(1_000);
    // cacher.go startCaching: terminateAllWatchers, then ListAndWatch (which fails)
    expect([pods().ready, pods().watcherCount, ended.length]).toEqual([false, 0, served]);
    expect(ended.every((t) => t - killedAt >= 1_000 && t - killedAt < 1_500)).toBe(true);
  });

  it('syncs its cache again and takes watches once its member is back', () => {
    c.recover('etcd@control-plane-2');
    expect(c.runUntil(() => lost.ready, { timeoutMs: 30_000 })).toBe(true);
    expect(pods().size).toBe(c.apiServers[0].cacheFor('pods')!.size);
    // clients that talk to it directly (the control-plane kubelet beside it) watch it again
    expect(c.runUntil(() => pods().watcherCount > 0, { timeoutMs: 30_000 })).toBe(true);
    expect(ended).toHaveLength(served);
  });
});
