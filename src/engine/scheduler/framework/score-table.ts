import type { Status } from './status';
import type { RowStore, ScoreRow } from './score-row';
import { compactRow } from './score-row';

// How a row is kept in a table's bytes: one 0..255 value for every node, a 0..255 value per
// node, the plugin's final row again (no normalization), or a row kept apart (`others`).
const UNIFORM = 0;
const ROW = 1;
const SAME = 2;
const OTHER = 3;

const isNegativeZero = (v: number) => v === 0 && 1 / v < 0;
const isByte = (v: number) => (v & 255) === v && !isNegativeZero(v);

// Shared by every table whose rows all fit in bytes.
const NO_ROWS: readonly ScoreRow[] = Object.freeze([]);

/** The names and weights of the score plugins that ran in a cycle (one pair per set). */
export interface ScorePlugins {
  plugins: string[];
  weights: number[];
}

/**
 * Every score plugin's final (normalized) and raw score per node, as a cycle keeps them for
 * its attempt: rows of 0..255 integers (nearly all) live in a shared chunk of bytes from
 * `start` on, two per plugin (final, then raw); the rest are kept apart in `others`. A cycle
 * thus keeps one small object, not an array and a typed-array view per row.
 */
export class ScoreTable {
  constructor(
    private readonly lists: ScorePlugins,
    /** how many nodes were scored */
    readonly numNodes: number,
    /** PreScore statuses that were not success (Skip) */
    readonly preScore: readonly Status[],
    private readonly chunk: Uint8Array,
    private readonly start: number,
    private readonly others: readonly ScoreRow[],
  ) {}

  get plugins(): readonly string[] {
    return this.lists.plugins;
  }

  get weights(): readonly number[] {
    return this.lists.weights;
  }

  /** Per plugin, its raw row and its normalized row (the raw one when it has no NormalizeScore). */
  rows(): { raw: ScoreRow[]; normalized: ScoreRow[] } {
    const raw: ScoreRow[] = [];
    const normalized: ScoreRow[] = [];
    const n = this.numNodes;
    let pos = this.start;
    let other = 0;
    const next = (final: ScoreRow | undefined): ScoreRow => {
      const tag = this.chunk[pos++];
      if (tag === UNIFORM) return this.chunk[pos++];
      if (tag === ROW) return this.chunk.subarray(pos, (pos += n));
      if (tag === SAME) return final!;
      return this.others[other++];
    };
    for (let k = 0; k < this.lists.plugins.length; k++) {
      const final = next(undefined);
      normalized.push(final);
      raw.push(next(final));
    }
    return { raw, normalized };
  }
}

/**
 * Writes one cycle's rows into a RowStore chunk, then hands out the ScoreTable. Byte rows are
 * written where they will stay (`chunk` from `dataAt`), so keeping them copies nothing.
 */
export class ScoreTableWriter {
  chunk: Uint8Array = new Uint8Array(0);
  private start = 0;
  private pos = 0;
  private others: ScoreRow[] | undefined;

  constructor(private readonly store: RowStore) {}

  /** Room for `plugins` plugins' two rows of `n` nodes each. */
  begin(plugins: number, n: number): void {
    this.chunk = this.store.room(plugins * 2 * (n + 1));
    this.start = this.pos = this.store.used;
    this.others = undefined;
  }

  /** Where a row's bytes go: written there first, kept if `row` then says they are bytes. */
  get dataAt(): number {
    return this.pos + 1;
  }

  /** A row whose every node has `v`. */
  uniform(v: number, n: number): void {
    if (isByte(v)) this.byte(v);
    else this.other((v | 0) === v && !isNegativeZero(v) ? v : new Float64Array(n).fill(v));
  }

  /** The row already written at `dataAt` when its values are bytes (`same`: all equal). */
  written(values: Float64Array, n: number, bytes: boolean, same: boolean): void {
    // validated final scores that are not bytes keep every node's value, as they always did
    if (!bytes) this.other(values.slice(0, n));
    else if (same) this.byte(values[0]);
    else {
      this.chunk[this.pos] = ROW;
      this.pos += 1 + n;
    }
  }

  /** A row of any values, kept as compactRow would keep it. */
  copy(values: Float64Array, n: number): void {
    const at = this.pos + 1;
    const first = values[0];
    let same = true;
    let i = 0;
    for (; i < n; i++) {
      const v = values[i];
      if (!isByte(v)) break;
      if (v !== first) same = false;
      this.chunk[at + i] = v;
    }
    if (i === n) return this.written(values, n, true, same);
    const row = compactRow(values, 0, n);
    if (typeof row === 'number') this.uniform(row, n);
    else this.other(row);
  }

  /** The raw row is the final one (no NormalizeScore). */
  same(): void {
    this.chunk[this.pos++] = SAME;
  }

  /** The table of the rows written since `begin`. */
  end(lists: ScorePlugins, n: number, preScore: readonly Status[]): ScoreTable {
    this.store.used = this.pos;
    return new ScoreTable(lists, n, preScore, this.chunk, this.start, this.others ?? NO_ROWS);
  }

  private byte(v: number): void {
    this.chunk[this.pos] = UNIFORM;
    this.chunk[this.pos + 1] = v;
    this.pos += 2;
  }

  private other(row: ScoreRow): void {
    this.chunk[this.pos++] = OTHER;
    (this.others ??= []).push(row);
  }
}
