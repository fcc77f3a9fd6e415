// Shapes of etcd-io/raft's raftpb: entries, messages, hard state, snapshots.

/** raftpb.Entry: one slot of the replicated log. `data` is opaque to Raft (the etcd request). */
export interface Entry {
  term: number;
  index: number;
  /** undefined for the empty entry a new leader appends in its term */
  data?: unknown;
  /** raftpb.EntryConfChange: a membership change (a new cluster's log opens with one per member) */
  confChange?: { type: 'ConfChangeAddNode'; nodeId: string };
  /** the client story this entry serves (carried onto the hops that replicate it) */
  trace?: string;
}

/** raftpb.MessageType names, as the hops show them. */
export type RaftMessageType =
  | 'MsgProp'
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgPreVote'
  | 'MsgPreVoteResp'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgSnap'
  | 'MsgReadIndex'
  | 'MsgReadIndexResp';

/** raftpb.Message: every field but type/from/to/term is optional, as in the protobuf. */
export interface RaftMessage {
  type: RaftMessageType;
  from: string;
  to: string;
  term: number;
  /** MsgApp: index of the entry before `entries`; MsgAppResp: last index matched (or rejected) */
  index?: number;
  /** term of `index` (MsgApp, votes), or of the reject hint (MsgAppResp) */
  logTerm?: number;
  entries?: Entry[];
  commit?: number;
  reject?: boolean;
  rejectHint?: number;
  /** ReadIndex request context, echoed through heartbeats */
  context?: string;
  snapshot?: Snapshot;
  /** not in raftpb: the client story the message serves, for the hop */
  trace?: string;
}

/** raftpb.HardState: what must be on disk before a message is sent. */
export interface HardState {
  term: number;
  vote?: string;
  commit: number;
}

/**
 * raftpb.Snapshot: the state machine at `index`. `data` (the member's MVCC store) travels only
 * in MsgSnap; the log keeps the index and term of its last snapshot.
 */
export interface Snapshot {
  index: number;
  term: number;
  data: unknown;
}

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';
