import { KeyTable, keyHash } from '../key-table';

/** An item in the heap, where it stands, and its key (with the key's hash). */
interface Slot<T> {
  item: T;
  key: string;
  hash: number;
  at: number;
}

const keyOfSlot = <T>(s: Slot<T>) => s.key;

/**
 * A binary heap ordered by `less`, with removal by key (backend/heap). Each item's position is
 * kept in its slot, so moving items up and down touches no map: the key index changes only when
 * an item comes or goes.
 */
export class Heap<T> {
  private slots: Slot<T>[] = [];
  private readonly index = new KeyTable<Slot<T>>(keyOfSlot);

  /** `hashOf(t)` is keyHash(keyOf(t)), which items may keep (a PodInfo does). */
  constructor(
    private readonly keyOf: (t: T) => string,
    private readonly less: (a: T, b: T) => boolean,
    private readonly hashOf: (t: T) => number = (t) => keyHash(keyOf(t)),
  ) {}

  get length(): number {
    return this.slots.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    return this.index.get(key)?.item;
  }

  /** Adds or replaces the item with the same key. */
  addOrUpdate(t: T): void {
    const key = this.keyOf(t);
    const hash = this.hashOf(t);
    const slot = this.index.get(key, hash);
    if (slot) {
      slot.item = t;
      this.up(slot.at);
      this.down(slot.at);
      return;
    }
    const added = { item: t, key, hash, at: this.slots.length };
    this.slots.push(added);
    this.index.set(added, hash);
    this.up(added.at);
  }

  peek(): T | undefined {
    return this.slots[0]?.item;
  }

  pop(): T | undefined {
    if (this.slots.length === 0) return undefined;
    const top = this.slots[0].item;
    this.removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const slot = this.index.get(key);
    if (!slot) return undefined;
    this.removeAt(slot.at);
    return slot.item;
  }

  list(): readonly T[] {
    return this.slots.map((s) => s.item);
  }

  private removeAt(i: number): void {
    const last = this.slots.pop()!;
    if (i === this.slots.length) {
      this.index.deleteValue(last, last.hash);
      return;
    }
    const gone = this.slots[i];
    this.index.deleteValue(gone, gone.hash);
    this.slots[i] = last;
    last.at = i;
    this.up(i);
    this.down(last.at);
  }

  private swap(i: number, j: number): void {
    const a = this.slots[i];
    const b = this.slots[j];
    this.slots[i] = b;
    this.slots[j] = a;
    b.at = i;
    a.at = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.slots[i].item, this.slots[parent].item)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.slots.length;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(this.slots[r].item, this.slots[l].item) ? r : l;
      if (!this.less(this.slots[child].item, this.slots[i].item)) break;
      this.swap(i, child);
      i = child;
    }
  }
}
