import type { KeyValue, TxnRequest } from '../../../../src/engine/etcd';

/** A key-value answer normalized across the real and the simulated etcd. */
export type Kv = Pick<KeyValue, 'key' | 'createRevision' | 'modRevision' | 'version' | 'value'>;

export interface GetOptions {
  rangeEnd?: string;
  revision?: number;
  limit?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: Kv;
  prevKv?: Kv;
}

/** A txn's per-op result, reduced to what both targets report. */
export type TxnOpResult =
  | { put: { prevKv?: Kv } }
  | { deleteRange: { deleted: number } }
  | { range: { kvs: Kv[]; count: number; more: boolean } };

/** What a watch collected: its events, and whether (and why) the server cancelled it. */
export interface WatchResult {
  events: WatchEvent[];
  compactRevision?: number;
  canceled: boolean;
}

export interface OpenWatch {
  /** Waits until `n` events arrived (or a cancellation), then returns what was collected. */
  collect(n: number): Promise<WatchResult>;
  close(): Promise<void>;
}

/** One etcd to run the contract against. Failures reject with the gRPC error message. */
export interface EtcdTarget {
  readonly name: string;
  revision(): Promise<number>;
  put(key: string, value: string, prevKv?: boolean): Promise<{ revision: number; prevKv?: Kv }>;
  get(
    key: string,
    opts?: GetOptions,
  ): Promise<{ revision: number; kvs: Kv[]; count: number; more: boolean }>;
  del(
    key: string,
    rangeEnd?: string,
  ): Promise<{ revision: number; deleted: number; prevKvs: Kv[] }>;
  txn(req: TxnRequest): Promise<{ revision: number; succeeded: boolean; responses: TxnOpResult[] }>;
  compact(revision: number): Promise<void>;
  watch(
    key: string,
    opts: { rangeEnd?: string; startRevision?: number; prevKv?: boolean },
  ): Promise<OpenWatch>;
  close(): Promise<void>;
}

/** The comparable fields of a key-value. */
export function kv(k: Partial<KeyValue> & { key: string }): Kv {
  return {
    key: k.key,
    createRevision: k.createRevision ?? 0,
    modRevision: k.modRevision ?? 0,
    version: k.version ?? 0,
    value: k.value ?? '',
  };
}
