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

function pod(i: number, nodeName?: string): KubeObject {
  return Object.freeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, namespace: 'default', uid: `u-${i}` },
    spec: {
      schedulerName: 'default-scheduler',
      ...(nodeName ? { nodeName } : {}),
      containers: [
        { name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
      ],
    },
  }) as KubeObject;
}

/** A batch: its wall and CPU time and the node index each pod went to, in scheduling order. */
export interface Run {
  ms: number;
  /** this process's CPU time (user + system) over the same span: others' load does not count */
  cpuMs: number;
  placements: Int32Array;
}

/**
 * One long-lived scheduler (or bare loop) on its nodes: each call schedules a batch of new
 * pods, timed, then deletes them untimed, as a cluster's pods come and go. A long-lived
 * scheduler keeps its optimized code; one made per run loses it when the last is freed.
 */
export type Session = (pods: number) => Run;

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The scheduler core on `nodes` nodes, binding instantly. */
export function schedulerSession(nodes: number): Session {
  const rng = new Rng(SEED);
  // the chosen nodes' names, made indices once the batch is timed: the benchmark's bookkeeping
  // is not the scheduler's work (the bare loop stores its indices as it goes)
  const chosen: string[] = [];
  let bound = 0;
  let next = 0;
  const s = new Scheduler({
    config: defaultConfiguration(),
    now: () => 0,
    random: () => rng.next(),
    instance: 'bench',
    effects: {
      lister: () => [],
      bind: (_p, n, done) => {
        chosen[bound++] = n;
        done(SUCCESS);
      },
      reportScheduled: () => undefined,
      reportFailure: () => undefined,
      preempt: () => undefined,
    },
  });
  for (let i = 0; i < nodes; i++) s.onNodeAdd(node(i));
  return (pods) => {
    bound = 0;
    const first = next;
    next += pods;
    for (let i = first; i < next; i++) s.onPodAdd(pod(i));
    const c0 = cpuNow();
    const t0 = performance.now();
    while (s.scheduleOne());
    const ms = performance.now() - t0;
    const cpuMs = cpuNow() - c0;
    const placements = new Int32Array(pods).fill(-1);
    for (let i = 0; i < bound; i++) placements[i] = Number(chosen[i].slice('worker-'.length));
    const run = { ms, cpuMs, placements };
    for (let i = 0; i < bound; i++) s.onPodDelete(pod(first + i, `worker-${placements[i]}`));
    for (let i = first + bound; i < next; i++) s.onPodDelete(pod(i));
    return run;
  };
}

/** `schedulerSession(nodes)`'s first batch of `pods` pods. */
export function runScheduler(nodes: number, pods: number): Run {
  return schedulerSession(nodes)(pods);
}

/**
 * The same arithmetic with no framework, over typed arrays (each node's allocatable and
 * requests in columns): from the round-robin start, check what the running filters check (unschedulable, taints, pod count, cpu, memory) until
 * enough nodes are feasible; score them as the running score plugins do (LeastAllocated over
 * non-zero requests, BalancedAllocation over requests, TaintToleration's 100 × 3 and
 * ImageLocality's 0 for nodes without images); pick the best, ties by the same reservoir
 * sampling with the same seeded generator. It places every pod where the scheduler does.
 */
export function bareLoopSession(nodes: number): Session {
  const rng = new Rng(SEED);
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
  return (pods) => {
    const placements = new Int32Array(pods).fill(-1);
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
    const run = { ms: performance.now() - t0, cpuMs: cpuNow() - c0, placements };
    for (const n of placements) {
      if (n < 0) continue;
      usedCpu[n] -= POD_CPU_MILLI;
      usedMem[n] -= POD_MEMORY;
      nonZeroCpu[n] -= POD_CPU_MILLI;
      nonZeroMem[n] -= POD_MEMORY;
      count[n]--;
    }
    return run;
  };
}

