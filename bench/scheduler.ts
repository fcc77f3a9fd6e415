import type { KubeObject } from '../src/engine/api/types';
import { Rng } from '../src/engine/sim';
import { defaultConfiguration, numFeasibleNodesToFind, Scheduler } from '../src/engine/scheduler';
import { SUCCESS } from '../src/engine/scheduler/framework/status';
import type { Benchmark, BenchResult } from './engine';

const CPU_MILLI = 4000;
const MEMORY = 16 * 1024 ** 3;
const MAX_PODS = 110;
const POD_CPU_MILLI = 100;
const POD_MEMORY = 128 * 1024 * 1024;
const SEED = 1;

function node(i: number): KubeObject {
  const name = `worker-${i}`;
  return Object.freeze({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: String(MAX_PODS) } },
  }) as KubeObject;
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

/** A run: its wall and CPU time and the node index each pod went to, in scheduling order. */
export interface Run {
  ms: number;
  /** this process's CPU time (user + system) over the same span: others' load does not count */
  cpuMs: number;
  placements: Int32Array;
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The scheduler core on `nodes` nodes, binding instantly, scheduling `pods` pods. */
export function runScheduler(nodes: number, pods: number): Run {
  const rng = new Rng(SEED);
  const placements = new Int32Array(pods).fill(-1);
  let bound = 0;
  const s = new Scheduler({
    config: defaultConfiguration(),
    now: () => 0,
    random: () => rng.next(),
    instance: 'bench',
    effects: {
      lister: () => [],
      bind: (_p, n, done) => {
        placements[bound++] = Number(n.slice('worker-'.length));
        done(SUCCESS);
      },
      reportScheduled: () => undefined,
      reportFailure: () => undefined,
      preempt: () => undefined,
    },
  });
  for (let i = 0; i < nodes; i++) s.onNodeAdd(node(i));
  for (let i = 0; i < pods; i++) s.onPodAdd(pod(i));
  const c0 = cpuNow();
  const t0 = performance.now();
  while (s.scheduleOne());
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, placements };
}

/**
 * The same arithmetic with no framework, over typed arrays (each node's allocatable and
 * requests in columns): from the round-robin start, check what the running filters check (unschedulable, taints, pod count, cpu, memory) until
 * enough nodes are feasible; score them as the running score plugins do (LeastAllocated over
 * non-zero requests, BalancedAllocation over requests, TaintToleration's 100 × 3 and
 * ImageLocality's 0 for nodes without images); pick the best, ties by the same reservoir
 * sampling with the same seeded generator. It places every pod where the scheduler does.
 */
