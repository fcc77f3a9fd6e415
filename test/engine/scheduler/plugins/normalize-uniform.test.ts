import { describe, expect, it } from 'vitest';
import {
  defaultNormalizeScoreRow,
  defaultNormalizeUniform,
} from '../../../../src/engine/scheduler/plugins/helper/normalize-score';

// A row whose nodes all scored the same is normalized as one value: it must be what
// DefaultNormalizeScore makes of the whole row, node for node.
describe('defaultNormalizeUniform', () => {
  const cases: [score: number, reverse: boolean, want: number][] = [
    [0, true, 100],
    [0, false, 0],
    [3, true, 0],
    [3, false, 100],
    [0.3, false, 100],
    [-2, true, 100],
    [-2, false, -2],
    [Number.NaN, true, 100],
  ];
  it.each(cases)('makes %d (reverse %s) into %d, as the row does', (score, reverse, want) => {
    const row = new Float64Array(4).fill(score);
    defaultNormalizeScoreRow(100, reverse, row, 4);
    expect(defaultNormalizeUniform(100, reverse, score)).toBe(want);
    expect([...row]).toEqual([want, want, want, want]);
  });
});
