import { compareKV } from './compare';
import { ErrCompacted, ErrFutureRev, MvccError } from './errors';
import { SortedKeys } from './keys';
import type {
  Compare,
  KeyValue,
  MvccEvent,
  RangeOptions,
  RangeResult,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResult,
  WatchBatch,
} from './types';
import type { Watcher } from './watch';
import { selectEvents, WatcherGroup } from './watch';

/** One stored revision of a key (server/storage/mvcc revision.go {Main, Sub}); tomb = deletion. */
interface Rec {
  main: number;
  sub: number;
  kv: KeyValue;
  tomb: boolean;
}

/** A watch registered on the store; cancel() stops it. */
export interface WatchHandle {
  readonly id: number;
  cancel(): void;
}

/**
 * etcd's multi-version key-value store (server/storage/mvcc): one global revision that every
 * write txn bumps once, every version of every key kept until compaction, and watchers fed
 * from history then live.
 *
 *   const s = new MvccStore();
 *   s.put('/a', '1');                        // revision 2 (an empty store is at revision 1)
 *   s.range('/', prefixEnd('/')).kvs;        // [{ key: '/a', createRevision: 2, ... }]
 */
export class MvccStore {
  private index = new Map<string, Rec[]>();
  private keys = new SortedKeys();
  /** every event since the last compaction, in revision order */
  private history: MvccEvent[] = [];
  private rev = 1;
  private compactRev = 0;
  private watchers = new WatcherGroup();
  private nextWatchId = 1;
  private bytes = 0;

  /** The current store revision (kvstore.go currentRev; 1 on an empty store). */
  get revision(): number {
    return this.rev;
  }

  /** The last compacted revision (0 = never compacted). */
  get compactRevision(): number {
    return this.compactRev;
  }

  /** Approximate bytes of data stored (keys and values of every kept version). */
  get sizeBytes(): number {
    return this.bytes;
  }

  get keyCount(): number {
    return this.keys.size;
  }

  /** Range over [key, rangeEnd) (see inRange) at a revision; throws MvccError. */
  range(key: string, rangeEnd?: string, opts: RangeOptions = {}): RangeResult {
    const atRev = this.readRevision(opts.revision);
    return this.rangeAt(key, rangeEnd, atRev, opts);
  }

  /** A put outside any txn: one revision. */
  put(key: string, value: string, lease = 0): TxnResult {
    return this.txn({ success: [{ put: { key, value, lease, prevKv: true } }] });
  }

  /** A deleteRange outside any txn: one revision if any key existed. */
  deleteRange(key: string, rangeEnd?: string): TxnResult {
    return this.txn({ success: [{ deleteRange: { key, rangeEnd, prevKv: true } }] });
  }

  /**
   * rpc.proto Txn: if every compare holds, run `success`, else `failure`. All writes share
   * one main revision (sub-revisions order them); reads inside see the txn's earlier writes.
   */
  txn(req: TxnRequest): TxnResult {
    const succeeded = (req.compare ?? []).every((c) => this.compareHolds(c));
    const ops = (succeeded ? req.success : req.failure) ?? [];
    // Validate reads before writing anything, so a failing txn leaves the store untouched.
    for (const op of ops) if ('range' in op) this.readRevision(op.range.revision);
    const pending = this.rev + 1;
    const events: MvccEvent[] = [];
    const responses: ResponseOp[] = [];
    for (const op of ops) responses.push(this.applyOp(op, pending, events));
    if (events.length > 0) {
      this.rev = pending;
      for (const ev of events) this.history.push(ev);
      this.watchers.notify(pending, events);
    }
    return { succeeded, responses, revision: this.rev, events };
  }

