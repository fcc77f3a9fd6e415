// server/storage/mvcc/kvstore.go: the store's own errors (the gRPC layer prefixes "etcdserver: ").
export const ErrCompacted = 'mvcc: required revision has been compacted';
export const ErrFutureRev = 'mvcc: required revision is a future revision';

/** An error raised by the MVCC store, carrying etcd's exact message. */
export class MvccError extends Error {
  constructor(message: typeof ErrCompacted | typeof ErrFutureRev) {
    super(message);
    this.name = 'MvccError';
  }
}
