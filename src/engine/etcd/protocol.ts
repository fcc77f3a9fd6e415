/**
 * The client protocol of a simulated etcd member: what kube-apiserver (or etcdctl) sends to
 * `etcd@<node>` over the simulated network. It mirrors etcd's gRPC API (api/etcdserverpb
 * rpc.proto) with camelCase fields and string keys/values.
 *
 * Unary requests are made with `Process.call(env, handler, timeoutMs)`:
 *
 * | verb          | payload              | reply (when ok)                                  |
 * |---------------|----------------------|--------------------------------------------------|
 * | `Range`       | {@link RangeRequest} | {@link RangeResponse}                            |
 * | `Put`         | {@link PutRequest}   | {@link PutResponse}                              |
 * | `DeleteRange` | {@link DeleteRangeRequest} | {@link DeleteRangeResponse}                |
 * | `Txn`         | {@link TxnRequest}   | {@link TxnResponse}                              |
 * | `Compact`     | {@link CompactionRequest} | {}                                          |
 * | `Status`      | {}                   | {@link StatusResponse}                           |
 * | `MemberList`  | {}                   | {@link MemberListResponse}                       |
 * | `Snapshot`    | {}                   | {@link SnapshotResponse}                         |
 *
 * Every reply payload is an {@link EtcdReply}: `{ ok: true, header, ...result }` or
 * `{ ok: false, error }` where `error` is the exact string etcd's gRPC layer returns
 * (api/v3rpc/rpctypes/error.go), e.g. `etcdserver: request timed out`. Error replies carry
 * an HTTP-like `status` on the envelope (400 OutOfRange, 503 Unavailable) so hops show them.
 *
 * Writes (Put, DeleteRange, Txn, Compact) go through Raft and are answered by the member that
 * received them once it has applied them. Range is linearizable (ReadIndex) unless
 * `serializable: true`, which reads the member's applied state at once.
 *
 * A watch is a stream opened with `Process.openStream(env, handlers, timeoutMs)`, verb `Watch`,
 * payload {@link WatchRequest}. The member acknowledges with a response
 * `{ ok: true, header, watchId, created: true }` (or `{ ok: false, error }` with status 503),
 * then pushes {@link WatchResponse} messages (verb `WatchResponse`). After a push with
 * `canceled: true` nothing more comes; the client closes the stream. A stream closed by the
 * client is noticed by the member at its next push. Watches are served from the applied state
 * of the member the client connected to.
 *
 * Raft traffic between members uses one-way messages whose verb is the raftpb message type
 * (`MsgApp`, `MsgAppResp`, `MsgVote`, …) and whose payload is a {@link RaftMessage}.
 */
import type {
  KeyValue,
  MvccEvent,
  RangeOptions,
  ResponseOp,
  TxnRequest as MvccTxnRequest,
} from './mvcc/types';

export type { Compare, KeyValue, MvccEvent, RequestOp, ResponseOp } from './mvcc/types';
export type { RaftMessage } from './raft/types';

/** rpc.proto ResponseHeader; ids are 16 hex digits, as etcdctl prints them. */
export interface ResponseHeader {
  clusterId: string;
  memberId: string;
  /** the key-value store revision when the request was applied */
  revision: number;
  raftTerm: number;
}

export type EtcdReply<T = object> = ({ ok: true; header: ResponseHeader } & T) | EtcdErrorReply;

export interface EtcdErrorReply {
  ok: false;
  error: string;
}

export interface RangeRequest extends RangeOptions {
  key: string;
  /** '' or absent = just `key`; '\0' = every key >= key; else [key, rangeEnd) */
  rangeEnd?: string;
  /** serve from this member's applied state without a ReadIndex round */
  serializable?: boolean;
}
export interface RangeResponse {
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface PutRequest {
  key: string;
  value: string;
  lease?: number;
  prevKv?: boolean;
}
export interface PutResponse {
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: string;
  rangeEnd?: string;
  prevKv?: boolean;
}
export interface DeleteRangeResponse {
  deleted: number;
  prevKvs?: KeyValue[];
}

export type TxnRequest = MvccTxnRequest;
export interface TxnResponse {
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionRequest {
  revision: number;
  physical?: boolean;
}

export interface WatchRequest {
  key: string;
  rangeEnd?: string;
  /** inclusive; absent or 0 = from the next revision */
  startRevision?: number;
  prevKv?: boolean;
  /** push an empty response with the current revision every 10 minutes of quiet */
  progressNotify?: boolean;
  /** clientv3.WithRequireLeader (kube-apiserver sets it): refuse or cancel without a leader */
  requireLeader?: boolean;
}
export interface WatchCreated {
  watchId: number;
  created: true;
}
/** A message pushed down a watch stream. */
export interface WatchResponse {
  header: ResponseHeader;
  watchId: number;
  events: MvccEvent[];
  /** set when the start revision was compacted; the watch is cancelled */
  compactRevision?: number;
  canceled?: boolean;
  cancelReason?: string;
}

/** rpc.proto StatusResponse (maintenance), as `etcdctl endpoint status` shows it. */
export interface StatusResponse {
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  /** member id of the leader, '0' without one */
  leader: string;
  /** the committed Raft index */
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  isLearner: boolean;
}

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}
export interface MemberListResponse {
  members: Member[];
}

/** The member's applied state at one revision: what `etcdctl snapshot save` writes. */
export interface EtcdSnapshotFile {
  revision: number;
  /** an opaque copy of the MVCC store (see MvccStore.clone) */
  store: unknown;
  sizeBytes: number;
}
export interface SnapshotResponse {
  snapshot: EtcdSnapshotFile;
}

// api/v3rpc/rpctypes/error.go: the strings clients receive.
export const ErrNoLeader = 'etcdserver: no leader';
export const ErrTimeout = 'etcdserver: request timed out';
export const ErrTimeoutDueToLeaderFail =
  'etcdserver: request timed out, possibly due to previous leader failure';
export const ErrTimeoutDueToConnectionLost =
  'etcdserver: request timed out, possibly due to connection lost';
export const ErrLeaderChanged = 'etcdserver: leader changed';
export const ErrGRPCCompacted = 'etcdserver: mvcc: required revision has been compacted';
export const ErrGRPCFutureRev = 'etcdserver: mvcc: required revision is a future revision';
export const ErrEmptyKey = 'etcdserver: key is not provided';
export const ErrTooManyOps = 'etcdserver: too many operations in txn request';
export const ErrDuplicateKey = 'etcdserver: duplicate key given in txn request';

/** The port every member serves clients on (server/embed/config.go DefaultListenClientURLs). */
export const CLIENT_PORT = 2379;
export const PEER_PORT = 2380;