  /**
   * kvstore.go Compact: forget every version older than `rev` except each key's latest one
   * (a latest tombstone goes too). Compacting at or below the last compaction → ErrCompacted.
   */
  compact(rev: number): void {
    if (rev <= this.compactRev) throw new MvccError(ErrCompacted);
    if (rev > this.rev) throw new MvccError(ErrFutureRev);
    this.compactRev = rev;
    const emptied: string[] = [];
    for (const [key, recs] of this.index) {
      let i = lastAtOrBefore(recs, rev);
      if (i < 0) continue;
      if (recs[i].tomb) i++;
      if (i === 0) continue;
      for (let j = 0; j < i; j++) this.bytes -= recBytes(recs[j]);
      recs.splice(0, i);
      if (recs.length === 0) emptied.push(key);
    }
    for (const key of emptied) this.index.delete(key);
    if (emptied.length > 0) {
      const gone = new Set(emptied);
      this.keys.filter((k) => !gone.has(k));
    }
    // Watching from `rev` still sees the puts of `rev`, not its deletions (their tombstones went).
    const from = lowerBoundEvents(this.history, rev);
    const to = lowerBoundEvents(this.history, rev + 1);
    const kept = this.history.slice(from, to).filter((ev) => ev.type === 'PUT');
    this.history = kept.concat(this.history.slice(to));
  }

  /**
   * Watches [key, rangeEnd) from `startRevision` (inclusive; 0 = from the next write).
   * History is delivered at once, then live events. A start below the compaction is
   * delivered as one batch with compactRevision set, and the watch is not registered.
   */
  watch(
    key: string,
    rangeEnd: string | undefined,
    startRevision: number,
    prevKv: boolean,
    deliver: (batch: WatchBatch) => void,
  ): WatchHandle {
    const id = this.nextWatchId++;
    const handle: WatchHandle = { id, cancel: () => this.watchers.delete(id) };
    const minRev = startRevision > 0 ? startRevision : this.rev + 1;
    // watchable_store.go chooseAll: a watcher whose minRev < compactRev is compacted
    if (minRev < this.compactRev) {
      deliver({ revision: this.rev, events: [], compactRevision: this.compactRev });
      return handle;
    }
    const w: Watcher = { id, key, rangeEnd, prevKv, minRev, deliver };
    if (minRev <= this.rev) {
      const events = selectEvents(w, this.history, lowerBoundEvents(this.history, minRev));
      if (events.length > 0) deliver({ revision: this.rev, events });
      w.minRev = this.rev + 1;
    }
    this.watchers.add(w);
    return handle;
  }

  /** How many watchers are registered. */
  get watcherCount(): number {
    return this.watchers.size;
  }

  /**
   * etcdutl snapshot restore --bump-revision (v3_snapshot.go unsafeBumpBucketsRevision): the
   * latest revision jumps ahead by `amount` without a write.
   */
  bumpRevision(amount: number): void {
    this.rev += amount;
  }

  /** A copy of the whole store (without watchers): what a snapshot or a data dir holds. */
  clone(): MvccStore {
    const c = new MvccStore();
    for (const [key, recs] of this.index) c.index.set(key, recs.slice());
    c.keys = this.keys.clone();
    c.history = this.history.slice();
    c.rev = this.rev;
    c.compactRev = this.compactRev;
    c.bytes = this.bytes;
    return c;
  }

  /**
   * A digest of every kept version of every key (like maintenance HashKV): two stores that
   * applied the same log have the same hash.
   */
  hash(): string {
    let h = 0x811c9dc5;
    const mix = (s: string) => {
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    };
    mix(`${this.rev}/${this.compactRev}`);
    this.keys.forEachInRange('', '\0', (k) => {
      for (const r of this.index.get(k)!) {
        mix(`|${k}@${r.main}.${r.sub}${r.tomb ? 'x' : `=${r.kv.version}:${r.kv.value}`}`);
      }
    });
    return (h >>> 0).toString(16).padStart(8, '0');
  }

  private readRevision(revision: number | undefined): number {
    if (revision === undefined || revision <= 0) return this.rev;
    if (revision > this.rev) throw new MvccError(ErrFutureRev);
    if (revision < this.compactRev) throw new MvccError(ErrCompacted);
    return revision;
  }

