import { describe, expect, it } from 'vitest';
import { runBareLoop, runScheduler } from '../../../bench/scheduler';

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
});
