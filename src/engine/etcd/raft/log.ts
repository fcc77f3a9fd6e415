import type { Entry, HardState, Snapshot } from './types';

/**
 * The durable part of a Raft member (raft.MemoryStorage plus the WAL): hard state, the log
 * after the last snapshot, and that snapshot. It survives a crash, as a disk does.
 * `entries[0]` is a dummy holding the snapshot's index and term, as in etcd-io/raft.
 */
export class RaftLog {
  hardState: HardState = { term: 0, commit: 0 };
  snapshot: Snapshot = { index: 0, term: 0, data: undefined };
  private entries: Entry[] = [{ term: 0, index: 0 }];

  /**
   * raft bootstrap.go (RawNode.Bootstrap, as etcd's StartNode calls it for a new cluster): an
   * empty log opens with one ConfChangeAddNode entry per member at term 1, all committed, so
   * the first election is held in term 2. A log already written is left alone.
   */
  bootstrap(peers: readonly string[]): void {
    if (this.lastIndex() > 0 || this.hardState.term > 0) return;
    peers.forEach((nodeId, i) =>
      this.entries.push({
        term: 1,
        index: i + 1,
        confChange: { type: 'ConfChangeAddNode', nodeId },
      }),
    );
    this.hardState = { term: 1, commit: peers.length };
  }

  firstIndex(): number {
    return this.entries[0].index + 1;
  }

  lastIndex(): number {
    return this.entries[this.entries.length - 1].index;
  }

  lastTerm(): number {
    return this.entries[this.entries.length - 1].term;
  }

  /** The term of entry i, or undefined if it is compacted away or not yet written. */
  term(i: number): number | undefined {
    const off = this.entries[0].index;
    if (i < off || i > this.lastIndex()) return undefined;
    return this.entries[i - off].term;
  }

  matchTerm(i: number, term: number): boolean {
    return this.term(i) === term;
  }

  /** Entries [lo, hi). */
  slice(lo: number, hi: number): Entry[] {
    const off = this.entries[0].index;
    return this.entries.slice(lo - off, hi - off);
  }

  entry(i: number): Entry | undefined {
    const off = this.entries[0].index;
    return i > off && i <= this.lastIndex() ? this.entries[i - off] : undefined;
  }

  /** Appends after truncating any entries from `ents[0].index` on (the log-matching fix-up). */
  append(ents: readonly Entry[]): void {
    if (ents.length === 0) return;
    const off = this.entries[0].index;
    const first = ents[0].index;
    if (first <= this.lastIndex()) this.entries.length = first - off;
    for (const e of ents) this.entries.push(e);
  }

  /** raft_log.go findConflict: index of the first entry whose term differs (0 if none). */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) if (!this.matchTerm(e.index, e.term)) return e.index;
    return 0;
  }

  /**
   * raft_log.go findConflictByTerm: the largest index <= `index` whose term <= `term`, so a
   * leader can skip a whole term of mismatching entries in one round trip.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    for (let i = Math.min(index, this.lastIndex()); i >= this.entries[0].index; i--) {
      const t = this.term(i)!;
      if (t <= term) return { index: i, term: t };
    }
    return { index: this.entries[0].index, term: 0 };
  }

  /** The Raft paper's up-to-date check for votes (§5.4.1). */
  isUpToDate(lastIndex: number, term: number): boolean {
    return term > this.lastTerm() || (term === this.lastTerm() && lastIndex >= this.lastIndex());
  }

  /** Drops entries up to `index` (kept in `snapshot`), as raft.MemoryStorage.Compact does. */
  compact(index: number, snapshot: Snapshot): void {
    const off = this.entries[0].index;
    if (index <= off || index > this.lastIndex()) return;
    const term = this.term(index)!;
    this.entries = [{ term, index }, ...this.entries.slice(index - off + 1)];
    this.snapshot = snapshot;
  }

  /** Replaces the whole log with a snapshot (a follower too far behind); its data went to the store. */
  restore(snapshot: Snapshot): void {
    this.entries = [{ term: snapshot.term, index: snapshot.index }];
    this.snapshot = { index: snapshot.index, term: snapshot.term, data: undefined };
  }

  /** Entries held (for tests and status). */
  get length(): number {
    return this.entries.length - 1;
  }
}
