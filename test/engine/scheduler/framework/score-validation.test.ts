import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import type { Handle, ScorePlugin } from '../../../../src/engine/scheduler/framework/interface';
import { CycleState } from '../../../../src/engine/scheduler/framework/interface';
import { NodeInfo } from '../../../../src/engine/scheduler/framework/node-info';
import { podInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import { Registry } from '../../../../src/engine/scheduler/framework/registry';
import { Framework } from '../../../../src/engine/scheduler/framework/runtime';
import { scoreAt } from '../../../../src/engine/scheduler/framework/score-row';
import { ScoreTable } from '../../../../src/engine/scheduler/framework/score-table';
import { PrioritySortPlugin } from '../../../../src/engine/scheduler/plugins/priority-sort';

// A profile of PrioritySort and one score plugin handing out `row` (weight 2) on 4 nodes: its
// table or error, and the totals.
function score(row: number[]): [ReturnType<Framework['runScorePlugins']>, number[]] {
  const registry = new Registry();
  registry.register('PrioritySort', () => new PrioritySortPlugin());
  const fixed: ScorePlugin = { name: 'Fixed', score: (_s, _p, node) => row[Number(node.name)] };
  registry.register('Fixed', () => fixed);
  const fwk = new Framework(
    'default-scheduler',
    registry,
    [{ name: 'PrioritySort' }, { name: 'Fixed', weight: 2 }],
    {} as Handle,
  );
  const nodes = row.map((_v, i) => {
    const n = new NodeInfo();
    n.name = String(i);
    return n;
  });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } };
  const result = fwk.runScorePlugins(new CycleState(), podInfo(pod as KubeObject), nodes);
  return [result, [...fwk.scoreTotals.subarray(0, row.length)]];
}

describe('Framework.runScorePlugins score validation', () => {
  const invalid: [row: number[], message: string][] = [
    [[0, 101, 5, 7], 'plugin "Fixed" returns an invalid score 101'],
    [[3, 4, 5, -1], 'plugin "Fixed" returns an invalid score -1'],
    // a NaN is not out of range: the first score that is counts
    [[Number.NaN, 3, 200, -5], 'plugin "Fixed" returns an invalid score 200'],
    [[1, Infinity, 2, 3], 'plugin "Fixed" returns an invalid score Infinity'],
  ];
  it.each(invalid)('rejects %j naming the first score out of range', (row, message) => {
    const [s] = score(row);
    expect(s).not.toBeInstanceOf(ScoreTable);
    expect(s).toMatchObject({ code: 'Error' });
    expect((s as { message(): string }).message()).toBe(
      `${message}, it should in the range of [0, 100] after normalizing`,
    );
  });

  const valid: number[][] = [
    [0, 50, 100, 7],
    [2.5, 0.25, 100, 0],
    [-0, 0, 3, 4],
    [5, 5, 5, 5],
    [Number.NaN, 1, 2, 3],
    [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
  ];
  it.each(valid)('keeps %j as the plugin gave it and sums twice each into the totals', (...row) => {
    const [t, totals] = score(row) as [ScoreTable, number[]];
    expect(totals).toEqual(row.map((v) => 0 + v * 2));
    const { raw, normalized } = t.rows();
    for (let i = 0; i < row.length; i++) {
      expect(Object.is(scoreAt(normalized[0], i), row[i])).toBe(true);
      expect(Object.is(scoreAt(raw[0], i), row[i])).toBe(true);
    }
  });
});
