import { createCluster } from '../src/engine';
import type { Cluster } from '../src/engine';
import { EtcdClient } from '../src/engine/etcd';

export interface BenchResult {
  value: number;
  unit: string;
  /** names one of several figures a benchmark reports (the row is `<benchmark>.<metric>`) */
  metric?: string;
  [context: string]: unknown;
}

/** One benchmark: a single figure, or several (each with a `metric`), sync or async. */
export interface Benchmark {
  name: string;
  run(): BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>;
}

function wall<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/** Simulated seconds per wall second while `drive` advances the clock by `simMs`. */
function simRate(c: Cluster, simMs: number, drive: (c: Cluster) => void): BenchResult {
  const hopsBefore = c.sim.hops.count;
  const { ms } = wall(() => drive(c));
  return {
    value: round(simMs / 1000 / (ms / 1000)),
    unit: 'simulated s / wall s',
    simulatedSeconds: simMs / 1000,
    wallSeconds: round(ms / 1000),
    hops: c.sim.hops.count - hopsBefore,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export const engineBenchmarks: Benchmark[] = [
  {
    name: 'engine.idle.default-cluster',
    run() {
      const c = createCluster({ seed: 1 });
      const simMs = 10 * 60_000;
      return {
        ...simRate(c, simMs, (x) => x.advance(simMs)),
        cluster: '1 control plane, 3 workers',
      };
    },
  },
  {
    name: 'engine.write-load.default-cluster',
    run() {
      // A steady 20 ConfigMap writes per simulated second for a simulated minute.
      const c = createCluster({ seed: 1 });
      const simMs = 60_000;
      let writes = 0;
      const result = simRate(c, simMs, (x) => {
        const end = x.now() + simMs;
        while (x.now() < end) {
          const next = x.now() + 50;
          x.request({
            method: 'POST',
            path: '/api/v1/namespaces/default/configmaps',
            body: { metadata: { name: `cm-${writes++}` }, data: { n: String(writes) } },
          });
          if (x.now() < next) x.advance(next - x.now());
        }
      });
      return { ...result, writes, cluster: '1 control plane, 3 workers' };
    },
  },
  {
    name: 'etcd.writes.3-members',
    run() {
      const c = createCluster({ seed: 1, controlPlaneNodes: 3, workers: 0 });
      const client = new EtcdClient(c.sim, 'bench-client', 'control-plane-1');
      const total = 5000;
      let acked = 0;
      const { ms } = wall(() => {
        // 100 writes in flight at a time, as a busy apiserver keeps its etcd pipeline full.
        let sent = 0;
        const sendOne = () => {
          const n = sent++;
          const payload = { key: `/bench/key-${n % 500}`, value: `value-${n}` };
          client.request('etcd@control-plane-1', 'Put', payload, 10_000, (r) => {
            if ('reply' in r && r.reply.ok) acked++;
            if (sent < total) sendOne();
          });
        };
        for (let i = 0; i < 100; i++) sendOne();
        c.sim.runUntil(() => acked >= total, 600_000);
      });
      return {
        value: round(acked / (ms / 1000)),
        unit: 'writes / wall s',
        writes: acked,
        wallSeconds: round(ms / 1000),
      };
    },
  },
  {
    name: 'apiserver.rest-requests',
    run() {
      const c = createCluster({ seed: 1 });
      const n = 2000;
      const { ms } = wall(() => {
        for (let i = 0; i < n; i++) {
          if (i % 2 === 0) {
            c.request({
              method: 'POST',
              path: '/api/v1/namespaces/default/configmaps',
              body: { metadata: { name: `c${i}` } },
            });
          } else
            c.request({ method: 'GET', path: `/api/v1/namespaces/default/configmaps/c${i - 1}` });
        }
      });
      return {
        value: round(n / (ms / 1000)),
        unit: 'requests / wall s',
        requests: n,
        note: 'half creates, half gets, one at a time',
      };
    },
  },
];
