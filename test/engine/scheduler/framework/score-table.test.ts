import { describe, expect, it } from 'vitest';

import type { ScoreRow } from '../../../../src/engine/scheduler/framework/score-row';
import { RowStore } from '../../../../src/engine/scheduler/framework/score-row';
import { ScoreTableWriter } from '../../../../src/engine/scheduler/framework/score-table';

const plain = (row: ScoreRow) => (typeof row === 'number' ? row : [...row]);

/** Writes one final row and one raw row the way runScorePlugins does for a scored plugin. */
function write(w: ScoreTableWriter, final: number[], raw?: number[]): void {
  const values = Float64Array.from(final);
  const bytes = final.every((v) => (v & 255) === v && !Object.is(v, -0));
  w.chunk.set(
    final.map((v) => v & 255),
    w.dataAt,
  );
  w.written(
    values,
    final.length,
    bytes,
    final.every((v) => v === final[0]),
  );
  if (raw) w.copy(Float64Array.from(raw), raw.length);
  else w.same();
}

describe('ScoreTable', () => {
  it('gives back every row as the plugins scored it, bytes or not', () => {
    const store = new RowStore();
    const w = new ScoreTableWriter(store);
    w.begin(6, 3);
    write(w, [0, 55, 100]);
    write(w, [100, 100, 100], [2, 2, 2]);
    write(w, [0, 50, 100], [-3, 300, 7]);
    write(w, [12.5, 0, 100]);
    w.uniform(0.5, 3);
    w.uniform(-0, 3);
    w.uniform(300, 3);
    w.same();
    const lists = { plugins: ['A', 'B', 'C', 'D', 'E', 'F'], weights: [1, 2, 3, 4, 5, 6] };
    const t = w.end(lists, 3, []);
    const { raw, normalized } = t.rows();
    expect(normalized.map(plain)).toEqual([
      [0, 55, 100],
      100,
      [0, 50, 100],
      [12.5, 0, 100],
      [0.5, 0.5, 0.5],
      300,
    ]);
    expect(raw.map(plain)).toEqual([
      [0, 55, 100],
      2,
      [-3, 300, 7],
      [12.5, 0, 100],
      [-0, -0, -0],
      300,
    ]);
    expect(Object.is((raw[4] as Float64Array)[0], -0)).toBe(true);
    expect(t.plugins).toEqual(lists.plugins);
    expect(t.weights).toEqual(lists.weights);
  });

  it('keeps the rows of consecutive cycles side by side in one chunk', () => {
    const store = new RowStore();
    const w = new ScoreTableWriter(store);
    const lists = { plugins: ['A'], weights: [1] };
    w.begin(1, 2);
    write(w, [1, 2]);
    const first = w.end(lists, 2, []);
    w.begin(1, 2);
    write(w, [3, 4]);
    const second = w.end(lists, 2, []);
    const a = first.rows().raw[0] as Uint8Array;
    const b = second.rows().raw[0] as Uint8Array;
    expect([...a, ...b]).toEqual([1, 2, 3, 4]);
    expect(b.buffer).toBe(a.buffer);
  });
});
