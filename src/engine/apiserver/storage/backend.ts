/**
 * What the apiserver needs from etcd (k8s.io/apiserver pkg/storage/etcd3 uses the same few
 * calls): linearizable ranges, compare-and-swap transactions and watches. The apiserver
 * reaches etcd only through this, over the simulated network.
 */
export interface StoredKV {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

export interface RangeResult {
  revision: number;
  kvs: StoredKV[];
  count: number;
  more: boolean;
}

export interface TxnResult {
  revision: number;
  succeeded: boolean;
  /** kvs read by range ops of the branch taken (used for "get on failure"). */
  kvs: StoredKV[];
  /** previous kvs of deletes in the branch taken. */
  prevKvs: StoredKV[];
}

export type Compare = {
  key: string;
  target: 'MOD' | 'VERSION' | 'CREATE';
  result: '=';
  value: number;
};

export type TxnOp =
  | { op: 'put'; key: string; value: string }
  | { op: 'delete'; key: string }
  | { op: 'get'; key: string };

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: StoredKV;
  prevKv?: StoredKV;
}

export type EtcdCallback<T> = (err: string | undefined, result?: T) => void;

export interface EtcdBackend {
  range(
    req: { key: string; rangeEnd?: string; revision?: number; limit?: number; countOnly?: boolean },
    trace: string | undefined,
    cb: EtcdCallback<RangeResult>,
  ): void;
  txn(
    req: { compare: Compare[]; success: TxnOp[]; failure: TxnOp[] },
    trace: string | undefined,
    cb: EtcdCallback<TxnResult>,
  ): void;
  /** Compacts the key-value history up to `revision`. */
  compact(revision: number, cb: EtcdCallback<{ revision: number }>): void;
  /** Watches a prefix from a revision; returns a cancel function. Each batch of events comes
   *  with the trace of the write that produced it. */
  watch(
    prefix: string,
    startRevision: number,
    onEvents: (events: WatchEvent[], revision: number, trace: string | undefined) => void,
    onClose: (reason: string, compactRevision?: number) => void,
  ): () => void;
}

/** The end of the key range that holds every key starting with `prefix` (etcd's prefix rule). */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