export function runBareLoop(nodes: number, pods: number): Run {
  const rng = new Rng(SEED);
  const placements = new Int32Array(pods).fill(-1);
  // each node's allocatable is read per node, as the scheduler must (equal here, but a loop over
  // constants would let the engine fold the divisions the scheduler really does)
  const allocCpu = new Float64Array(nodes).fill(CPU_MILLI);
  const allocMem = new Float64Array(nodes).fill(MEMORY);
  const allocPods = new Int32Array(nodes).fill(MAX_PODS);
  const unschedulable = new Uint8Array(nodes);
  const taints = new Int32Array(nodes);
  const usedCpu = new Float64Array(nodes);
  const usedMem = new Float64Array(nodes);
  const nonZeroCpu = new Float64Array(nodes);
  const nonZeroMem = new Float64Array(nodes);
  const count = new Int32Array(nodes);
  const toFind = numFeasibleNodesToFind(0, nodes);
  const feasible = new Int32Array(toFind);
  const totals = new Float64Array(toFind);
  let start = 0;
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let p = 0; p < pods; p++) {
    let found = 0;
    let processed = 0;
    for (let i = 0; i < nodes && found < toFind; i++) {
      const n = (start + i) % nodes;
      processed++;
      if (unschedulable[n] || taints[n] > 0) continue;
      if (count[n] + 1 > allocPods[n]) continue;
      if (POD_CPU_MILLI > allocCpu[n] - usedCpu[n] || POD_MEMORY > allocMem[n] - usedMem[n])
        continue;
      feasible[found++] = n;
    }
    start = (start + processed) % nodes;
    if (found === 0) continue;
    for (let k = 0; k < found; k++) {
      const n = feasible[k];
      const cpu = allocCpu[n];
      const mem = allocMem[n];
      const least = Math.trunc(
        (Math.trunc(((cpu - (nonZeroCpu[n] + POD_CPU_MILLI)) * 100) / cpu) +
          Math.trunc(((mem - (nonZeroMem[n] + POD_MEMORY)) * 100) / mem)) /
          2,
      );
      const fc = Math.min(1, (usedCpu[n] + POD_CPU_MILLI) / cpu);
      const fm = Math.min(1, (usedMem[n] + POD_MEMORY) / mem);
      const balanced = Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
      totals[k] = 100 * 3 + least + balanced + 0;
    }
    let best = 0;
    let ties = 1;
    for (let k = 1; k < found; k++) {
      if (totals[k] > totals[best]) {
        best = k;
        ties = 1;
      } else if (totals[k] === totals[best]) {
        ties++;
        if (Math.floor(rng.next() * ties) === 0) best = k;
      }
    }
    const n = feasible[best];
    placements[p] = n;
    usedCpu[n] += POD_CPU_MILLI;
    usedMem[n] += POD_MEMORY;
    nonZeroCpu[n] += POD_CPU_MILLI;
    nonZeroMem[n] += POD_MEMORY;
    count[n]++;
  }
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, placements };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * The fastest of `runs` runs (after one warm-up), as benchmarks on a shared machine do; its
 * CPU time is the least of the runs' too.
 */
function best(runs: number, run: () => Run): Run {
  run();
  let fastest = run();
  let cpuMs = fastest.cpuMs;
  for (let i = 1; i < runs; i++) {
    const r = run();
    if (r.ms < fastest.ms) fastest = r;
    cpuMs = Math.min(cpuMs, r.cpuMs);
  }
  return { ...fastest, cpuMs };
}

function throughput(nodes: number, pods: number): BenchResult[] {
  const scheduler = best(3, () => runScheduler(nodes, pods));
  const bare = best(3, () => runBareLoop(nodes, pods));
  const bound = scheduler.placements.filter((n) => n >= 0).length;
  const ratio = round(scheduler.ms / bare.ms);
  const result: BenchResult = {
    value: round(bound / (scheduler.ms / 1000)),
    unit: 'pods scheduled / wall s',
    nodes,
    pods: bound,
    feasibleNodesSought: numFeasibleNodesToFind(0, nodes),
    perPodMs: round(scheduler.ms / bound),
    bareLoopPerPodMs: round(bare.ms / pods),
    ratioToBareLoop: ratio,
    // the same in CPU time, which a loaded machine distorts far less than the wall clock
    perPodCpuMs: round3(scheduler.cpuMs / bound),
    bareLoopPerPodCpuMs: round3(bare.cpuMs / pods),
    cpuRatioToBareLoop: round(scheduler.cpuMs / bare.cpuMs),
    samePlacements: scheduler.placements.every((n, i) => n === bare.placements[i]),
    measured:
      'scheduler core (queue, framework, all default plugins, decision records), instant binding; best of 3 runs after a warm-up, for both',
  };
  // issue 3's ratio: the scheduler's wall time per pod over the bare loop's (the CPU-time
  // ratio is in the row above; at 100 nodes a run is too short for CPU time to be precise)
  const ratioRow: BenchResult = {
    metric: 'ratio-to-bare-loop',
    value: ratio,
    unit: '× the bare loop’s time per pod',
    measured: 'scheduler time per pod over a bare filter+score loop’s on the same nodes, best of 3',
  };
  return [result, ratioRow];
}

export const schedulerBenchmarks: Benchmark[] = [
  { name: 'scheduler.core.100-nodes', run: () => throughput(100, 2000) },
  { name: 'scheduler.core.1000-nodes', run: () => throughput(1000, 2000) },
  { name: 'scheduler.core.5000-nodes', run: () => throughput(5000, 2000) },
];
