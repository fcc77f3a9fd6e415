import { describe, expect, it } from 'vitest';

import { nodeFailure } from '../../../src/scenarios';
import { createSimulationStore } from '../../../src/store';

describe('fast-forward steps played frame by frame', () => {
  it('fit the whole node-failure story in under a minute of wall time at 1×', () => {
    // an engine budget that never runs out: the test measures the view's clock, not the CPU
    const store = createSimulationStore({
      cluster: { seed: 1 },
      walkthrough: nodeFailure,
      speed: 1,
      wallClock: () => 0,
    });
    let wallMs = 0;
    const perStep: Record<string, { wallMs: number; virtualMs: number; progress: string[] }> = {};
    for (let i = 0; i < nodeFailure.steps.length; i++) {
      const w = store.getState().walkthrough!;
      const step = nodeFailure.steps[w.index];
      if (w.quizzes?.[step.id]?.phase === 'asking') store.getState().predict(0);
      const startWall = wallMs;
      const startView = store.getState().viewTime;
      const progress = new Set<string>();
      for (let f = 0; f < 20_000 && !store.getState().walkthrough!.reached; f++) {
        store.getState().tick(16, (wallMs += 16));
        const p = store.getState().stepProgress();
        if (p) progress.add(p);
      }
      expect(store.getState().walkthrough!.reached, step.id).toBe(true);
      perStep[step.id] = {
        wallMs: wallMs - startWall,
        virtualMs: store.getState().viewTime - startView,
        progress: [...progress],
      };
      store.getState().nextStep();
    }
    const fastSteps = ['unknown', 'taints', 'evict', 'replace', 'schedule', 'start'];
    const wall = fastSteps.reduce((sum, id) => sum + perStep[id].wallMs, 0);
    const virtual = fastSteps.reduce((sum, id) => sum + perStep[id].virtualMs, 0);
    expect(virtual).toBeGreaterThan(340_000);
    expect(wall).toBeLessThan(60_000);
    // the eviction wait jumps: 300 s of virtual time in well under a minute, counting visibly
    expect(perStep.evict.virtualMs).toBeGreaterThan(299_000);
    expect(perStep.evict.wallMs).toBeLessThan(30_000);
    expect(perStep.evict.progress.length).toBeGreaterThan(10);
    expect(perStep.evict.progress[0]).toMatch(/^\d+ s of 300 s of the toleration$/);
    expect(perStep.unknown.progress.at(-1)).toMatch(
      / of 50 s since worker-2’s last Lease renewal$/,
    );
  }, 300_000);
});
