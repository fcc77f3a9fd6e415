import { loadavg } from 'node:os';

import { createSimulationStore } from '../src/store/simulation-store';
import type { Benchmark, BenchResult } from './engine';

const FRAME_MS = 16;
const WARMUP_FRAMES = 30;
const FRAMES = 1500;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Frames per wall second of the store's `tick` while a 10-worker cluster creates a Deployment
 * of 300 pods at `speed`: the whole tick, and the store's own part (the tick less the time
 * spent inside the engine's advance), so the figure shows what the view's bookkeeping costs.
 */
function storeFrames(speed: number): BenchResult[] {
  // a wall clock that never advances: the engine always reaches the frame's target, so every
  // run plays the same hops whatever the machine's load (the engine's time is subtracted)
  const store = createSimulationStore({
    cluster: { seed: 1, workers: 10 },
    speed,
    wallClock: () => 0,
  });
  store.getState().kubectl('create deployment load --image=nginx --replicas=300');
  const cluster = store.cluster;
  const advance = cluster.advance.bind(cluster);
  let engineMs = 0;
  cluster.advance = (ms: number) => {
    const t0 = performance.now();
    try {
      return advance(ms);
    } finally {
      engineMs += performance.now() - t0;
    }
  };
  let frame = 0;
  const tick = () => store.getState().tick(FRAME_MS, ++frame * FRAME_MS);
  for (let i = 0; i < WARMUP_FRAMES; i++) tick();
  engineMs = 0;
  let wallMs = 0;
  let inFlight = 0;
  const pendingSamples: number[] = [];
  const viewStart = store.getState().viewTime;
  for (let i = 0; i < FRAMES; i++) {
    const t0 = performance.now();
    tick();
    wallMs += performance.now() - t0;
    inFlight += store.getState().inFlight.length;
    if (i % 50 === 0) {
      // the hops the engine has recorded that the view has not landed yet (untimed)
      const viewTime = store.getState().viewTime;
      pendingSamples.push(cluster.sim.hops.all().filter((h) => h.deliveredAt > viewTime).length);
    }
  }
  const storeMs = wallMs - engineMs;
  const context = {
    frames: FRAMES,
    speed,
    meanInFlight: Math.round(inFlight / FRAMES),
    meanPending: Math.round(pendingSamples.reduce((a, b) => a + b, 0) / pendingSamples.length),
    virtualMsPlayed: round(store.getState().viewTime - viewStart),
    engineMsPerFrame: round(engineMs / FRAMES),
    load: round(loadavg()[0]),
    cluster: '1 control plane, 10 workers, a Deployment of 300 pods being created',
  };
  return [
    {
      metric: 'store-only',
      value: round(FRAMES / (storeMs / 1000)),
      unit: 'frames / wall s (tick less engine)',
      storeMsPerFrame: round(storeMs / FRAMES),
      ...context,
    },
    {
      metric: 'whole-tick',
      value: round(FRAMES / (wallMs / 1000)),
      unit: 'frames / wall s',
      tickMsPerFrame: round(wallMs / FRAMES),
      ...context,
    },
  ];
}

export const storeBenchmarks: Benchmark[] = [
  { name: 'store.tick.300-pods-1x', run: () => storeFrames(1) },
  { name: 'store.tick.300-pods-10x', run: () => storeFrames(10) },
];
