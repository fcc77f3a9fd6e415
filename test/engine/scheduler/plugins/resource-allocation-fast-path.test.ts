import { describe, expect, it } from 'vitest';

import { MAX_NODE_SCORE } from '../../../../src/engine/scheduler/framework/interface';
import {
  defaultNormalizeScore,
  defaultNormalizeScoreRow,
} from '../../../../src/engine/scheduler/plugins/helper/normalize-score';
import {
  balancedCpuMemory,
  balancedResourceScorer,
  leastAllocatedCpuMemory,
  leastResourceScorer,
  scoreNode,
} from '../../../../src/engine/scheduler/plugins/resource-allocation';
import { makeNode, makePod } from '../builders';

// Nodes with room, full, over-committed, without memory, without cpu; pods small and large.
const nodes = [
  { cpu: '4', memory: '16Gi', pods: [] as Record<string, string>[] },
  { cpu: '4', memory: '16Gi', pods: [{ cpu: '3500m', memory: '1Gi' }] },
  { cpu: '2', memory: '4Gi', pods: [{ cpu: '2', memory: '5Gi' }] },
  { cpu: '3', memory: '0', pods: [{ cpu: '1' }] },
  { cpu: '0', memory: '8Gi', pods: [{ memory: '3Gi' }] },
  { cpu: '1', memory: '1Gi', pods: [{}, {}] },
];
const requests = [
  [100, 200 * 1024 * 1024],
  [0, 0],
  [3000, 512 * 1024 * 1024],
  [250, 17 * 1024 ** 3],
];

function nodeInfo(n: (typeof nodes)[number], i: number) {
  const info = makeNode(`n${i}`, { cpu: n.cpu, memory: n.memory });
  n.pods.forEach((req, k) =>
    info.addPod(makePod().name(`p${i}-${k}`).node(`n${i}`).req(req).info()),
  );
  return info;
}

const cpuMemory = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

describe('the cpu and memory fast paths', () => {
  const cases = nodes.flatMap((n, i) => requests.map((r) => [i, r] as const));

  it.each(cases)('LeastAllocated scores node %i with request %j as the generic scorer', (i, r) => {
    const node = nodeInfo(nodes[i], i);
    for (const weights of [
      [1, 1],
      [3, 1],
    ]) {
      const resources = cpuMemory.map((c, k) => ({ ...c, weight: weights[k] }));
      const generic = scoreNode(node, resources, r, false, leastResourceScorer(resources), [], []);
      expect(leastAllocatedCpuMemory(node, r[0], r[1], weights[0], weights[1])).toBe(generic);
    }
  });

  it.each(cases)('BalancedAllocation scores node %i with request %j as the generic one', (i, r) => {
    const node = nodeInfo(nodes[i], i);
    const generic = scoreNode(node, cpuMemory, r, true, balancedResourceScorer, [], []);
    expect(balancedCpuMemory(node, r[0], r[1])).toBe(generic);
  });
});

describe('DefaultNormalizeScore over a typed row', () => {
  it.each([
    [[0, 0, 0], false],
    [[0, 0, 0], true],
    [[3, 0, 7, 7], false],
    [[3, 0, 7, 7], true],
    [[1, 2, 3, 100, 55], true],
  ])('rescales %j (reverse %s) as the NodeScore list version does', (values, reverse) => {
    const list = values.map((score, i) => ({ name: `n${i}`, score }));
    defaultNormalizeScore(MAX_NODE_SCORE, reverse, list);
    // a longer row than count: entries past it stay untouched
    const row = Float64Array.from([...values, 42]);
    defaultNormalizeScoreRow(MAX_NODE_SCORE, reverse, row, values.length);
    expect([...row]).toEqual([...list.map((s) => s.score), 42]);
  });
});
