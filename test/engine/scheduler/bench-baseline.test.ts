import { describe, expect, it } from 'vitest';
import {
  bareLoopSession,
  runBareLoop,
  runScheduler,
  schedulerSession,
} from '../../../bench/scheduler';

// The benchmark compares the scheduler with a bare loop; the comparison is fair only if the
// loop does the same arithmetic, which shows in every pod landing on the same node.
describe('the scheduler benchmark baseline', () => {
  // 4-cpu nodes hold 40 pods of 100m: the first case fills its nodes and leaves 100 pending
  for (const [nodes, pods, placed] of [
    [20, 900, 800],
    [100, 400, 400],
    [1000, 300, 300],
  ]) {
    it(`places each of ${pods} pods on the node the scheduler picks, on ${nodes} nodes`, () => {
      const scheduler = runScheduler(nodes, pods);
      const bare = runBareLoop(nodes, pods);
      expect(scheduler.placements.filter((n) => n >= 0).length).toBe(placed);
      expect([...bare.placements]).toEqual([...scheduler.placements]);
    });
  }

  it('keeps placing pods where the scheduler does batch after batch, each batch deleted after it', () => {
    const scheduler = schedulerSession(20);
    const bare = bareLoopSession(20);
    // 20 nodes hold 800 pods: each batch fits only because the one before it was deleted
    for (let batch = 0; batch < 3; batch++) {
      const s = scheduler(600);
      const b = bare(600);
      expect(s.placements.filter((n) => n >= 0).length).toBe(600);
      expect([...b.placements]).toEqual([...s.placements]);
    }
  });
});
