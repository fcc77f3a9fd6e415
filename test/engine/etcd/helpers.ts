import type {
  CallOutcome,
  EtcdCluster,
  EtcdMember,
  EtcdMemberOptions,
} from '../../../src/engine/etcd';
import { createEtcdCluster, EtcdClient } from '../../../src/engine/etcd';
import { Simulation } from '../../../src/engine/sim';

export function nodeNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `control-plane-${i + 1}`);
}

/** A cluster of `n` members with one test client per node. */
export function makeCluster(n: number, seed = 1, options: EtcdMemberOptions = {}) {
  const sim = new Simulation({ seed });
  const etcd = createEtcdCluster(sim, nodeNames(n), options);
  const clients = new Map<string, EtcdClient>();
  const clientOn = (m: EtcdMember) => {
    let c = clients.get(m.host);
    if (!c) clients.set(m.host, (c = new EtcdClient(sim, `client@${m.host}`, m.host)));
    return c;
  };
  const settle = (timeoutMs = 20_000) =>
    sim.runUntil(
      () =>
        etcd.leader() !== undefined &&
        etcd.members.every((m) => !m.isUp() || m.raft?.lead !== undefined),
      timeoutMs,
    );
  const call = (m: EtcdMember, verb: string, payload: unknown, trace?: string): CallOutcome =>
    clientOn(m).requestSync(m.id, verb, payload, 10_000, trace);
  return { sim, etcd, settle, call, clientOn };
}

/** Every live member's count of leaders it believes in, per term. */
export function leadersByTerm(etcd: EtcdCluster): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const m of etcd.members) {
    if (!m.isLeader()) continue;
    const list = out.get(m.raft!.term) ?? [];
    list.push(m.id);
    out.set(m.raft!.term, list);
  }
  return out;
}

export function errorOf(o: CallOutcome): string | undefined {
  if ('netError' in o) return `net:${o.netError}`;
  return o.reply.ok ? undefined : o.reply.error;
}
