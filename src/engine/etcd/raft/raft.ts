import type { RaftLog } from './log';
import { Progress } from './progress';
import { ReadOnly } from './readonly';
import type { Entry, RaftMessage, RaftMessageType, RaftRole, Snapshot } from './types';

export interface RaftConfig {
  id: string;
  /** every voting member, this one included */
  peers: readonly string[];
  // server/embed/config.go: ElectionMs = 1000 (--election-timeout), TickMs = 100 (--heartbeat-interval)
  electionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  // etcd 3.5 CHANGELOG: --pre-vote defaults to true; etcdserver always sets CheckQuorum: true
  preVote?: boolean;
  checkQuorum?: boolean;
  /** the last index the state machine applied before a restart */
  applied?: number;
}

/** What a Raft node needs from its host: time, timers, randomness, the wire and the state machine. */
export interface RaftEnv {
  now(): number;
  after(ms: number, run: () => void): { cancel(): void };
  /** an integer in [min, max) from the seeded rng */
  random(min: number, max: number): number;
  send(msg: RaftMessage): void;
  /** new entries are committed: take them with takeCommitted() */
  onCommit(): void;
  /** a follower installed a snapshot: the state machine must load it */
  onSnapshot(snapshot: Snapshot): void;
  /**
   * The state machine as applied now, for a follower too far behind: etcd builds the MsgSnap
   * when it sends it, from the current backend (etcdserver snapshot_merge.go
   * createMergedSnapshotMessage), not from the last log compaction.
   */
  snapshot(): Snapshot;
  /** a linearizable read may be served once the state machine has applied `index` */
  onReadIndex(ctx: string, index: number): void;
  /** the leader this node knows of changed (undefined = none) */
  onLeaderChange(lead: string | undefined): void;
}

const NONE = undefined;

/**
 * A Raft consensus node as in etcd-io/raft (raft.go), event driven instead of tick driven:
 * terms, pre-vote, votes with the up-to-date check, AppendEntries with the log-matching
 * property and fast back-off, commit by majority of the current term only, CheckQuorum,
 * ReadIndex, and snapshots for followers too far behind. Persistent state lives in `log`.
 */
export class RaftNode {
  readonly id: string;
  readonly peers: readonly string[];
  role: RaftRole = 'follower';
  lead: string | undefined = NONE;
  applied: number;
  private readonly electionTimeout: number;
  private readonly heartbeatInterval: number;
  private readonly preVote: boolean;
  private readonly checkQuorum: boolean;
  private randomizedElectionTimeout = 0;
  private electionStart = 0;
  private electionTimer: { cancel(): void } | undefined;
  private electionTimerAt = 0;
  private heartbeatTimer: { cancel(): void } | undefined;
  private leaderElapsed = 0;
  private votes = new Map<string, boolean>();
  private prs = new Map<string, Progress>();
  private readOnly = new ReadOnly();
  private pendingReads: RaftMessage[] = [];
  private flushScheduled = false;
  private commitAdvanced = false;
  private scratch: number[] = [];
  private stopped = false;
  private reportedLead: string | undefined = NONE;

  constructor(
    config: RaftConfig,
    readonly log: RaftLog,
    private readonly env: RaftEnv,
  ) {
    this.id = config.id;
    this.peers = config.peers;
    this.electionTimeout = config.electionTimeoutMs ?? 1000;
    this.heartbeatInterval = config.heartbeatIntervalMs ?? 100;
    this.preVote = config.preVote ?? true;
    this.checkQuorum = config.checkQuorum ?? true;
    this.applied = Math.max(config.applied ?? 0, log.snapshot.index);
    this.becomeFollower(log.hardState.term, NONE);
  }

  get term(): number {
    return this.log.hardState.term;
  }

  get commit(): number {
    return this.log.hardState.commit;
  }

  /** Stops every timer (the process died). */
  stop(): void {
    this.stopped = true;
    this.electionTimer?.cancel();
    this.heartbeatTimer?.cancel();
  }

