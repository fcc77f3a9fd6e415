import { spawn } from 'node:child_process';

import { build } from 'vite';

import type { Benchmark, BenchResult } from './engine';

interface Progress {
  phase: 'booted' | 'progress' | 'running';
  wallMs: number;
  /** CPU time of the run's process (user + system) */
  cpuMs?: number;
  heapMB: number;
  /** the machine's 1-minute load average when the line was printed */
  load1?: number;
  simMs: number;
  pods: number;
  bound?: number;
  running: number;
  sinceBootMs?: number;
}

const BUILT_DIR = 'bench/.out/scale-run';
let built: Promise<string> | undefined;

/**
 * bench/scale-run.ts built by the app's own toolchain (Vite), once per benchmark process: the
 * engine runs as it ships. Run through tsx it pays for tsx's keepNames, which wraps every named
 * closure in a property definition each time one is created, and for compiling at boot.
 */
function buildScaleRun(): Promise<string> {
  built ??= build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: 'bench/scale-run.ts',
      outDir: BUILT_DIR,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: '[name].mjs' } },
    },
  }).then(() => `${BUILT_DIR}/scale-run.mjs`);
  return built;
}

/** Runs bench/scale-run.ts (built) in a child process, killed after `budgetMs`; its last report. */
async function runChild(nodes: number, pods: number, budgetMs: number): Promise<Progress[]> {
  const script = await buildScaleRun();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', script, String(nodes), String(pods), String(budgetMs)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines: Progress[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const l of parts) if (l.trim()) lines.push(JSON.parse(l) as Progress);
    });
    // the child stops itself at the budget once booted; this bounds a boot that never ends
    const timer = setTimeout(() => child.kill('SIGKILL'), budgetMs + 30_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(lines);
    });
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Time until `pods` pods (in Deployments) are Running on `nodes` nodes, within `budgetMs`. */
async function scale(nodes: number, pods: number, budgetMs: number): Promise<BenchResult[]> {
  const lines = await runChild(nodes, pods, budgetMs);
  const booted = lines.find((l) => l.phase === 'booted');
  const last = lines.at(-1);
  const finished = last?.phase === 'running';
  const cluster = `${nodes.toLocaleString('en-US')} workers, 1 control plane, add-ons off, hop buffer 10,000`;
  if (!booted || !last) {
    const note = `did not finish booting within ${budgetMs / 1000} s of wall time`;
    return [
      { metric: 'wall-time', value: Number.NaN, unit: 's', note, cluster },
      { metric: 'throughput', value: Number.NaN, unit: 'pods Running / wall s', note },
      { metric: 'peak-heap', value: Number.NaN, unit: 'MB', note },
    ];
  }
  if (last.phase === 'booted') {
    const note = `booted in ${round(booted.wallMs / 1000)} s, then the first simulated half-second with the Deployments did not end within the ${budgetMs / 1000} s budget`;
    return [
      { metric: 'wall-time', value: Number.NaN, unit: 's', note, cluster },
      { metric: 'throughput', value: Number.NaN, unit: 'pods Running / wall s', note },
      // the heap at boot says nothing of the peak with the pods: not compared with the target
      {
        metric: 'peak-heap',
        value: Number.NaN,
        unit: 'MB',
        note: `${note}; heapUsed at boot ${booted.heapMB.toLocaleString('en-US')} MB`,
      },
    ];
  }
  const sinceBootS = (last.sinceBootMs ?? 0) / 1000;
  const state = `${last.running.toLocaleString('en-US')} of ${pods.toLocaleString('en-US')} pods Running (${(last.bound ?? 0).toLocaleString('en-US')} bound) after ${round(sinceBootS)} s wall and ${round(last.simMs / 1000)} simulated s; boot took ${round(booted.wallMs / 1000)} s`;
  const note = finished ? state : `did not finish within the ${budgetMs / 1000} s budget: ${state}`;
  return [
    {
      metric: 'wall-time',
      // an unfinished run is reported as the time it was given, marked as unfinished
      value: round(sinceBootS),
      unit: finished ? 's until all Running' : 's (unfinished)',
      note,
      cluster,
      bootSeconds: round(booted.wallMs / 1000),
      // the process's own CPU time since boot: what the run cost, whatever else the machine ran
      cpuSecondsSinceBoot: round(((last.cpuMs ?? 0) - (booted.cpuMs ?? 0)) / 1000),
      // others' work on a shared machine stretches the wall time: the load while it ran
      loadAverage: { booted: booted.load1, end: last.load1 },
    },
    {
      metric: 'throughput',
      value: round(last.running / Math.max(sinceBootS, 0.001)),
      unit: 'pods Running / wall s',
      note,
    },
    { metric: 'peak-heap', value: last.heapMB, unit: 'MB', note: `${note} (heapUsed)` },
  ];
}

// Wall budget per run: enough to show the trend on a 2-core machine without holding it for long.
const BUDGET_MS = Number(process.env.SCALE_BUDGET_MS ?? 300_000);

export const scaleBenchmarks: Benchmark[] = [
  { name: 'scale.5000-nodes-150000-pods', run: () => scale(5000, 150_000, BUDGET_MS) },
  { name: 'scale.1000-nodes-30000-pods', run: () => scale(1000, 30_000, BUDGET_MS) },
  { name: 'scale.100-nodes-3000-pods', run: () => scale(100, 3000, BUDGET_MS) },
];
