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

// Keys per block before it splits in two: large enough that finding a block is a short binary
// search, small enough that an insert's shift stays cheap with hundreds of thousands of keys.
const MAX_BLOCK = 512;

/**
 * A sorted set of keys, as etcd's treeIndex keeps them in a B-tree (server/storage/mvcc
 * index.go): sorted blocks of at most MAX_BLOCK keys, so an insert shifts one block instead of
 * every key after it (a flat array made each new key cost O(n), quadratic over a run).
 */
export class SortedKeys {
  /** non-empty sorted blocks; every key of a block sorts before every key of the next */
  private blocks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of the first block whose last key is >= k (blocks.length when k is past them all). */
  private blockOf(k: string): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid];
      if (block[block.length - 1] < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(k: string): void {
    const blocks = this.blocks;
    if (blocks.length === 0) {
      blocks.push([k]);
      this.count = 1;
      return;
    }
    // a key past every block goes at the end of the last one
    const b = Math.min(this.blockOf(k), blocks.length - 1);
    const block = blocks[b];
    const i = lowerBound(block, k);
    if (block[i] === k) return;
    block.splice(i, 0, k);
    this.count++;
    if (block.length > MAX_BLOCK) blocks.splice(b + 1, 0, block.splice(block.length >>> 1));
  }

  remove(k: string): void {
    const b = this.blockOf(k);
    const block = this.blocks[b];
    if (!block) return;
    const i = lowerBound(block, k);
    if (block[i] !== k) return;
    block.splice(i, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(b, 1);
  }

  /** Calls `visit` for each key in etcd's range [key, rangeEnd) in order; stop by returning false. */
  forEachInRange(key: string, rangeEnd: string | undefined, visit: (k: string) => boolean | void) {
    const first = this.blockOf(key);
    if (first === this.blocks.length) return;
    let i = lowerBound(this.blocks[first], key);
    if (rangeEnd === undefined || rangeEnd === '') {
      if (this.blocks[first][i] === key) visit(key);
      return;
    }
    const all = rangeEnd === '\0';
    for (let b = first; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b];
      for (; i < block.length; i++) {
        const k = block[i];
        if (!all && k >= rangeEnd) return;
        if (visit(k) === false) return;
      }
    }
  }

  /** Keeps only the keys for which `keep` holds (one pass; used by compaction). */
  filter(keep: (k: string) => boolean): void {
    const blocks: string[][] = [];
    let count = 0;
    for (const block of this.blocks) {
      const kept = block.filter(keep);
      if (kept.length === 0) continue;
      blocks.push(kept);
      count += kept.length;
    }
    this.blocks = blocks;
    this.count = count;
  }

  clone(): SortedKeys {
    const c = new SortedKeys();
    c.blocks = this.blocks.map((block) => block.slice());
    c.count = this.count;
    return c;
  }
}

/** Index of the first key >= k in a sorted block. */
function lowerBound(block: readonly string[], k: string): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (block[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