  private rangeAt(
    key: string,
    rangeEnd: string | undefined,
    atRev: number,
    opts: RangeOptions,
  ): RangeResult {
    const limit = opts.limit ?? 0;
    const kvs: KeyValue[] = [];
    let count = 0;
    this.keys.forEachInRange(key, rangeEnd, (k) => {
      const kv = this.liveAt(k, atRev);
      if (!kv) return;
      count++;
      if (opts.countOnly || (limit > 0 && kvs.length >= limit)) return;
      kvs.push(opts.keysOnly ? { ...kv, value: '' } : kv);
    });
    return { kvs, count, more: limit > 0 && count > limit, revision: this.rev };
  }

  private liveAt(key: string, atRev: number): KeyValue | undefined {
    const recs = this.index.get(key);
    if (!recs) return undefined;
    const i = atRev >= this.rev ? recs.length - 1 : lastAtOrBefore(recs, atRev);
    if (i < 0 || recs[i].tomb) return undefined;
    return recs[i].kv;
  }

  private compareHolds(c: Compare): boolean {
    if (c.rangeEnd === undefined || c.rangeEnd === '') {
      return compareKV(c, this.liveAt(c.key, this.rev));
    }
    const { kvs } = this.rangeAt(c.key, c.rangeEnd, this.rev, {});
    if (kvs.length === 0) return compareKV(c, undefined);
    return kvs.every((kv) => compareKV(c, kv));
  }

  private applyOp(op: RequestOp, pending: number, events: MvccEvent[]): ResponseOp {
    if ('put' in op) {
      const { key, value, lease = 0, prevKv } = op.put;
      const prev = this.liveAt(key, pending);
      const kv: KeyValue = {
        key,
        createRevision: prev ? prev.createRevision : pending,
        modRevision: pending,
        version: prev ? prev.version + 1 : 1,
        value,
        lease,
      };
      this.store(key, { main: pending, sub: events.length, kv, tomb: false });
      events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
      return { put: prevKv && prev ? { prevKv: prev } : {} };
    }
    if ('deleteRange' in op) {
      const { key, rangeEnd, prevKv } = op.deleteRange;
      const { kvs } = this.rangeAt(key, rangeEnd, pending, {});
      for (const prev of kvs) {
        const kv: KeyValue = {
          key: prev.key,
          createRevision: 0,
          modRevision: pending,
          version: 0,
          value: '',
          lease: 0,
        };
        this.store(prev.key, { main: pending, sub: events.length, kv, tomb: true });
        events.push({ type: 'DELETE', kv, prevKv: prev });
      }
      return {
        deleteRange: prevKv ? { deleted: kvs.length, prevKvs: kvs } : { deleted: kvs.length },
      };
    }
    const { key, rangeEnd, ...opts } = op.range;
    const atRev = opts.revision && opts.revision > 0 ? opts.revision : pending;
    const { kvs, count, more } = this.rangeAt(key, rangeEnd, atRev, opts);
    return { range: { kvs, count, more } };
  }

  private store(key: string, rec: Rec): void {
    let recs = this.index.get(key);
    if (!recs) {
      recs = [];
      this.index.set(key, recs);
      this.keys.insert(key);
    }
    recs.push(rec);
    this.bytes += recBytes(rec);
  }
}

function recBytes(r: Rec): number {
  // a bbolt key is the 17-byte revision; the value is the marshalled KeyValue
  return 17 + r.kv.key.length + r.kv.value.length + 32;
}

/** Index of the last record with main <= rev, or -1. */
function lastAtOrBefore(recs: readonly Rec[], rev: number): number {
  let lo = 0;
  let hi = recs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (recs[mid].main <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first event with modRevision >= rev. */
function lowerBoundEvents(events: readonly MvccEvent[], rev: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].kv.modRevision < rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
