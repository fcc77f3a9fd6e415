import { compareKV } from './compare';
import { decodeDelta, encodeDelta } from './delta';
import { SiblingDictionary } from './dictionary';
import { ErrCompacted, ErrFutureRev, MvccError } from './errors';
import { inRange, SortedKeys } from './keys';
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

/**
 * One stored revision of a key (server/storage/mvcc revision.go {Main, Sub}); tomb = deletion.
 * A key's latest version is kept whole once read; an older one, or a first version nobody has
 * read yet, is packed.
 */
type Rec = FullRec | PackedRec;

interface FullRec {
  main: number;
  sub: number;
  tomb: boolean;
  kv: KeyValue;
}

/**
 * A put kept as a delta (etcd keeps values in bbolt on disk, not in memory): a superseded one
 * against the next version's value, rebuilt only for a read or watch at an old revision; a
 * first version against a sibling's value (`ref`), rebuilt and kept whole when first read.
 */
interface PackedRec {
  main: number;
  sub: number;
  tomb: false;
  kv: undefined;
  createRevision: number;
  version: number;
  lease: number;
  delta: string;
  /** the sibling value the delta is against; undefined = the next version's value */
  ref: string | undefined;
  /** recBytes of the full version, for the db size */
  bytes: number;
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
  /** the key and main revision of every event since the last compaction, in revision order */
  private historyKeys: string[] = [];
  private historyRevs: number[] = [];
  private rev = 1;
  private compactRev = 0;
  private dictionary = new SiblingDictionary();
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
      for (const ev of events) {
        this.historyKeys.push(ev.kv.key);
        this.historyRevs.push(pending);
      }
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
    // Watching from `rev` still sees the puts of `rev`, not its deletions: their tombstones went
    // from the index, so eventsSince skips them.
    const from = lowerBound(this.historyRevs, rev);
    this.historyKeys = this.historyKeys.slice(from);
    this.historyRevs = this.historyRevs.slice(from);
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
      const events = selectEvents(w, this.eventsSince(minRev, key, rangeEnd));
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
    c.dictionary = this.dictionary.clone();
    c.historyKeys = this.historyKeys.slice();
    c.historyRevs = this.historyRevs.slice();
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
      const recs = this.index.get(k)!;
      recs.forEach((r, i) => {
        if (r.tomb) return mix(`|${k}@${r.main}.${r.sub}x`);
        const kv = kvOf(k, recs, i);
        mix(`|${k}@${r.main}.${r.sub}=${kv.version}:${kv.value}`);
      });
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
    const last = recs.length - 1;
    const i = atRev >= this.rev ? last : lastAtOrBefore(recs, atRev);
    if (i < 0 || recs[i].tomb) return undefined;
    const kv = kvOf(key, recs, i);
    // a latest version read once is likely read again: keep it whole (and the same object)
    if (i === last && !recs[i].kv)
      recs[i] = { main: kv.modRevision, sub: recs[i].sub, tomb: false, kv };
    return kv;
  }

  /**
   * The events of [key, rangeEnd) from `minRev` on, rebuilt from the index as etcd reads them
   * back from bbolt (watchable_store.go syncWatchers). prevKv is the version before, as
   * v3rpc/watch.go ranges at modRevision - 1; an event whose record compaction removed (a
   * deletion at the compaction revision) is gone.
   */
  private eventsSince(minRev: number, key: string, rangeEnd: string | undefined): MvccEvent[] {
    const events: MvccEvent[] = [];
    const values = new Map<Rec, KeyValue>();
    for (let h = lowerBound(this.historyRevs, minRev); h < this.historyRevs.length; h++) {
      const k = this.historyKeys[h];
      if (!inRange(k, key, rangeEnd)) continue;
      const recs = this.index.get(k);
      const main = this.historyRevs[h];
      const i = recs ? lastAtOrBefore(recs, main) : -1;
      if (!recs || i < 0 || recs[i].main !== main) continue;
      const prev = i > 0 && !recs[i - 1].tomb ? kvOf(k, recs, i - 1, values) : undefined;
      if (recs[i].tomb) {
        events.push({ type: 'DELETE', kv: recs[i].kv!, ...(prev && { prevKv: prev }) });
      } else {
        const kv = kvOf(k, recs, i, values);
        events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
      }
    }
    return events;
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

  private store(key: string, rec: FullRec): void {
    let recs = this.index.get(key);
    if (!recs) {
      recs = [];
      this.index.set(key, recs);
      this.keys.insert(key);
    }
    const last = recs.length - 1;
    // the version this put supersedes is packed against it (a new record: clones share records)
    if (last >= 0 && !rec.tomb) {
      const prev = recs[last];
      if (prev.kv && !prev.tomb) {
        recs[last] = packed(prev, prev.kv, encodeDelta(prev.kv.value, rec.kv.value), undefined);
      }
    }
    this.bytes += recBytes(rec);
    const sibling = !rec.tomb && rec.kv.version === 1 && this.dictionary.pack(key, rec.kv.value);
    recs.push(sibling ? packed(rec, rec.kv, sibling.delta, sibling.ref) : rec);
  }
}

function packed(rec: FullRec, kv: KeyValue, delta: string, ref: string | undefined): PackedRec {
  return {
    main: rec.main,
    sub: rec.sub,
    tomb: false,
    kv: undefined,
    createRevision: kv.createRevision,
    version: kv.version,
    lease: kv.lease,
    delta,
    ref,
    bytes: recBytes(rec),
  };
}

/**
 * The KeyValue of a key's version recs[i] (not a tombstone): a packed one is rebuilt from the
 * versions after it, down from the nearest one that stands alone (whole, memoized or packed
 * against a sibling). `values` memoizes across calls.
 */
function kvOf(key: string, recs: readonly Rec[], i: number, values?: Map<Rec, KeyValue>): KeyValue {
  const r = recs[i];
  if (r.kv) return r.kv;
  let j = i;
  let kv: KeyValue | undefined;
  for (; !kv; j++) {
    const q = recs[j];
    kv = q.kv ?? values?.get(q);
    if (!kv && !q.kv && q.ref !== undefined) {
      kv = unpack(key, q, q.ref);
      values?.set(q, kv);
    }
  }
  for (j -= 2; j >= i; j--) {
    const p = recs[j] as PackedRec;
    kv = unpack(key, p, kv.value);
    values?.set(p, kv);
  }
  return kv;
}

function unpack(key: string, p: PackedRec, reference: string): KeyValue {
  return {
    key,
    createRevision: p.createRevision,
    modRevision: p.main,
    version: p.version,
    value: decodeDelta(p.delta, reference),
    lease: p.lease,
  };
}

function recBytes(r: Rec): number {
  if (!r.kv) return r.bytes;
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

/** Index of the first revision >= rev in a sorted list. */
function lowerBound(revs: readonly number[], rev: number): number {
  let lo = 0;
  let hi = revs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (revs[mid] < rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
