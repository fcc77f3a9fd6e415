import { describe, expect, it } from 'vitest';

import { RowStore, compactRow } from '../../../../src/engine/scheduler/framework/score-row';

describe('RowStore', () => {
  it('keeps each byte row as the values it was given, rows after rows in shared chunks', () => {
    const store = new RowStore();
    const a = store.bytes(Float64Array.from([9, 1, 2, 3]), 1, 3);
    const b = store.bytes(Float64Array.from([100, 0, 55]), 0, 3);
    expect([...a]).toEqual([1, 2, 3]);
    expect([...b]).toEqual([100, 0, 55]);
    expect(b.buffer).toBe(a.buffer);
  });

  it('gives rows the same values as rows of their own', () => {
    const store = new RowStore();
    for (const values of [
      [7, 7, 7],
      [0, 100, 55],
      [0.5, 0.5],
      [-0, 0, 3],
      [300, 2],
    ]) {
      const row = Float64Array.from(values);
      const stored = compactRow(row, 0, values.length, store);
      const own = compactRow(row, 0, values.length);
      expect(typeof stored === 'number' ? stored : [...stored]).toEqual(
        typeof own === 'number' ? own : [...own],
      );
    }
  });

  it('starts a new chunk when a row does not fit in the current one', () => {
    const store = new RowStore();
    const big = new Float64Array(40_000).fill(1);
    const a = store.bytes(big, 0, 40_000);
    const b = store.bytes(big, 0, 40_000);
    expect(b.buffer).not.toBe(a.buffer);
    expect(b.length).toBe(40_000);
  });
});
