import type {
  CallOutcome,
  EtcdReply,
  ResponseOp,
  WatchResponse,
} from '../../../../src/engine/etcd';
import { createEtcdCluster, EtcdClient } from '../../../../src/engine/etcd';
import { Simulation } from '../../../../src/engine/sim';
import type { EtcdTarget, OpenWatch, TxnOpResult, WatchResult } from './target';
import { kv } from './target';

/** The simulated etcd: a 3-member cluster, a client on a follower's host, virtual time. */
export function simTarget(seed = 7): EtcdTarget {
  const sim = new Simulation({ seed });
  const nodes = ['control-plane-1', 'control-plane-2', 'control-plane-3'];
  const etcd = createEtcdCluster(sim, nodes);
  sim.runUntil(() => etcd.members.every((m) => m.raft?.lead !== undefined), 20_000);
  const follower = etcd.members.find((m) => !m.isLeader())!;
  const client = new EtcdClient(sim, 'contract-client', follower.host);
  const call = <T>(verb: string, payload: unknown): T => {
    const out: CallOutcome = client.requestSync(follower.id, verb, payload, 10_000);
    if ('netError' in out) throw new Error(`network: ${out.netError}`);
    const reply = out.reply as EtcdReply<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply as unknown as T & { header: { revision: number } };
  };
  type H = { header: { revision: number } };
  const ops = (rs: ResponseOp[]): TxnOpResult[] =>
    rs.map((r) => {
      if ('put' in r) return { put: r.put.prevKv ? { prevKv: kv(r.put.prevKv) } : {} };
      if ('deleteRange' in r) return { deleteRange: { deleted: r.deleteRange.deleted } };
      return { range: { kvs: r.range.kvs.map(kv), count: r.range.count, more: r.range.more } };
    });
  return {
    name: 'simulated etcd',
    revision: async () => call<H>('Range', { key: 'x' }).header.revision,
    put: async (key, value, prevKv) => {
      const r = call<H & { prevKv?: Parameters<typeof kv>[0] }>('Put', { key, value, prevKv });
      return { revision: r.header.revision, ...(r.prevKv ? { prevKv: kv(r.prevKv) } : {}) };
    },
    get: async (key, opts = {}) => {
      const r = call<H & { kvs: []; count: number; more: boolean }>('Range', { key, ...opts });
      return { revision: r.header.revision, kvs: r.kvs.map(kv), count: r.count, more: r.more };
    },
    del: async (key, rangeEnd) => {
      const r = call<H & { deleted: number; prevKvs?: [] }>('DeleteRange', {
        key,
        rangeEnd,
        prevKv: true,
      });
      return {
        revision: r.header.revision,
        deleted: r.deleted,
        prevKvs: (r.prevKvs ?? []).map(kv),
      };
    },
    txn: async (req) => {
      const r = call<H & { succeeded: boolean; responses: ResponseOp[] }>('Txn', req);
      return { revision: r.header.revision, succeeded: r.succeeded, responses: ops(r.responses) };
    },
    compact: async (revision) => {
      call('Compact', { revision });
    },
    watch: async (key, opts) => {
      const w = client.watch(follower.id, { key, ...opts });
      sim.runUntil(() => w.created || w.closed !== undefined, 5000);
      const result = (): WatchResult => {
        const responses: WatchResponse[] = w.responses;
        const events = responses.flatMap((r) =>
          r.events.map((e) => ({
            type: e.type,
            kv: kv(e.kv),
            ...(e.prevKv ? { prevKv: kv(e.prevKv) } : {}),
          })),
        );
        const compacted = responses.find((r) => r.compactRevision);
        return {
          events,
          canceled: responses.some((r) => r.canceled),
          ...(compacted ? { compactRevision: compacted.compactRevision } : {}),
        };
      };
      const open: OpenWatch = {
        collect: async (n) => {
          sim.runUntil(() => result().events.length >= n || result().canceled, 2000);
          sim.advance(50);
          return result();
        },
        close: async () => w.close(),
      };
      return open;
    },
    close: async () => {},
  };
}
