/**
 * One plugin's scores over a cycle's scored nodes, kept as small as they allow: one number when
 * every node got the same score, else the narrowest typed array that holds them exactly
 * (0..255 integers, 32-bit integers, any number). Attempts keep these rows for explanations.
 */
export type ScoreRow = number | Uint8Array | Int32Array | Float64Array;

/** Node i's score in a row. */
export function scoreAt(row: ScoreRow, i: number): number {
  return typeof row === 'number' ? row : row[i];
}

const isNegativeZero = (v: number) => v === 0 && 1 / v < 0;

/** The row of values[from..from+n), copied into its compact form. */
export function compactRow(values: Float64Array, from: number, n: number): ScoreRow {
  const first = values[from];
  let same = true;
  let bytes = true;
  let int32 = true;
  for (let i = from; i < from + n; i++) {
    const v = values[i];
    if (v !== first || isNegativeZero(v) !== isNegativeZero(first)) same = false;
    if (bytes && !(v >= 0 && v <= 255 && Number.isInteger(v) && !isNegativeZero(v))) bytes = false;
    if (int32 && !(v === (v | 0) && !isNegativeZero(v))) int32 = false;
  }
  if (same) return first;
  const slice = values.subarray(from, from + n);
  if (bytes) return Uint8Array.from(slice);
  if (int32) return Int32Array.from(slice);
  return slice.slice();
}
