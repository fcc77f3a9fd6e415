import { describe, expect, it } from 'vitest';
import { digest, runWorkload } from './workload';

// Each line: pod, attempt, result, chosen node, feasible/evaluated/all nodes, a fingerprint of
// the whole explanation (every filter outcome and every plugin's score) and the message.
// A change to any decision or explanation shows up as a changed line.
const cases = [
  { name: 'adaptive percentageOfNodesToScore on 160 nodes', seed: 1, nodes: 160, pods: 320 },
  { name: 'every node scored on 40 nodes', seed: 2, nodes: 40, pods: 260 },
  {
    name: '30 % of 160 nodes with MostAllocated',
    seed: 3,
    nodes: 160,
    pods: 300,
    percentageOfNodesToScore: 30,
    scoringStrategy: {
      type: 'MostAllocated' as const,
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  },
];

describe('scheduling decisions on a seeded workload', () => {
  for (const c of cases) {
    it(`are the recorded ones with ${c.name}`, async () => {
      const { attempts } = runWorkload(c);
      await expect(digest(attempts)).toMatchFileSnapshot(`./__golden__/seed-${c.seed}.txt`);
    });
  }

  it('covers scheduled, unschedulable, preempting and gated pods', () => {
    const { attempts } = runWorkload(cases[0]);
    const all = [...attempts.values()].flat();
    expect(all.some((a) => a.result === 'Scheduled' && a.scores.length > 1)).toBe(true);
    expect(all.some((a) => a.result === 'Unschedulable')).toBe(true);
    expect(all.some((a) => a.postFilter?.nominatedNodeName)).toBe(true);
    expect(
      all.some((a) => a.preFilter.some((p) => p.code === 'UnschedulableAndUnresolvable')),
    ).toBe(true);
    expect(all.some((a) => a.numNodesToFind < a.numAllNodes)).toBe(true);
  });
});
