export { createEtcdCluster } from './cluster';
export type { EtcdCluster } from './cluster';
export { DataDir } from './disk';
export { clusterIdOf, etcdProcessId, hexToDecimal, memberIdOf } from './ids';
export { EtcdMember, ETCD_VERSION } from './member';
export type { EtcdMemberOptions } from './member';
export {
  compareKV,
  ErrCompacted,
  ErrFutureRev,
  inRange,
  MvccError,
  MvccStore,
  prefixEnd,
  SortedKeys,
} from './mvcc';
export type { WatchHandle } from './mvcc';
export type * as mvcc from './mvcc/types';
export * from './protocol';
export { RaftLog, RaftNode } from './raft';
export { EtcdClient } from './client';
export type { CallOutcome, ClientWatch } from './client';
export { runEtcdctl } from './etcdctl';
export type { EtcdctlContext, EtcdctlFiles, EtcdctlResult } from './etcdctl';
