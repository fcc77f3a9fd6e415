import { describe, expect, it } from 'vitest';
import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { Informer } from '../../../src/engine/client/informer';
import { RestClient } from '../../../src/engine/client/rest-client';
import type { Envelope, Simulation } from '../../../src/engine/sim';
import { Process } from '../../../src/engine/sim';

/** A second watcher on control-plane-1's apiserver, beside the kube-scheduler there. */
class Watcher extends Process {
  readonly rest: RestClient;
  constructor(sim: Simulation, name: string) {
    super(sim, `${name}@control-plane-1`, 'control-plane-1');
    this.rest = new RestClient(this.transport(), 'kube-apiserver@control-plane-1', {
      user: 'system:kube-scheduler',
    });
  }
  receive(_env: Envelope): void {}
  timer(ms: number, run: () => void) {
    return this.after(ms, run);
  }
}

function watch(c: Cluster, name: string, path: string): Informer {
  const w = new Watcher(c.sim, name);
  const inf = new Informer(
    w.rest,
    { path, trace: () => c.sim.newTrace('bg-informer') },
    (ms, run) => w.timer(ms, run),
    () => c.sim.rng.next(),
  );
  inf.start();
  return inf;
}

function deeplyFrozen(o: unknown): boolean {
  if (o === null || typeof o !== 'object') return true;
  return Object.isFrozen(o) && Object.values(o).every(deeplyFrozen);
}

describe("kube-scheduler's informer caches", () => {
  it('hold the frozen objects the apiserver sent, the very ones another watcher gets', () => {
    const c = createCluster({ seed: 11, addons: false });
    const nodes = watch(c, 'node-watcher', '/api/v1/nodes');
    const pods = watch(c, 'pod-watcher', '/api/v1/pods');
    c.advance(1_000);
    expect(c.kubectl('label node worker-2 disktype=ssd').stderr).toBe('');
    c.kubectl('run nginx --image=nginx');
    const bound = () =>
      (c.get('pods', 'nginx', 'default')?.spec as { nodeName?: string } | undefined)?.nodeName;
    expect(c.runUntil(() => Boolean(bound()), { timeoutMs: 30_000 })).toBe(true);
    c.advance(1_000);
    const core = c.schedulers[0].scheduler!;
    const infos = core.cache.nodeInfos();
    expect(infos.map((n) => n.name)).toEqual([
      'control-plane-1',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    for (const info of infos) expect(deeplyFrozen(info.node)).toBe(true);
    // objects that came through a watch are the same object for every watcher, not copies
    const labelled = core.cache.nodeInfo('worker-2')!;
    expect(labelled.labels.disktype).toBe('ssd');
    expect(labelled.node).toBe(nodes.get(undefined, 'worker-2') as KubeObject);
    const placed = core.cache.nodeInfo(bound()!)!.pods.find((p) => p.name === 'nginx')!;
    expect(deeplyFrozen(placed.pod)).toBe(true);
    expect(placed.pod).toBe(pods.get('default', 'nginx') as KubeObject);
  });
});