  /**
   * Proposes a client request. Returns false when no leader is known (etcd's node then does
   * not take proposals at all; the caller waits for a leader).
   */
  propose(data: unknown, trace?: string): boolean {
    if (this.role === 'leader') {
      this.appendEntries([{ term: 0, index: 0, data, trace }]);
      return true;
    }
    if (this.lead === NONE || this.role !== 'follower') return false;
    this.send({
      type: 'MsgProp',
      to: this.lead,
      term: 0,
      entries: [{ term: 0, index: 0, data, trace }],
      trace,
    });
    return true;
  }

  /** Asks for a read index (raft ReadIndex); the answer comes through env.onReadIndex. */
  readIndex(ctx: string, trace?: string): void {
    this.step({ type: 'MsgReadIndex', from: this.id, to: this.id, term: 0, context: ctx, trace });
  }

  /** Committed entries not yet handed to the state machine; marks them applied. */
  takeCommitted(): Entry[] {
    if (this.applied >= this.commit) return [];
    const ents = this.log.slice(this.applied + 1, this.commit + 1);
    this.applied = this.commit;
    return ents;
  }

  /**
   * Records a snapshot at `applied` and drops the log up to `compactIndex`
   * (raft.MemoryStorage CreateSnapshot + Compact); its data is made only when one is sent.
   */
  compactLog(compactIndex: number): void {
    const term = this.log.term(this.applied);
    if (term === undefined || compactIndex > this.applied) return;
    this.log.compact(compactIndex, { index: this.applied, term, data: undefined });
  }

  /** The leader's view of each follower (for status and tests). */
  progress(id: string): Progress | undefined {
    return this.prs.get(id);
  }

