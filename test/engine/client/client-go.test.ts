import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { Informer } from '../../../src/engine/client/informer';
import { LeaderElector } from '../../../src/engine/client/leader-election';
import { RestClient } from '../../../src/engine/client/rest-client';
import { RateLimitingQueue } from '../../../src/engine/client/workqueue';
import type { Envelope, Simulation } from '../../../src/engine/sim';
import { Process } from '../../../src/engine/sim';

/** A bare component process on a control-plane node, talking to its local apiserver. */
class Component extends Process {
  readonly rest: RestClient;
  constructor(sim: Simulation, id: string, host: string, user: string) {
    super(sim, id, host);
    this.rest = new RestClient(this.transport(), `kube-apiserver@${host}`, { user });
  }
  receive(_env: Envelope): void {}
  timer(ms: number, run: () => void) {
    return this.after(ms, run);
  }
}

// A scheduler name of its own keeps the real control plane's hands off these test pods.
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { schedulerName: 'client-tests', containers: [{ name: 'a', image: 'nginx' }] },
});

function informerOn(c: Cluster, path: string) {
  const p = new Component(
    c.sim,
    `informer-test@control-plane-1`,
    'control-plane-1',
    'system:kube-scheduler',
  );
  const inf = new Informer(
    p.rest,
    { path, trace: () => c.sim.newTrace('bg-informer') },
    (ms, run) => p.timer(ms, run),
    () => c.sim.rng.next(),
  );
  return { p, inf };
}

describe('informer', () => {
  it('lists, then follows adds, updates and deletes through its watch', () => {
    const c = createCluster({ seed: 2, workers: 0 });
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('a') });
    const { inf } = informerOn(c, '/api/v1/namespaces/default/pods');
    const seen: string[] = [];
    inf.addHandlers({
      onAdd: (o) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (_o, n) => seen.push(`update ${n.metadata.name}`),
      onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
    });
    inf.start();
    c.advance(200);
    expect(inf.synced).toBe(true);
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('b') });
    c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { x: '1' } } },
    });
    c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/b' });
    c.advance(200);
    expect(seen).toEqual(['add a', 'add b', 'update a', 'delete b']);
    expect(inf.items().map((o) => o.metadata.name)).toEqual(['a']);
    expect(Object.isFrozen((inf.get('default', 'a') as KubeObject).spec)).toBe(true);
  });

  it('resumes after its apiserver restarts and catches up on what it missed', () => {
    const c = createCluster({ seed: 2, workers: 0 });
    const { inf } = informerOn(c, '/api/v1/namespaces/default/pods');
    inf.start();
    c.advance(200);
    c.fail('kube-apiserver@control-plane-1');
    c.advance(1000);
    c.recover('kube-apiserver@control-plane-1');
    c.runUntil(() => c.apiServers[0].ready, { timeoutMs: 10_000 });
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('late') });
    c.advance(60_000);
    expect(inf.items().map((o) => o.metadata.name)).toEqual(['late']);
  });
});

