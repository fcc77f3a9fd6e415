export { RaftLog } from './log';
export { Progress } from './progress';
export { RaftNode } from './raft';
export type { RaftConfig, RaftEnv } from './raft';
export type * from './types';
