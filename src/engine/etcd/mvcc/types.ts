// Shapes of the MVCC store, named after etcd's api/mvccpb/kv.proto and api/etcdserverpb/rpc.proto.

/** api/mvccpb/kv.proto KeyValue: one version of one key. Immutable once stored. */
export interface KeyValue {
  key: string;
  /** revision of last creation on this key */
  createRevision: number;
  /** revision of last modification on this key */
  modRevision: number;
  /** a deletion resets the version to zero and any modification increases it */
  version: number;
  value: string;
  /** lease id attached to the key, 0 = none */
  lease: number;
}

/** api/mvccpb/kv.proto Event. A DELETE carries the key with modRevision = the deletion. */
export interface MvccEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface RangeOptions {
  /** read at this revision; <= 0 means the current one */
  revision?: number;
  /** at most this many keys; 0 = no limit */
  limit?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** how many keys are in the range (ignores limit) */
  count: number;
  /** whether limit cut the answer short */
  more: boolean;
  /** the store revision when the read ran */
  revision: number;
}

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
export type CompareResult = 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';

/** rpc.proto Compare: `target` of every key in [key, rangeEnd) compared to the given value. */
export interface Compare {
  key: string;
  rangeEnd?: string;
  target: CompareTarget;
  result: CompareResult;
  version?: number;
  createRevision?: number;
  modRevision?: number;
  value?: string;
  lease?: number;
}

export interface PutOp {
  put: { key: string; value: string; lease?: number; prevKv?: boolean };
}
export interface DeleteRangeOp {
  deleteRange: { key: string; rangeEnd?: string; prevKv?: boolean };
}
export interface RangeOp {
  range: { key: string; rangeEnd?: string } & RangeOptions;
}
/** rpc.proto RequestOp. */
export type RequestOp = PutOp | DeleteRangeOp | RangeOp;

/** rpc.proto ResponseOp (headers omitted: the txn header stands for all). */
export type ResponseOp =
  | { put: { prevKv?: KeyValue } }
  | { deleteRange: { deleted: number; prevKvs?: KeyValue[] } }
  | { range: Omit<RangeResult, 'revision'> };

export interface TxnRequest {
  compare?: Compare[];
  success?: RequestOp[];
  failure?: RequestOp[];
}

export interface TxnResult {
  succeeded: boolean;
  responses: ResponseOp[];
  /** the store revision after the txn (unchanged if it wrote nothing) */
  revision: number;
  /** the events the txn produced, in sub-revision order */
  events: MvccEvent[];
}

/** What a watcher receives: events of one or more revisions, or a compaction notice. */
export interface WatchBatch {
  /** the store revision when the batch was sent */
  revision: number;
  events: MvccEvent[];
  /** set (and the watcher cancelled) when its start revision was compacted */
  compactRevision?: number;
}
