import { ErrCompacted, ErrFutureRev, MvccError } from './mvcc/errors';
import { inRange } from './mvcc/keys';
import type { MvccStore } from './mvcc/store';
import type { TxnRequest } from './mvcc/types';
import type { CompactionRequest, DeleteRangeRequest, PutRequest, TxnResponse } from './protocol';
import {
  ErrDuplicateKey,
  ErrEmptyKey,
  ErrGRPCCompacted,
  ErrGRPCFutureRev,
  ErrTooManyOps,
} from './protocol';

export type WriteVerb = 'Put' | 'DeleteRange' | 'Txn' | 'Compact';

/** What a member puts in a Raft entry (etcdserverpb.InternalRaftRequest). */
export interface Proposal {
  /** unique per proposing member, so it can answer its client once applied */
  id: string;
  verb: WriteVerb;
  txn?: TxnRequest;
  compact?: number;
}

/** The result of applying one proposal, before the header is added. */
export type ApplyResult =
  | { ok: true; revision: number; body: object; summary: string }
  | {
      ok: false;
      error: string;
    };

// server/embed/config.go DefaultMaxTxnOps = 128
const MAX_TXN_OPS = 128;

/** Builds the proposal for a write request, or returns the validation error etcd gives. */
export function toProposal(id: string, verb: WriteVerb, payload: unknown): Proposal | string {
  switch (verb) {
    case 'Put': {
      const p = payload as PutRequest;
      if (!p.key) return ErrEmptyKey;
      return { id, verb, txn: { success: [{ put: { ...p, prevKv: p.prevKv ?? false } }] } };
    }
    case 'DeleteRange': {
      const d = payload as DeleteRangeRequest;
      if (!d.key) return ErrEmptyKey;
      return { id, verb, txn: { success: [{ deleteRange: d }] } };
    }
    case 'Txn': {
      const t = payload as TxnRequest;
      // api/v3rpc/key.go checkTxnRequest / checkTxnReqsPermission
      for (const ops of [t.success ?? [], t.failure ?? []]) {
        if (ops.length > MAX_TXN_OPS || (t.compare?.length ?? 0) > MAX_TXN_OPS)
          return ErrTooManyOps;
        // a key may be put once, and not put and deleted, in one branch of a txn
        const puts = new Set<string>();
        for (const op of ops) {
          if ('put' in op) {
            if (puts.has(op.put.key)) return ErrDuplicateKey;
            puts.add(op.put.key);
          }
        }
        for (const op of ops) {
          if (!('deleteRange' in op)) continue;
          const { key, rangeEnd } = op.deleteRange;
          for (const k of puts) if (inRange(k, key, rangeEnd)) return ErrDuplicateKey;
        }
      }
      return { id, verb, txn: t };
    }
    case 'Compact':
      return { id, verb, compact: (payload as CompactionRequest).revision };
  }
}

/** Applies a committed proposal to the store (server/etcdserver/apply). */
export function applyProposal(store: MvccStore, p: Proposal): ApplyResult {
  try {
    if (p.verb === 'Compact') {
      store.compact(p.compact ?? 0);
      return { ok: true, revision: store.revision, body: {}, summary: `compacted at ${p.compact}` };
    }
    const r = store.txn(p.txn!);
    const rev = r.revision;
    switch (p.verb) {
      case 'Put': {
        const body = 'put' in r.responses[0] ? r.responses[0].put : {};
        return { ok: true, revision: rev, body, summary: `put ok, revision ${rev}` };
      }
      case 'DeleteRange': {
        const d = 'deleteRange' in r.responses[0] ? r.responses[0].deleteRange : { deleted: 0 };
        return {
          ok: true,
          revision: rev,
          body: d,
          summary: `deleted ${d.deleted}, revision ${rev}`,
        };
      }
      default: {
        const body: TxnResponse = { succeeded: r.succeeded, responses: r.responses };
        const summary = `txn ${r.succeeded ? 'succeeded' : 'failed'}, revision ${rev}`;
        return { ok: true, revision: rev, body, summary };
      }
    }
  } catch (e) {
    return { ok: false, error: grpcError(e) };
  }
}

/** The gRPC error string a client sees for an MVCC error. */
export function grpcError(e: unknown): string {
  if (e instanceof MvccError) {
    if (e.message === ErrCompacted) return ErrGRPCCompacted;
    if (e.message === ErrFutureRev) return ErrGRPCFutureRev;
  }
  throw e;
}
