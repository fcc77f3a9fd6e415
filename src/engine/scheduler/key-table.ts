/**
 * The hash of a pod key (`namespace/name`) as the scheduler's tables use it: FNV-1a over its
 * UTF-16 code units, its high bits folded into the low ones the tables index by.
 */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) | 0;
}

const EMPTY_CAPACITY = 16;

/**
 * A table from string keys to values that know their key (open addressing, linear probing).
 * Unlike a Map it keeps each key's hash beside its value: a lookup compares hashes in one
 * typed array and reads a stored key only when the hashes match, instead of loading every
 * key string on the way (long-lived keys are rarely in the processor's cache). Callers pass
 * hashes they keep (`keyHash`), so a key's characters are read once, not per lookup.
 */
export class KeyTable<V> {
  private hashes = new Int32Array(EMPTY_CAPACITY);
  private values: (V | undefined)[] = new Array<V | undefined>(EMPTY_CAPACITY).fill(undefined);
  private mask = EMPTY_CAPACITY - 1;
  /** how many values the table holds */
  size = 0;

  constructor(private readonly keyOf: (v: V) => string) {}

  /** The value whose key is `key` (with hash `hash`). */
  get(key: string, hash: number = keyHash(key)): V | undefined {
    const i = this.find(key, hash);
    return i < 0 ? undefined : this.values[i];
  }

  has(key: string, hash: number = keyHash(key)): boolean {
    return this.find(key, hash) >= 0;
  }

  /** Puts `v` under its key (hash `hash`); returns the value it replaced, if any. */
  set(v: V, hash: number): V | undefined {
    const key = this.keyOf(v);
    const values = this.values;
    let i = hash & this.mask;
    for (let cur = values[i]; cur !== undefined; cur = values[i]) {
      if (this.hashes[i] === hash && this.keyOf(cur) === key) {
        values[i] = v;
        return cur;
      }
      i = (i + 1) & this.mask;
    }
    values[i] = v;
    this.hashes[i] = hash;
    // at most half full, so that probes stay short
    if (++this.size * 2 > values.length) this.grow();
    return undefined;
  }

  /** Removes the value whose key is `key`; returns it. */
  delete(key: string, hash: number = keyHash(key)): V | undefined {
    const i = this.find(key, hash);
    if (i < 0) return undefined;
    const v = this.values[i];
    this.removeAt(i);
    return v;
  }

  /** Removes `v` itself, stored under hash `hash` (found by identity: its key is not read). */
  deleteValue(v: V, hash: number): boolean {
    const values = this.values;
    let i = hash & this.mask;
    for (let cur = values[i]; cur !== undefined; cur = values[i]) {
      if (cur === v) {
        this.removeAt(i);
        return true;
      }
      i = (i + 1) & this.mask;
    }
    return false;
  }

  /** Every value, in table order (not insertion order). */
  *[Symbol.iterator](): IterableIterator<V> {
    for (const v of this.values) if (v !== undefined) yield v;
  }

  private find(key: string, hash: number): number {
    const values = this.values;
    let i = hash & this.mask;
    for (let cur = values[i]; cur !== undefined; cur = values[i]) {
      if (this.hashes[i] === hash && this.keyOf(cur) === key) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  /** Empties slot i, moving back later values of its run that may live there (no tombstones). */
  private removeAt(i: number): void {
    const { values, hashes, mask } = this;
    values[i] = undefined;
    this.size--;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const v = values[j];
      if (v === undefined) return;
      const home = hashes[j] & mask;
      // v stays when its home lies cyclically in (i, j]: moving it to i would hide it
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      values[i] = v;
      hashes[i] = hashes[j];
      values[j] = undefined;
      i = j;
    }
  }

  private grow(): void {
    const oldValues = this.values;
    const oldHashes = this.hashes;
    const capacity = oldValues.length * 2;
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let k = 0; k < oldValues.length; k++) {
      const v = oldValues[k];
      if (v === undefined) continue;
      let i = oldHashes[k] & this.mask;
      while (this.values[i] !== undefined) i = (i + 1) & this.mask;
      this.values[i] = v;
      this.hashes[i] = oldHashes[k];
    }
  }
}
