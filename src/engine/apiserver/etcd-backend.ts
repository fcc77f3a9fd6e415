import type { Envelope, NetError } from '../sim';
import type { Transport } from '../sim/process';
import type {
  EtcdBackend,
  EtcdCallback,
  RangeResult,
  StoredKV,
  TxnOp,
  TxnResult,
  WatchEvent,
} from './storage/backend';
import { prefixEnd } from './storage/backend';

/** The owning apiserver's calls, and which etcd member it talks to. */
export interface EtcdTransport extends Transport {
  etcd: string;
}

// The apiserver's etcd client gives up on a request after this long (client-go/etcd3 dial
// and request timeouts are of this order; etcd itself answers "request timed out" sooner).
const ETCD_CALL_TIMEOUT_MS = 10_000;

interface EtcdReply {
  ok: boolean;
  error?: string;
  header?: { revision: number };
  kvs?: StoredKV[];
  count?: number;
  more?: boolean;
  succeeded?: boolean;
  responses?: unknown[];
}

/** The apiserver's etcd client: each call is a request hop to its etcd member. */
export class NetworkEtcdBackend implements EtcdBackend {
  constructor(private readonly t: EtcdTransport) {}

  range(
    req: { key: string; rangeEnd?: string; revision?: number; limit?: number; countOnly?: boolean },
    trace: string | undefined,
    cb: EtcdCallback<RangeResult>,
  ): void {
    const what = req.rangeEnd ? `${req.key}*` : req.key;
    this.t.call(
      {
        to: this.t.etcd,
        verb: 'Range',
        resource: what,
        summary: `range ${what}${req.revision ? ` at revision ${req.revision}` : ''}`,
        payload: req,
        trace,
        background: trace === undefined,
      },
      (err, reply) => {
        const r = this.unwrap(err, reply, cb);
        if (!r) return;
        cb(undefined, {
          revision: r.header!.revision,
          kvs: r.kvs ?? [],
          count: r.count ?? 0,
          more: r.more ?? false,
        });
      },
      ETCD_CALL_TIMEOUT_MS,
    );
  }

  txn(
    req: {
      compare: { key: string; target: 'MOD' | 'VERSION' | 'CREATE'; result: '='; value: number }[];
      success: TxnOp[];
      failure: TxnOp[];
    },
    trace: string | undefined,
    cb: EtcdCallback<TxnResult>,
  ): void {
    const key = req.success[0]?.key ?? req.compare[0]?.key ?? '';
    const payload = {
      compare: req.compare.map((c) => ({
        key: c.key,
        target: c.target,
        result: 'EQUAL',
        ...(c.target === 'MOD'
          ? { modRevision: c.value }
          : c.target === 'VERSION'
            ? { version: c.value }
            : { createRevision: c.value }),
      })),
      success: req.success.map(toRequestOp),
      failure: req.failure.map(toRequestOp),
    };
    const ops = req.success.map((o) => o.op).join('+');
    this.t.call(
      {
        to: this.t.etcd,
        verb: 'Txn',
        resource: key,
        summary: `txn if mod_revision(${key}) = ${req.compare[0]?.value} then ${ops}`,
        payload,
        trace,
        background: trace === undefined,
      },
      (err, reply) => {
        const r = this.unwrap(err, reply, cb);
        if (!r) return;
        const kvs: StoredKV[] = [];
        const prevKvs: StoredKV[] = [];
        for (const resp of (r.responses ?? []) as Record<
          string,
          { kvs?: StoredKV[]; prevKvs?: StoredKV[] }
        >[]) {
          if (resp.range?.kvs) kvs.push(...resp.range.kvs);
          if (resp.deleteRange?.prevKvs) prevKvs.push(...resp.deleteRange.prevKvs);
        }
        cb(undefined, { revision: r.header!.revision, succeeded: !!r.succeeded, kvs, prevKvs });
      },
      ETCD_CALL_TIMEOUT_MS,
    );
  }

  compact(revision: number, cb: EtcdCallback<{ revision: number }>): void {
    this.t.call(
      {
        to: this.t.etcd,
        verb: 'Compact',
        resource: `revision ${revision}`,
        summary: `compact history up to revision ${revision}`,
        payload: { revision },
        background: true,
        trace: 'bg-compaction',
      },
      (err, reply) => {
        const r = this.unwrap(err, reply, cb);
        if (r) cb(undefined, { revision: r.header!.revision });
      },
      ETCD_CALL_TIMEOUT_MS,
    );
  }

  watch(
    prefix: string,
    startRevision: number,
    onEvents: (events: WatchEvent[], revision: number, trace: string | undefined) => void,
    onClose: (reason: string, compactRevision?: number) => void,
  ): () => void {
    let closed = false;
    const id = this.t.openStream(
      {
        to: this.t.etcd,
        verb: 'Watch',
        resource: `${prefix}*`,
        summary: `watch ${prefix}* from revision ${startRevision}`,
        payload: {
          key: prefix,
          rangeEnd: prefixEnd(prefix),
          startRevision,
          prevKv: true,
          requireLeader: true,
        },
        background: true,
      },
      {
        onMessage: (env) => {
          const batch = env.payload as {
            header: { revision: number };
            events: WatchEvent[];
            compactRevision?: number;
            canceled?: boolean;
          };
          if (batch.canceled || batch.compactRevision) {
            closed = true;
            this.t.closeStream(id);
            onClose('canceled', batch.compactRevision);
            return;
          }
          // the batch's trace beside its events, not copied into each of them
          if (batch.events.length > 0) onEvents(batch.events, batch.header.revision, env.trace);
        },
        onClose: (reason) => {
          if (closed) return;
          closed = true;
          onClose(reason);
        },
      },
      ETCD_CALL_TIMEOUT_MS,
    );
    return () => {
      if (closed) return;
      closed = true;
      this.t.closeStream(id);
    };
  }

  private unwrap<T>(
    err: NetError | undefined,
    reply: Envelope | undefined,
    cb: EtcdCallback<T>,
  ): EtcdReply | undefined {
    if (err) {
      // What grpc-go reports to the apiserver when the member cannot be reached.
      cb(
        err === 'timeout'
          ? 'context deadline exceeded'
          : 'rpc error: code = Unavailable desc = connection refused',
      );
      return undefined;
    }
    const r = reply!.payload as EtcdReply;
    if (!r.ok) {
      cb(r.error ?? 'etcdserver: unknown error');
      return undefined;
    }
    return r;
  }
}

function toRequestOp(op: TxnOp): Record<string, unknown> {
  switch (op.op) {
    case 'put':
      return { put: { key: op.key, value: op.value } };
    case 'delete':
      return { deleteRange: { key: op.key, prevKv: true } };
    case 'get':
      return { range: { key: op.key } };
  }
}
