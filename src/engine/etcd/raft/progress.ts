/**
 * tracker.Progress: what the leader knows of one follower's log. In `probe` the leader sends
 * one MsgApp at a time until it finds where the logs match; in `replicate` it streams entries
 * optimistically; in `snapshot` it waits for a snapshot to be installed.
 */
export class Progress {
  match = 0;
  next: number;
  state: 'probe' | 'replicate' | 'snapshot' = 'probe';
  /** probe: a MsgApp is in flight, wait for its answer (or a heartbeat response) */
  probeSent = false;
  pendingSnapshot = 0;
  snapshotSentAt = 0;
  /** when the follower last answered a MsgApp */
  lastAppRespAt = 0;
  /** the commit index last sent to this follower */
  sentCommit = 0;
  /** heard from since the last CheckQuorum round */
  recentActive = false;

  constructor(next: number) {
    this.next = next;
  }

  paused(): boolean {
    return (this.state === 'probe' && this.probeSent) || this.state === 'snapshot';
  }

  becomeProbe(): void {
    // After a snapshot, probe from just past it.
    this.next =
      this.state === 'snapshot'
        ? Math.max(this.match + 1, this.pendingSnapshot + 1)
        : this.match + 1;
    this.state = 'probe';
    this.probeSent = false;
    this.pendingSnapshot = 0;
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.probeSent = false;
    this.next = this.match + 1;
  }

  becomeSnapshot(index: number, now: number): void {
    this.state = 'snapshot';
    this.pendingSnapshot = index;
    this.snapshotSentAt = now;
  }

  /** An acknowledgement of `n`; false if it is stale. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /** tracker.Progress.MaybeDecrTo: a rejection of `rejected`, with the follower's hint. */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), 1);
    this.probeSent = false;
    return true;
  }
}