  /** Handles one message from a peer (raft.go Step). */
  step(m: RaftMessage): void {
    if (this.stopped) return;
    if (m.term === 0) {
      // local or forwarded message (MsgProp, MsgReadIndex)
    } else if (m.term > this.term) {
      if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
        // CheckQuorum lease: ignore a vote while we heard from a live leader recently
        const inLease =
          this.checkQuorum && this.lead !== NONE && this.electionElapsed() < this.electionTimeout;
        if (inLease) return;
      }
      if (m.type === 'MsgPreVote') {
        // never change our term for a pre-vote
      } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
        // a granted pre-vote carries the future term; keep ours until we win it
      } else if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap') {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if (
        (this.checkQuorum || this.preVote) &&
        (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')
      ) {
        // tell a stale leader (one cut off by a partition) that a newer term exists
        this.send({ type: 'MsgAppResp', to: m.from, term: this.term });
      } else if (m.type === 'MsgPreVote') {
        this.send({ type: 'MsgPreVoteResp', to: m.from, term: this.term, reject: true });
      }
      return;
    }

    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      const canVote =
        this.log.hardState.vote === m.from ||
        (this.log.hardState.vote === NONE && this.lead === NONE) ||
        (m.type === 'MsgPreVote' && m.term > this.term);
      const respType: RaftMessageType = m.type === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
      if (canVote && this.log.isUpToDate(m.index ?? 0, m.logTerm ?? 0)) {
        this.send({ type: respType, to: m.from, term: m.term });
        if (m.type === 'MsgVote') {
          this.electionStart = this.env.now();
          this.log.hardState.vote = m.from;
        }
      } else {
        this.send({ type: respType, to: m.from, term: this.term, reject: true });
      }
      return;
    }

    switch (this.role) {
      case 'leader':
        return this.stepLeader(m);
      case 'follower':
        return this.stepFollower(m);
      default:
        return this.stepCandidate(m);
    }
  }

  // --- roles -------------------------------------------------------------------------------

  private reset(term: number): void {
    if (term !== this.term) {
      this.log.hardState.term = term;
      this.log.hardState.vote = NONE;
    }
    this.lead = NONE; // reported by the become* that follows
    this.electionStart = this.env.now();
    this.randomizedElectionTimeout = this.env.random(
      this.electionTimeout,
      2 * this.electionTimeout,
    );
    this.votes.clear();
    this.readOnly = new ReadOnly();
    this.pendingReads = [];
    this.prs.clear();
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
  }

  private becomeFollower(term: number, lead: string | undefined): void {
    this.reset(term);
    this.role = 'follower';
    this.setLead(lead);
    this.armElectionTimer();
  }

  private becomePreCandidate(): void {
    // pre-vote: no term change and no vote, so a partitioned member cannot disrupt the rest
    this.votes.clear();
    this.setLead(NONE);
    this.role = 'pre-candidate';
    this.electionStart = this.env.now();
    this.armElectionTimer();
  }

  private becomeCandidate(): void {
    this.reset(this.term + 1);
    this.log.hardState.vote = this.id;
    this.role = 'candidate';
    this.setLead(NONE);
    this.armElectionTimer();
  }

  private becomeLeader(): void {
    this.reset(this.term);
    this.role = 'leader';
    this.electionTimer?.cancel();
    this.electionTimer = undefined;
    const last = this.log.lastIndex();
    for (const p of this.peers) {
      const pr = new Progress(last + 1);
      if (p === this.id) pr.match = last;
      pr.recentActive = true;
      this.prs.set(p, pr);
    }
    this.leaderElapsed = 0;
    this.heartbeatTimer = this.env.after(this.heartbeatInterval, () => this.tickHeartbeat());
    // the empty entry of the new term lets the leader commit entries of earlier terms (§5.4.2)
    this.appendEntries([{ term: 0, index: 0 }]);
    // reported last, so proposals waiting for a leader land after the empty entry
    this.setLead(this.id);
  }

  private setLead(lead: string | undefined): void {
    this.lead = lead;
    if (this.reportedLead === lead) return;
    this.reportedLead = lead;
    this.env.onLeaderChange(lead);
  }

  // --- timers --------------------------------------------------------------------------------

  /** The running election timeout of a follower or candidate (for countdowns), in ms. */
  electionCountdown(): { startedAt: number; endsAt: number } | undefined {
    if (this.role === 'leader') return undefined;
    const startedAt = this.electionStart;
    return { startedAt, endsAt: startedAt + this.randomizedElectionTimeout };
  }

  private electionElapsed(): number {
    return this.env.now() - this.electionStart;
  }

  /** One lazy timer: when it fires early (the deadline moved), it re-arms for the new deadline. */
  private armElectionTimer(): void {
    const at = this.electionStart + this.randomizedElectionTimeout;
    if (this.electionTimer && this.electionTimerAt <= at) return;
    this.electionTimer?.cancel();
    this.electionTimerAt = at;
    this.electionTimer = this.env.after(at - this.env.now(), () => this.onElectionTimer());
  }

  private onElectionTimer(): void {
    this.electionTimer = undefined;
    if (this.role === 'leader') return;
    if (this.electionElapsed() >= this.randomizedElectionTimeout) {
      this.electionStart = this.env.now();
      this.campaign(this.preVote ? 'pre' : 'election');
      if ((this.role as RaftRole) === 'leader') return;
    }
    this.armElectionTimer();
  }

  private tickHeartbeat(): void {
    this.heartbeatTimer = this.env.after(this.heartbeatInterval, () => this.tickHeartbeat());
    this.leaderElapsed += this.heartbeatInterval;
    if (this.leaderElapsed >= this.electionTimeout) {
      this.leaderElapsed = 0;
      this.electionStart = this.env.now(); // the leader's own lease against disruptive votes
      if (this.checkQuorum && !this.quorumActive()) {
        // CheckQuorum: a leader that has not heard from a majority for an election timeout steps down
        this.becomeFollower(this.term, NONE);
        return;
      }
    }
    this.bcastHeartbeat(undefined);
  }

  private quorumActive(): boolean {
    let active = 0;
    for (const [id, pr] of this.prs) {
      if (id === this.id || pr.recentActive) active++;
      if (id !== this.id) pr.recentActive = false;
    }
    return active >= this.quorum();
  }

  private quorum(): number {
    return Math.floor(this.peers.length / 2) + 1;
  }

  // --- elections -----------------------------------------------------------------------------

  private campaign(kind: 'pre' | 'election'): void {
    let type: RaftMessageType;
    let term: number;
    if (kind === 'pre') {
      this.becomePreCandidate();
      type = 'MsgPreVote';
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      type = 'MsgVote';
      term = this.term;
    }
    if (this.poll(this.id, true) === 'won') {
      if (kind === 'pre') this.campaign('election');
      else this.becomeLeader();
      return;
    }
    const index = this.log.lastIndex();
    const logTerm = this.log.lastTerm();
    for (const p of this.peers) {
      if (p !== this.id) this.send({ type, to: p, term, index, logTerm });
    }
  }

  private poll(from: string, granted: boolean): 'won' | 'lost' | 'pending' {
    if (!this.votes.has(from)) this.votes.set(from, granted);
    let yes = 0;
    let no = 0;
    for (const v of this.votes.values()) {
      if (v) yes++;
      else no++;
    }
    if (yes >= this.quorum()) return 'won';
    if (no > this.peers.length - this.quorum()) return 'lost';
    return 'pending';
  }

  private stepCandidate(m: RaftMessage): void {
    const myResp = this.role === 'pre-candidate' ? 'MsgPreVoteResp' : 'MsgVoteResp';
    switch (m.type) {
      case 'MsgApp':
        this.becomeFollower(m.term, m.from);
        return this.handleAppend(m);
      case 'MsgHeartbeat':
        this.becomeFollower(m.term, m.from);
        return this.handleHeartbeat(m);
      case 'MsgSnap':
        this.becomeFollower(m.term, m.from);
        return this.handleSnapshot(m);
      case myResp: {
        const result = this.poll(m.from, !m.reject);
        if (result === 'won') {
          if (this.role === 'pre-candidate') this.campaign('election');
          else {
            this.becomeLeader();
          }
        } else if (result === 'lost') {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
        // MsgProp and MsgReadIndex are dropped without a leader
        return;
    }
  }

  // --- follower ------------------------------------------------------------------------------

  private stepFollower(m: RaftMessage): void {
    switch (m.type) {
      case 'MsgProp':
        if (this.lead !== NONE) this.send({ ...m, to: this.lead, term: 0 });
        return;
      case 'MsgApp':
        this.electionStart = this.env.now();
        this.setLead(m.from);
        return this.handleAppend(m);
      case 'MsgHeartbeat':
        this.electionStart = this.env.now();
        this.setLead(m.from);
        return this.handleHeartbeat(m);
      case 'MsgSnap':
        this.electionStart = this.env.now();
        this.setLead(m.from);
        return this.handleSnapshot(m);
      case 'MsgReadIndex':
        // raft.go: "no leader at term; dropping index reading msg"
        if (this.lead !== NONE) this.send({ ...m, to: this.lead, term: 0 });
        return;
      case 'MsgReadIndexResp':
        this.env.onReadIndex(m.context!, m.index!);
        return;
      default:
        return;
    }
  }

  private handleAppend(m: RaftMessage): void {
    const prevIndex = m.index ?? 0;
    if (prevIndex < this.commit) {
      this.send({
        type: 'MsgAppResp',
        to: m.from,
        term: this.term,
        index: this.commit,
        trace: m.trace,
      });
      return;
    }
    const ents = m.entries ?? [];
    if (this.log.matchTerm(prevIndex, m.logTerm ?? 0)) {
      const lastNew = prevIndex + ents.length;
      const conflict = this.log.findConflict(ents);
      if (conflict !== 0) {
        if (conflict <= this.commit)
          throw new Error(`raft: conflict ${conflict} with committed entry`);
        this.log.append(ents.slice(conflict - prevIndex - 1));
      }
      this.commitTo(Math.min(m.commit ?? 0, lastNew));
      this.send({
        type: 'MsgAppResp',
        to: m.from,
        term: this.term,
        index: lastNew,
        trace: m.trace,
      });
      return;
    }
    // raft.go handleAppendEntries: reject with a hint so the leader can skip a whole term
    const hint = this.log.findConflictByTerm(
      Math.min(prevIndex, this.log.lastIndex()),
      m.logTerm ?? 0,
    );
    this.send({
      type: 'MsgAppResp',
      to: m.from,
      term: this.term,
      index: prevIndex,
      reject: true,
      rejectHint: hint.index,
      logTerm: hint.term,
      trace: m.trace,
    });
  }

  private handleHeartbeat(m: RaftMessage): void {
    this.commitTo(m.commit ?? 0);
    this.send({
      type: 'MsgHeartbeatResp',
      to: m.from,
      term: this.term,
      context: m.context,
      trace: m.trace,
    });
  }

  private handleSnapshot(m: RaftMessage): void {
    const snap = m.snapshot!;
    if (snap.index <= this.commit) {
      this.send({ type: 'MsgAppResp', to: m.from, term: this.term, index: this.commit });
      return;
    }
    if (this.log.matchTerm(snap.index, snap.term)) {
      this.commitTo(snap.index);
    } else {
      this.log.restore(snap);
      this.log.hardState.commit = snap.index;
      this.applied = snap.index;
      this.env.onSnapshot(snap);
    }
    this.send({ type: 'MsgAppResp', to: m.from, term: this.term, index: this.log.lastIndex() });
  }

  private commitTo(index: number): void {
    if (index <= this.commit) return;
    this.log.hardState.commit = Math.min(index, this.log.lastIndex());
    if (this.commit > this.applied) this.env.onCommit();
  }

  // --- leader --------------------------------------------------------------------------------

  private stepLeader(m: RaftMessage): void {
    switch (m.type) {
      case 'MsgProp':
        this.appendEntries(m.entries ?? []);
        return;
      case 'MsgReadIndex':
        return this.handleReadIndex(m);
      case 'MsgAppResp':
        return this.handleAppResp(m);
      case 'MsgHeartbeatResp':
        return this.handleHeartbeatResp(m);
      default:
        return;
    }
  }

  private appendEntries(ents: readonly Entry[]): void {
    let index = this.log.lastIndex();
    const stamped = ents.map((e) => ({
      term: this.term,
      index: ++index,
      data: e.data,
      trace: e.trace,
    }));
    this.log.append(stamped);
    this.prs.get(this.id)!.maybeUpdate(index);
    this.maybeCommit();
    this.scheduleFlush();
  }

  /** Proposals of one virtual millisecond go out together in one MsgApp per follower. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.env.after(0, () => {
      this.flushScheduled = false;
      if (this.role !== 'leader' || this.stopped) return;
      const commitAdvanced = this.commitAdvanced;
      this.commitAdvanced = false;
      for (const [id, pr] of this.prs) {
        // an empty MsgApp only to tell a follower of a commit it has not been sent yet
        if (id !== this.id) this.sendAppend(id, commitAdvanced && pr.sentCommit < this.commit);
      }
    });
  }

  private maybeCommit(): boolean {
    const matches = this.scratch;
    matches.length = 0;
    for (const pr of this.prs.values()) matches.push(pr.match);
    matches.sort((a, b) => b - a);
    const mci = matches[this.quorum() - 1];
    // Figure 8: only an entry of the current term is committed by counting replicas
    if (mci > this.commit && this.log.term(mci) === this.term) {
      const wasInTerm = this.committedEntryInCurrentTerm();
      this.commitTo(mci);
      this.commitAdvanced = true;
      if (!wasInTerm) this.releasePendingReads();
      return true;
    }
    return false;
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.log.term(this.commit) === this.term;
  }

  private sendAppend(to: string, sendIfEmpty: boolean): void {
    const pr = this.prs.get(to)!;
    if (pr.paused()) return;
    const prevIndex = pr.next - 1;
    const prevTerm = this.log.term(prevIndex);
    if (prevTerm === undefined) return this.sendSnapshot(to, pr);
    const last = this.log.lastIndex();
    const entries = pr.next <= last ? this.log.slice(pr.next, last + 1) : [];
    if (entries.length === 0 && !sendIfEmpty) return;
    let trace: string | undefined;
    for (const e of entries) if (e.trace) trace ??= e.trace;
    if (trace === undefined && entries.length === 0 && this.commit > 0) {
      trace = this.log.entry(this.commit)?.trace;
    }
    this.send({
      type: 'MsgApp',
      to,
      term: this.term,
      index: prevIndex,
      logTerm: prevTerm,
      entries,
      commit: this.commit,
      trace,
    });
    pr.sentCommit = this.commit;
    if (entries.length > 0) {
      if (pr.state === 'replicate') pr.next = last + 1;
      else pr.probeSent = true;
    }
  }

  private sendSnapshot(to: string, pr: Progress): void {
    const snap = this.env.snapshot();
    pr.becomeSnapshot(snap.index, this.env.now());
    this.send({ type: 'MsgSnap', to, term: this.term, snapshot: snap });
  }

  private handleAppResp(m: RaftMessage): void {
    const pr = this.prs.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    pr.lastAppRespAt = this.env.now();
    if (m.reject) {
      let next = m.rejectHint ?? 0;
      if ((m.logTerm ?? 0) > 0) next = this.log.findConflictByTerm(next, m.logTerm!).index;
      if (pr.maybeDecrTo(m.index ?? 0, next)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.sendAppend(m.from, true);
      }
      return;
    }
    const index = m.index ?? 0;
    if (pr.maybeUpdate(index) || (pr.match === index && pr.state === 'probe')) {
      if (pr.state === 'probe') pr.becomeReplicate();
      else if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) pr.becomeProbe();
      if (this.maybeCommit()) this.scheduleFlush();
      if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, false);
    }
  }

  private handleHeartbeatResp(m: RaftMessage): void {
    const pr = this.prs.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    pr.probeSent = false;
    // Stands in for rafthttp's ReportUnreachable (MsgUnreachable): entries streamed optimistically
    // but never acknowledged were lost, so go back to probing from the last match.
    const now = this.env.now();
    if (
      pr.state === 'replicate' &&
      pr.match < pr.next - 1 &&
      now - pr.lastAppRespAt >= 2 * this.heartbeatInterval
    ) {
      pr.becomeProbe();
    }
    if (pr.state === 'snapshot' && this.env.now() - pr.snapshotSentAt >= this.electionTimeout) {
      pr.becomeProbe(); // the snapshot was lost on the way: try again
    }
    if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, false);
    if (m.context === undefined) return;
    if (this.readOnly.ack(m.context, m.from) < this.quorum()) return;
    for (const r of this.readOnly.advance(m.context))
      this.respondRead(r.from, r.ctx, r.index, r.trace);
  }

  private handleReadIndex(m: RaftMessage): void {
    const from = m.from;
    if (this.peers.length === 1) return this.respondRead(from, m.context!, this.commit, m.trace);
    // raft.go: wait until an entry of this term is committed, so the commit index is current
    if (!this.committedEntryInCurrentTerm()) {
      this.pendingReads.push(m);
      return;
    }
    this.readOnly.add(m.context!, this.commit, from, m.trace, this.id);
    this.bcastHeartbeat(this.readOnly.last());
  }

  private releasePendingReads(): void {
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const m of reads) this.handleReadIndex(m);
  }

  private respondRead(from: string, ctx: string, index: number, trace?: string): void {
    if (from === this.id) this.env.onReadIndex(ctx, index);
    else
      this.send({
        type: 'MsgReadIndexResp',
        to: from,
        term: this.term,
        index,
        context: ctx,
        trace,
      });
  }

  private bcastHeartbeat(read: { ctx: string; trace?: string } | undefined): void {
    const pending = read ?? this.readOnly.last();
    for (const [id, pr] of this.prs) {
      if (id === this.id) continue;
      this.send({
        type: 'MsgHeartbeat',
        to: id,
        term: this.term,
        commit: Math.min(pr.match, this.commit),
        context: pending?.ctx,
        trace: pending?.trace,
      });
    }
  }

  private send(m: Omit<RaftMessage, 'from'>): void {
    if (this.stopped) return;
    (m as RaftMessage).from = this.id;
    this.env.send(m as RaftMessage);
  }
}
