/** One linearizable read waiting for a quorum of heartbeat acks (raft read_only.go). */
export interface ReadIndexRequest {
  ctx: string;
  /** the leader's commit index when the read arrived */
  index: number;
  /** who asked: the leader itself or a follower */
  from: string;
  trace?: string;
  acks: Set<string>;
}

/**
 * raft read_only.go (ReadOnlySafe): reads wait in arrival order; a quorum of acks for a
 * heartbeat carrying one read's context releases it and every read before it.
 */
export class ReadOnly {
  private pending = new Map<string, ReadIndexRequest>();
  private queue: string[] = [];

  add(ctx: string, index: number, from: string, trace: string | undefined, self: string): void {
    if (this.pending.has(ctx)) return;
    this.pending.set(ctx, { ctx, index, from, trace, acks: new Set([self]) });
    this.queue.push(ctx);
  }

  /** Records an ack; returns how many voters have acked this context. */
  ack(ctx: string, from: string): number {
    const req = this.pending.get(ctx);
    if (!req) return 0;
    req.acks.add(from);
    return req.acks.size;
  }

  /** Releases the reads up to and including `ctx`. */
  advance(ctx: string): ReadIndexRequest[] {
    const at = this.queue.indexOf(ctx);
    if (at < 0) return [];
    const released = this.queue.splice(0, at + 1).map((c) => this.pending.get(c)!);
    for (const r of released) this.pending.delete(r.ctx);
    return released;
  }

  /** The newest waiting read, whose context heartbeats carry. */
  last(): ReadIndexRequest | undefined {
    const ctx = this.queue[this.queue.length - 1];
    return ctx === undefined ? undefined : this.pending.get(ctx);
  }
}
