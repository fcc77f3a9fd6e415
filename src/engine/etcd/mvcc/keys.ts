/**
 * etcd's range rules over keys (client/v3 op.go, server/storage/mvcc index.go):
 * no rangeEnd = the single key; rangeEnd '\0' = every key >= key; otherwise [key, rangeEnd).
 */
export function inRange(k: string, key: string, rangeEnd: string | undefined): boolean {
  if (rangeEnd === undefined || rangeEnd === '') return k === key;
  if (rangeEnd === '\0') return k >= key;
  return k >= key && k < rangeEnd;
}

/** client/v3 op.go GetPrefixRangeEnd: the key with its last byte + 1 (trailing 0xff dropped). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  // every byte is 0xff (or the prefix is empty): the range is every key from `prefix` on
  return '\0';
}

/** A sorted set of keys: binary search for ranges, O(log n) lookup, O(n) memmove on insert. */
export class SortedKeys {
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Index of the first key >= k. */
  lowerBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] !== k) this.keys.splice(i, 0, k);
  }

  remove(k: string): void {
    const i = this.lowerBound(k);
    if (this.keys[i] === k) this.keys.splice(i, 1);
  }

  /** Calls `visit` for each key in etcd's range [key, rangeEnd) in order; stop by returning false. */
  forEachInRange(key: string, rangeEnd: string | undefined, visit: (k: string) => boolean | void) {
    if (rangeEnd === undefined || rangeEnd === '') {
      const i = this.lowerBound(key);
      if (this.keys[i] === key) visit(key);
      return;
    }
    const all = rangeEnd === '\0';
    for (let i = this.lowerBound(key); i < this.keys.length; i++) {
      const k = this.keys[i];
      if (!all && k >= rangeEnd) break;
      if (visit(k) === false) break;
    }
  }

  /** Removes every key for which `drop` holds (one pass; used by compaction). */
  filter(keep: (k: string) => boolean): void {
    this.keys = this.keys.filter(keep);
  }

  clone(): SortedKeys {
    const c = new SortedKeys();
    c.keys = this.keys.slice();
    return c;
  }
}
