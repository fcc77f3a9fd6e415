import type { KubeObject } from '../src/engine/api/types';
import { Rng } from '../src/engine/sim';
import { defaultConfiguration, numFeasibleNodesToFind, Scheduler } from '../src/engine/scheduler';
import { SUCCESS } from '../src/engine/scheduler/framework/status';
import type { Benchmark, BenchResult } from './engine';

const CPU_MILLI = 4000;
const MEMORY = 16 * 1024 ** 3;

function node(i: number): KubeObject {
  const name = `worker-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
  };
}

function pod(i: number): KubeObject {
  return Object.freeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: 'default', uid: `u-${i}` },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [
        { name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
      ],
    },
  }) as KubeObject;
}

/** The scheduler core on `nodes` nodes, binding instantly, scheduling `pods` pods. */
function runScheduler(nodes: number, pods: number): { ms: number; bound: number } {
  const rng = new Rng(1);
  const s = new Scheduler({
    config: defaultConfiguration(),
    now: () => 0,
    random: () => rng.next(),
    instance: 'bench',
    effects: {
      lister: () => [],
      bind: (_p, _n, done) => done(SUCCESS),
      reportScheduled: () => undefined,
      reportFailure: () => undefined,
      preempt: () => undefined,
    },
  });
  for (let i = 0; i < nodes; i++) s.onNodeAdd(node(i));
  for (let i = 0; i < pods; i++) s.onPodAdd(pod(i));
  const t0 = performance.now();
  while (s.scheduleOne());
  return { ms: performance.now() - t0, bound: s.bound };
}

/**
 * The same arithmetic with no framework: from a round-robin start, check pods/cpu/memory fit
 * until enough feasible nodes, score LeastAllocated + BalancedAllocation (+ the constant
 * TaintToleration 100 × 3), take the best.
 */
function runBareLoop(nodes: number, pods: number): number {
  const usedCpu = new Float64Array(nodes);
  const usedMem = new Float64Array(nodes);
  const nonZeroCpu = new Float64Array(nodes);
  const nonZeroMem = new Float64Array(nodes);
  const count = new Int32Array(nodes);
  const toFind = numFeasibleNodesToFind(0, nodes);
  const feasible = new Int32Array(toFind);
  const cpu = 100;
  const mem = 128 * 1024 * 1024;
  let start = 0;
  const t0 = performance.now();
  for (let p = 0; p < pods; p++) {
    let found = 0;
    let processed = 0;
    for (let i = 0; i < nodes && found < toFind; i++) {
      const n = (start + i) % nodes;
      processed++;
      if (count[n] + 1 > 110) continue;
      if (cpu > CPU_MILLI - usedCpu[n] || mem > MEMORY - usedMem[n]) continue;
      feasible[found++] = n;
    }
    start = (start + processed) % nodes;
    let best = -1;
    let bestScore = -1;
    for (let k = 0; k < found; k++) {
      const n = feasible[k];
      const least =
        Math.trunc(
          Math.trunc(((CPU_MILLI - (nonZeroCpu[n] + cpu)) * 100) / CPU_MILLI) +
            Math.trunc(((MEMORY - (nonZeroMem[n] + mem)) * 100) / MEMORY),
        ) / 2;
      const fc = Math.min(1, (usedCpu[n] + cpu) / CPU_MILLI);
      const fm = Math.min(1, (usedMem[n] + mem) / MEMORY);
      const balanced = Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
      const total = Math.trunc(least) + balanced + 300;
      if (total > bestScore) {
        bestScore = total;
        best = n;
      }
    }
    if (best >= 0) {
      usedCpu[best] += cpu;
      usedMem[best] += mem;
      nonZeroCpu[best] += cpu;
      nonZeroMem[best] += mem;
      count[best]++;
    }
  }
  return performance.now() - t0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function throughput(nodes: number, pods: number): BenchResult {
  runScheduler(nodes, Math.min(pods, 200)); // warm-up
  const { ms, bound } = runScheduler(nodes, pods);
  const bare = runBareLoop(nodes, pods);
  return {
    value: round(bound / (ms / 1000)),
    unit: 'pods scheduled / wall s',
    nodes,
    pods: bound,
    feasibleNodesSought: numFeasibleNodesToFind(0, nodes),
    perPodMs: round(ms / bound),
    bareLoopPerPodMs: round(bare / pods),
    ratioToBareLoop: round(ms / bare),
    measured:
      'scheduler core (queue, framework, all default plugins, decision records), instant binding',
  };
}

export const schedulerBenchmarks: Benchmark[] = [
  { name: 'scheduler.core.100-nodes', run: () => throughput(100, 2000) },
  { name: 'scheduler.core.1000-nodes', run: () => throughput(1000, 2000) },
  { name: 'scheduler.core.5000-nodes', run: () => throughput(5000, 2000) },
];