/** `bareLoopSession(nodes)`'s first batch of `pods` pods. */
export function runBareLoop(nodes: number, pods: number): Run {
  return bareLoopSession(nodes)(pods);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// per-pod times are microseconds: a hundredth of a millisecond would round them away
function round4(n: number): number {
  return Math.round(n * 10000) / 10000;
}

// Batches take 10–50 ms, so one young-generation collection can double a batch: the fastest
// of 10 is the steady state. The first batches re-optimize code after the new scheduler's
// objects replace the last one's; the scheduler's larger code takes 3 to settle.
const BATCHES = 10;
const WARM_UP = 3;

/**
 * A long-lived scheduler and bare loop on the same nodes take turns at batches of `pods` pods:
 * `WARM_UP` untimed batches each, then `BATCHES` timed ones; the fastest batch of each counts (its CPU
 * time is the least of the batches' too), as benchmarks on a shared machine do.
 */
function steadyState(nodes: number, pods: number): { scheduler: Run; bare: Run; same: boolean } {
  const scheduler = schedulerSession(nodes);
  const bare = bareLoopSession(nodes);
  let same = true;
  let fastest: [Run, Run] | undefined;
  const cpuMs = [Infinity, Infinity];
  for (let i = 0; i < WARM_UP + BATCHES; i++) {
    const s = scheduler(pods);
    const b = bare(pods);
    same &&= s.placements.every((n, k) => n === b.placements[k]);
    if (i < WARM_UP) continue;
    if (!fastest) fastest = [s, b];
    if (s.ms < fastest[0].ms) fastest[0] = s;
    if (b.ms < fastest[1].ms) fastest[1] = b;
    cpuMs[0] = Math.min(cpuMs[0], s.cpuMs);
    cpuMs[1] = Math.min(cpuMs[1], b.cpuMs);
  }
  return {
    scheduler: { ...fastest![0], cpuMs: cpuMs[0] },
    bare: { ...fastest![1], cpuMs: cpuMs[1] },
    same,
  };
}

function throughput(nodes: number, pods: number): BenchResult[] {
  const { scheduler, bare, same } = steadyState(nodes, pods);
  const bound = scheduler.placements.filter((n) => n >= 0).length;
  const ratio = round(scheduler.ms / bare.ms);
  const result: BenchResult = {
    value: round(bound / (scheduler.ms / 1000)),
    unit: 'pods scheduled / wall s',
    nodes,
    pods: bound,
    feasibleNodesSought: numFeasibleNodesToFind(0, nodes),
    perPodMs: round4(scheduler.ms / bound),
    bareLoopPerPodMs: round4(bare.ms / pods),
    ratioToBareLoop: ratio,
    // the same in CPU time, which a loaded machine distorts far less than the wall clock
    perPodCpuMs: round4(scheduler.cpuMs / bound),
    bareLoopPerPodCpuMs: round4(bare.cpuMs / pods),
    cpuRatioToBareLoop: round(scheduler.cpuMs / bare.cpuMs),
    samePlacements: same,
    measured: `a long-lived scheduler core (queue, framework, all default plugins, decision records; instant binding) and a long-lived bare loop, in turns: batches of ${pods} new pods, each batch deleted after it; the fastest of ${BATCHES} batches after ${WARM_UP} warm-up batches, for both`,
  };
  // issue 3's ratio: the scheduler's wall time per pod over the bare loop's (the CPU-time
  // ratio is in the row above; at 100 nodes a batch is too short for CPU time to be precise)
  const ratioRow: BenchResult = {
    metric: 'ratio-to-bare-loop',
    value: ratio,
    unit: '× the bare loop’s time per pod',
    measured: `a long-lived scheduler's time per pod over a long-lived bare filter+score loop's on the same nodes, fastest of ${BATCHES} batches of ${pods} pods after ${WARM_UP} warm-up batches`,
  };
  return [result, ratioRow];
}

export const schedulerBenchmarks: Benchmark[] = [
  { name: 'scheduler.core.100-nodes', run: () => throughput(100, 2000) },
  { name: 'scheduler.core.1000-nodes', run: () => throughput(1000, 2000) },
  { name: 'scheduler.core.5000-nodes', run: () => throughput(5000, 2000) },
];
