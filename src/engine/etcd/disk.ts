import { MvccStore } from './mvcc/store';
import { RaftLog } from './raft/log';

/**
 * A member's data dir: the WAL and snapshots (RaftLog) and the bbolt backend (the MVCC store
 * with its consistent index, the last Raft index applied to it). Survives kill()/start().
 */
export class DataDir {
  raftLog = new RaftLog();
  store = new MvccStore();
  /** cindex.ConsistentIndex: the last Raft entry applied to `store` */
  consistentIndex = 0;
  /** which client story wrote each revision, so watch pushes replayed from history carry it */
  traces = new Map<number, string>();
  /**
   * The membership `etcdutl snapshot restore` wrote (a new cluster id, new member ids); a data
   * dir the member created itself has none and keeps the member's own identity.
   */
  membership?: Membership;

  /**
   * etcdutl snapshot restore: a fresh data dir whose backend is the snapshot's store and whose
   * Raft log is empty (a new cluster starts from term 1 at index 0; the applied state is kept).
   * `bumpRevision` moves the revision ahead and marks it compacted (--bump-revision with
   * --mark-compacted), so no client ever sees a revision go back.
   */
  static fromSnapshot(
    store: MvccStore,
    options: { membership?: Membership; bumpRevision?: number } = {},
  ): DataDir {
    const dir = new DataDir();
    dir.store = store.clone();
    if (options.bumpRevision) {
      dir.store.bumpRevision(options.bumpRevision);
      dir.store.compact(dir.store.revision);
    }
    if (options.membership) dir.membership = options.membership;
    return dir;
  }
}

/** A restored cluster's membership: its id, the local member's id, every member. */
export interface Membership {
  clusterId: string;
  memberId: string;
  members: { id: string; name: string; peerURLs: string[] }[];
}

/** The member's snapshot payload carried by MsgSnap. */
export interface MemberSnapshotData {
  store: MvccStore;
  traces: [number, string][];
}
