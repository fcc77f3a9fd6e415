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

// What a row's values fit in: 0..255 integers, 32-bit integers, or only doubles (-0 included,
// so that an explanation shows exactly the number the plugin returned).
const BYTES = 0;
const INT32 = 1;
const DOUBLES = 2;

/**
 * The row of values[from..from+n), copied into its compact form (0..255 integers into `store`
 * when given, else into a typed array of their own).
 */
export function compactRow(
  values: Float64Array,
  from: number,
  n: number,
  store?: RowStore,
): ScoreRow {
  const first = values[from];
  let same = true;
  let kind = BYTES;
  for (let i = from; i < from + n; i++) {
    const v = values[i];
    if (v !== first) same = false;
    if (kind === BYTES) {
      if ((v & 255) !== v || isNegativeZero(v))
        kind = (v | 0) === v && !isNegativeZero(v) ? INT32 : DOUBLES;
    } else if (kind === INT32 && ((v | 0) !== v || isNegativeZero(v))) kind = DOUBLES;
  }
  if (same && kind !== DOUBLES) return first;
  if (kind === BYTES && store) return store.bytes(values, from, n);
  const slice = values.subarray(from, from + n);
  if (kind === BYTES) return new Uint8Array(slice);
  if (kind === INT32) return new Int32Array(slice);
  return slice.slice();
}

// One chunk holds the byte rows of many cycles (about 65 cycles of 500 scored nodes × 2 rows).
const CHUNK_BYTES = 64 * 1024;

/**
 * Where byte rows live: consecutive slices of shared chunks rather than an array buffer each,
 * whose allocation and release cost far more than the bytes. A chunk is freed once no kept
 * attempt refers to any of its rows.
 */
export class RowStore {
  private chunk = new Uint8Array(0);
  /** where the next row starts in the chunk */
  used = 0;

  /** values[from..from+n) (0..255 integers) as a byte row. */
  bytes(values: Float64Array, from: number, n: number): Uint8Array {
    const chunk = this.room(n);
    const start = this.used;
    for (let i = 0; i < n; i++) chunk[start + i] = values[from + i];
    return this.take(n);
  }

  /** The chunk, with room for n bytes from `used` on: a row may be written there first. */
  room(n: number): Uint8Array {
    if (this.used + n > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(CHUNK_BYTES, n));
      this.used = 0;
    }
    return this.chunk;
  }

  /** The n bytes written from `used` on, kept as a row. */
  take(n: number): Uint8Array {
    const start = this.used;
    this.used = start + n;
    return this.chunk.subarray(start, start + n);
  }
}
