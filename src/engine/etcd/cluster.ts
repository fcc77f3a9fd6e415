import type { Simulation } from '../sim/simulation';
import { DataDir } from './disk';
import { etcdProcessId } from './ids';
import type { EtcdMemberOptions } from './member';
import { EtcdMember } from './member';
import type { MvccStore } from './mvcc/store';
import type { EtcdSnapshotFile } from './protocol';

/** The etcd members of a cluster, one per control-plane node. */
export interface EtcdCluster {
  readonly members: readonly EtcdMember[];
  /** The member that is leader of the highest term among live members, if any. */
  leader(): EtcdMember | undefined;
  /** The member on a node (throws for an unknown node). */
  member(nodeName: string): EtcdMember;
  /**
   * Disaster recovery as the etcd docs describe it: stop every member, `etcdutl snapshot
   * restore` the same snapshot into a fresh data dir on each, start them as a new cluster.
   */
  restoreFrom(snapshot: EtcdSnapshotFile): void;
}

/**
 * Creates one etcd member on each node (ids `etcd@<node>`); they elect a leader on their own
 * within a few election timeouts of virtual time.
 *
 *   const etcd = createEtcdCluster(sim, ['control-plane-1', 'control-plane-2', 'control-plane-3']);
 *   sim.runUntil(() => etcd.leader() !== undefined, 10_000);
 */
export function createEtcdCluster(
  sim: Simulation,
  nodeNames: readonly string[],
  options: EtcdMemberOptions = {},
): EtcdCluster {
  if (nodeNames.length < 1 || nodeNames.length > 5) {
    throw new Error(`an etcd cluster needs 1 to 5 members, got ${nodeNames.length}`);
  }
  const members = nodeNames.map((n) => new EtcdMember(sim, n, nodeNames, options));
  const byName = new Map(members.map((m) => [m.name, m]));
  return {
    members,
    leader() {
      let best: EtcdMember | undefined;
      for (const m of members) {
        if (m.isLeader() && (!best || m.raft!.term > best.raft!.term)) best = m;
      }
      return best;
    },
    member(nodeName: string) {
      const m = byName.get(nodeName);
      if (!m) throw new Error(`no etcd member ${etcdProcessId(nodeName)}`);
      return m;
    },
    restoreFrom(snapshot: EtcdSnapshotFile) {
      for (const m of members) m.kill();
      for (const m of members) m.replaceDataDir(DataDir.fromSnapshot(snapshot.store as MvccStore));
      for (const m of members) m.start();
    },
  };
}