describe('informer indexes', () => {
  const byOwner = (o: KubeObject) => [o.metadata.labels?.owner ?? 'none'];
  const patchOwner = (c: Cluster, name: string, owner: string) =>
    c.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/default/pods/${name}`,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { owner } } },
    });

  it('files objects by the index function and keeps each lookup in the cache order', () => {
    const c = createCluster({ seed: 2, workers: 0 });
    for (const name of ['a', 'b', 'c', 'd'])
      c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod(name) });
    const { inf } = informerOn(c, '/api/v1/namespaces/default/pods');
    inf.addIndexer('owner', byOwner);
    inf.start();
    c.advance(200);
    const names = (...values: string[]) =>
      inf.byIndex('owner', ...values).map((o) => o.metadata.name);
    expect(names('none')).toEqual(['a', 'b', 'c', 'd']);
    // c, then a move to x: the lookup still gives the cache's order, a before c
    patchOwner(c, 'c', 'x');
    patchOwner(c, 'a', 'x');
    patchOwner(c, 'b', 'y');
    c.request({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/d' });
    c.advance(200);
    expect(names('x')).toEqual(['a', 'c']);
    expect(names('none')).toEqual([]);
    expect(names('y', 'x')).toEqual(['a', 'b', 'c']);
    expect(names('missing')).toEqual([]);
  });

  it('indexes what is already cached when an index is added late, and ignores a second one', () => {
    const c = createCluster({ seed: 2, workers: 0 });
    c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('a') });
    const { inf } = informerOn(c, '/api/v1/namespaces/default/pods');
    inf.start();
    c.advance(200);
    inf.addIndexer('owner', byOwner);
    inf.addIndexer('owner', () => ['other']);
    expect(inf.byIndex('owner', 'none').map((o) => o.metadata.name)).toEqual(['a']);
    expect(inf.byIndex('owner', 'other')).toEqual([]);
  });
});

describe('rate-limited work queue', () => {
  it('holds a key once, never processes it twice at once, and requeues it after done', () => {
    const c = createCluster({ seed: 3, workers: 0 });
    const { p } = informerOn(c, '/api/v1/pods');
    const log: string[] = [];
    let finishFirst: (() => void) | undefined;
    const q = new RateLimitingQueue(
      'test',
      () => c.now(),
      (ms, run) => p.timer(ms, run),
      2,
      (key, done) => {
        log.push(`start ${key}`);
        if (!finishFirst) finishFirst = done;
        else done();
      },
    );
    q.add('a');
    q.add('a');
    c.advance(1);
    q.add('a'); // while processing: queued again for after done
    c.advance(1);
    expect(log).toEqual(['start a']);
    finishFirst!();
    c.advance(1);
    expect(log).toEqual(['start a', 'start a']);
  });

  it('backs off failing keys exponentially from 5ms', () => {
    const c = createCluster({ seed: 3, workers: 0 });
    const { p } = informerOn(c, '/api/v1/pods');
    const times: number[] = [];
    const q: RateLimitingQueue = new RateLimitingQueue(
      'test',
      () => c.now(),
      (ms, run) => p.timer(ms, run),
      1,
      (key, done) => {
        times.push(c.now());
        done();
        if (times.length < 5) q.addRateLimited(key);
      },
    );
    q.add('k');
    c.advance(1000);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps).toEqual([5, 10, 20, 40]);
    expect(q.numRequeues('k')).toBe(4);
  });
});

describe('delaying queue', () => {
  it('keeps the earliest time when a key is added after two delays', () => {
    const c = createCluster({ seed: 3, workers: 0 });
    const { p } = informerOn(c, '/api/v1/pods');
    const times: number[] = [];
    const q = new RateLimitingQueue(
      'test',
      () => c.now(),
      (ms, run) => p.timer(ms, run),
      1,
      (_key, done) => {
        times.push(c.now());
        done();
      },
    );
    const start = c.now();
    q.addAfter('k', 5000);
    q.addAfter('k', 1000);
    q.addAfter('k', 3000);
    c.advance(10_000);
    expect(times.map((t) => t - start)).toEqual([1000]);
  });
});

describe('leader election', () => {
  it('elects one holder of the lease and hands over within the lease duration when it dies', () => {
    const c = createCluster({ seed: 4, controlPlaneNodes: 3, workers: 0 });
    const leaders: string[] = [];
    const electors = ['control-plane-1', 'control-plane-2'].map((host) => {
      const p = new Component(c.sim, `elector@${host}`, host, 'kubernetes-admin');
      const e = new LeaderElector(
        p.rest,
        {
          name: 'test-election',
          identity: `${host}_id`,
          onStartedLeading: () => leaders.push(host),
          onStoppedLeading: () => undefined,
          trace: () => c.sim.newTrace('bg-leader'),
        },
        () => c.now(),
        (ms, run) => p.timer(ms, run),
        () => c.sim.rng.next(),
        () => c.sim.microTimestamp(),
      );
      e.start();
      return { p, e };
    });
    c.advance(5_000);
    expect(leaders).toHaveLength(1);
    const first = leaders[0];
    const lease = c.get('leases', 'test-election', 'kube-system') as KubeObject & {
      spec: { holderIdentity: string };
    };
    expect(lease.spec.holderIdentity).toBe(`${first}_id`);
    const holder = electors.find((x) => x.p.host === first)!;
    holder.p.kill();
    holder.e.stop();
    const killedAt = c.now();
    c.runUntil(() => leaders.length === 2, { timeoutMs: 30_000 });
    expect(leaders[1]).not.toBe(first);
    // the lease must expire (15 s) and the next retry (≤ 2.4 s) take it
    expect(c.now() - killedAt).toBeGreaterThanOrEqual(13_000);
    expect(c.now() - killedAt).toBeLessThanOrEqual(19_000);
  });
});
