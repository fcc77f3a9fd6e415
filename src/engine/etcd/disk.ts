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
   * etcdutl snapshot restore: a fresh data dir whose backend is the snapshot's store and whose
   * Raft log is empty (a new cluster starts from term 1 at index 0; the applied state is kept).
   */
  static fromSnapshot(store: MvccStore): DataDir {
    const dir = new DataDir();
    dir.store = store.clone();
    return dir;
  }
}

/** The member's snapshot payload carried by MsgSnap. */
export interface MemberSnapshotData {
  store: MvccStore;
  traces: [number, string][];
}
