import type { KubeObject } from '../api/types';
import type { Envelope } from '../sim/network';
import { Process } from '../sim/process';
import type { Simulation, Timer } from '../sim/simulation';
import type { MemberSnapshotData } from './disk';
import { DataDir } from './disk';
import { etcdFiles } from './files';
import { snapshotCountOf } from './flags';
import { clusterIdOf, etcdProcessId, memberIdOf } from './ids';
import type { Proposal, WriteVerb } from './proposal';
import { applyProposal, grpcError, toProposal } from './proposal';
import type {
  EtcdReply,
  MemberListResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  StatusResponse,
} from './protocol';
import {
  CLIENT_PORT,
  ErrLeaderChanged,
  ErrTimeout,
  ErrTimeoutDueToConnectionLost,
  ErrTimeoutDueToLeaderFail,
  PEER_PORT,
} from './protocol';
import { RaftNode } from './raft/raft';
import type { RaftMessage, Snapshot } from './raft/types';
import { raftSummary } from './summaries';
import { WatchServer } from './watch-server';

export interface EtcdMemberOptions {
  // server/embed/config.go: ElectionMs = 1000, TickMs = 100
  electionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  // server/config DefaultSnapshotCount = 100000; etcdserver SnapshotCatchUpEntries = 5000
  snapshotCount?: number;
  snapshotCatchUpEntries?: number;
}

// server/etcdserver/v3_server.go: readIndexRetryTime = 500 * time.Millisecond
const READ_INDEX_RETRY_MS = 500;
// the etcd release kubeadm deploys with Kubernetes v1.33 (cmd/kubeadm/app/constants: 3.5.21-0)
export const ETCD_VERSION = '3.5.21';

const WRITE_VERBS = new Set<string>(['Put', 'DeleteRange', 'Txn', 'Compact']);

interface PendingWrite {
  env: Envelope;
  start: number;
  timer: Timer;
  proposal: Proposal;
  submitted: boolean;
}

interface ReadRound {
  ctx: string;
  waiters: Envelope[];
  start: number;
  index?: number;
  timers: Timer[];
}

/**
 * One etcd member (`etcd@<node>`): a Raft node, the MVCC store it applies committed entries
 * to, and the client API of protocol.ts. Its DataDir survives kill()/start(); everything else
 * (role, leader, pending requests, watches) is lost, as with a crashed process.
 */
export class EtcdMember extends Process {
  readonly name: string;
  readonly memberId: string;
  readonly clusterId: string;
  readonly peerIds: readonly string[];
  disk = new DataDir();
  /**
   * The host path of the data dir the member's static pod mounts (etcd-data hostPath plus
   * --data-dir), asked at each start; unset, the member keeps the data dir it has.
   */
  dataDirPath?: () => string | undefined;
  /** The static pod that runs this member, whose flags are read at each start. */
  staticPod?: () => KubeObject | undefined;
  private diskPath?: string;
  private snapshotCount: number;
  raft: RaftNode | undefined;
  readonly electionTimeoutMs: number;
  private readonly options: EtcdMemberOptions;
  private pending = new Map<string, PendingWrite>();
  private readQueue: Envelope[] = [];
  private readRound: ReadRound | undefined;
  private nextId = 0;
  private leadElectedAt = -Infinity;
  private lastHeard = new Map<string, number>();
  private applyingTrace: string | undefined;
  private readonly watches: WatchServer;

  constructor(
    sim: Simulation,
    nodeName: string,
    clusterNodes: readonly string[],
    options: EtcdMemberOptions = {},
  ) {
    super(sim, etcdProcessId(nodeName), nodeName);
    this.name = nodeName;
    this.memberId = memberIdOf(nodeName);
    this.clusterId = clusterIdOf(clusterNodes);
    this.peerIds = clusterNodes.map(etcdProcessId);
    this.options = options;
    // server/config DefaultSnapshotCount = 100000 (etcd 3.5)
    this.snapshotCount = options.snapshotCount ?? 100_000;
    this.electionTimeoutMs = options.electionTimeoutMs ?? 1000;
    this.watches = new WatchServer({
      store: () => this.disk.store,
      header: () => this.header(),
      push: (streamId, to, env) => this.push(streamId, { ...env, to }),
      respond: (req, reply) => this.respond(req, reply),
      isOpen: (streamId) => this.sim.net.isStreamOpen(streamId),
      hasLeader: () => this.raft?.lead !== undefined,
      traceOf: (rev) => this.applyingTrace ?? this.disk.traces.get(rev),
    });
    this.boot();
  }

  /** Whether this member is the Raft leader right now. */
  isLeader(): boolean {
    return this.isUp() && this.raft?.role === 'leader';
  }

  /** The cluster id the data dir says this member belongs to (a restore makes a new one). */
  get currentClusterId(): string {
    return this.disk.membership?.clusterId ?? this.clusterId;
  }

  /** The member id in the data dir's membership. */
  get currentMemberId(): string {
    return this.disk.membership?.memberId ?? this.memberId;
  }

  /** The Raft peers of the data dir's cluster: the members restored with it, or the original. */
  peers(): readonly string[] {
    const members = this.disk.membership?.members;
    if (!members) return this.peerIds;
    // a one-member restore is this member alone, whatever name the restore gave it
    if (members.length === 1) return [this.id];
    return members.map((m) => etcdProcessId(m.name));
  }

  /** The response header of this member right now. */
  header(): ResponseHeader {
    return {
      clusterId: this.currentClusterId,
      memberId: this.currentMemberId,
      revision: this.disk.store.revision,
      raftTerm: this.raft?.term ?? this.disk.raftLog.hardState.term,
    };
  }

  /** Replaces the data dir (etcdutl snapshot restore) — only while the member is down. */
  replaceDataDir(dir: DataDir): void {
    if (this.isUp()) throw new Error(`${this.id} must be stopped to replace its data dir`);
    this.disk = dir;
    if (this.diskPath) etcdFiles(this.sim, this.host).set(this.diskPath, dir);
  }

  receive(env: Envelope): void {
    if (env.verb.startsWith('Msg')) {
      const m = env.payload as RaftMessage;
      // rafthttp: a peer outside this member's cluster (another cluster id) is not listened to
      if (!this.peers().includes(m.from)) return;
      this.lastHeard.set(m.from, this.sim.now());
      this.raft?.step(m);
      return;
    }
    if (env.callId === undefined) return;
    if (env.streamId !== undefined && env.verb === 'Watch') return this.watches.open(env);
    if (WRITE_VERBS.has(env.verb)) return this.write(env);
    switch (env.verb) {
      case 'Range':
        return (env.payload as RangeRequest).serializable
          ? this.serveRange(env)
          : this.linearizableRead(env);
      case 'Status':
        return this.reply(env, this.status(), `leader ${this.raft?.lead ?? 'none'}`);
      case 'MemberList':
        return this.reply(env, this.memberList(), `${this.peers().length} members`);
      case 'Snapshot': {
        const store = this.disk.store.clone();
        const snapshot = { revision: store.revision, store, sizeBytes: this.dbSize() };
        return this.reply(env, { snapshot }, `snapshot at revision ${store.revision}`);
      }
      default:
        return this.fail(env, `etcdserver: unknown method ${env.verb}`, 400);
    }
  }

  protected override onStop(): void {
    this.raft?.stop();
    this.raft = undefined;
    this.pending.clear();
    this.readQueue = [];
    this.readRound = undefined;
    this.watches.closeAll();
  }

  protected override onStart(): void {
    // kubeadm runs etcd with --snapshot-count=10000 (cmd/kubeadm/app/phases/etcd/local.go)
    const pod = this.staticPod?.();
    if (pod) this.snapshotCount = snapshotCountOf(pod) ?? this.options.snapshotCount ?? 100_000;
    this.openDataDir();
    this.boot();
  }

  /**
   * The data dir at the path the static pod names: the one there (a restored one, say), or a
   * new empty one where there is none (the member's first start registers its own).
   */
  private openDataDir(): void {
    const path = this.dataDirPath?.();
    if (!path) return;
    const files = etcdFiles(this.sim, this.host);
    const found = files.get(path);
    if (found instanceof DataDir) this.disk = found;
    else if (!found) {
      if (this.diskPath !== undefined) this.disk = new DataDir();
      files.set(path, this.disk);
    }
    this.diskPath = path;
  }

  // --- Raft wiring -----------------------------------------------------------------------------

  private boot(): void {
    // a new cluster's members (etcd's --initial-cluster-state new) start from the same log
    this.disk.raftLog.bootstrap(this.peers());
    this.raft = new RaftNode(
      {
        id: this.id,
        peers: this.peers(),
        electionTimeoutMs: this.electionTimeoutMs,
        heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 100,
        applied: this.disk.consistentIndex,
      },
      this.disk.raftLog,
      {
        now: () => this.sim.now(),
        after: (ms, run) => this.after(ms, run),
        random: (min, max) => this.sim.rng.int(min, max),
        send: (m) => this.sendRaft(m),
        onCommit: () => this.applyCommitted(),
        onSnapshot: (snap) => this.installSnapshot(snap),
        snapshot: () => this.mergedSnapshot(),
        onReadIndex: (ctx, index) => this.onReadIndex(ctx, index),
        onLeaderChange: (lead) => this.onLeaderChange(lead),
      },
    );
    this.applyCommitted();
    this.monitor();
  }

  private sendRaft(m: RaftMessage): void {
    const quiet =
      (m.type === 'MsgHeartbeat' || m.type === 'MsgHeartbeatResp') && m.context === undefined;
    this.send({
      to: m.to,
      verb: m.type,
      resource: 'raft',
      summary: raftSummary(m),
      payload: m,
      trace: m.trace,
      background: quiet,
    });
  }

  /** Every election timeout: the no-leader watch check and progress notifications. */
  private monitor(): void {
    this.after(this.electionTimeoutMs, () => {
      this.watches.tick(this.sim.now(), this.raft?.lead !== undefined);
      this.monitor();
    });
  }

  private onLeaderChange(lead: string | undefined): void {
    if (lead === undefined) return;
    // etcdserver raft.go: a new leader wakes the proposals waiting for one and fails pending reads
    this.leadElectedAt = this.sim.now();
    if (this.readRound && this.readRound.index === undefined) {
      this.failRead(this.readRound, ErrLeaderChanged);
    }
    for (const w of this.pending.values()) {
      if (!w.submitted) w.submitted = this.raft!.propose(w.proposal, w.env.trace);
    }
  }

  private applyCommitted(): void {
    const raft = this.raft;
    if (!raft) return;
    const disk = this.disk;
    for (const e of raft.takeCommitted()) {
      if (e.data !== undefined) {
        const p = e.data as Proposal;
        const before = disk.store.revision;
        this.applyingTrace = e.trace;
        const result = applyProposal(disk.store, p);
        this.applyingTrace = undefined;
        if (disk.store.revision !== before && e.trace)
          disk.traces.set(disk.store.revision, e.trace);
        if (p.verb === 'Compact' && result.ok) this.pruneTraces(disk.store.compactRevision);
        const w = this.pending.get(p.id);
        if (w) {
          this.pending.delete(p.id);
          w.timer.cancel();
          if (result.ok) this.reply(w.env, result.body, result.summary);
          else this.fail(w.env, result.error, 400);
        }
      }
      disk.consistentIndex = e.index;
    }
    this.maybeSnapshot();
    const round = this.readRound;
    if (round?.index !== undefined && round.index <= disk.consistentIndex) this.finishRead(round);
  }

  private pruneTraces(below: number): void {
    for (const rev of this.disk.traces.keys()) {
      if (rev >= below) break;
      this.disk.traces.delete(rev);
    }
  }

  /** etcdserver triggerSnapshot: every snapshotCount applied entries, compact the Raft log. */
  private maybeSnapshot(): void {
    const raft = this.raft!;
    if (raft.applied - this.disk.raftLog.snapshot.index <= this.snapshotCount) return;
    // server/etcdserver/server.go SnapshotCatchUpEntries = 5000: kept for slow followers
    const catchUp = this.options.snapshotCatchUpEntries ?? 5000;
    raft.compactLog(Math.max(1, raft.applied - catchUp));
  }

  /** snapshot_merge.go createMergedSnapshotMessage: the backend as applied now, for MsgSnap. */
  private mergedSnapshot(): Snapshot {
    const index = this.disk.consistentIndex;
    const data: MemberSnapshotData = {
      store: this.disk.store.clone(),
      traces: [...this.disk.traces],
    };
    return { index, term: this.disk.raftLog.term(index) ?? 0, data };
  }

  private installSnapshot(snap: Snapshot): void {
    const data = snap.data as MemberSnapshotData;
    this.disk.store = data.store.clone();
    this.disk.traces = new Map(data.traces);
    this.disk.consistentIndex = snap.index;
    this.watches.restore();
  }

  // --- writes --------------------------------------------------------------------------------

  private write(env: Envelope): void {
    const id = `${this.memberId}-${++this.nextId}`;
    const proposal = toProposal(id, env.verb as WriteVerb, env.payload);
    if (typeof proposal === 'string') return this.fail(env, proposal, 400);
    const start = this.sim.now();
    const timer = this.after(this.requestTimeout(), () => {
      this.pending.delete(id);
      this.fail(env, this.timeoutError(start), 503);
    });
    const w: PendingWrite = { env, start, timer, proposal, submitted: false };
    this.pending.set(id, w);
    // with no leader, etcd's raft node takes no proposals: they wait (see onLeaderChange)
    w.submitted = this.raft!.propose(proposal, env.trace);
  }

  /** server/config/config.go ReqTimeout: 5s + 2 × election timeout (7s by default). */
  private requestTimeout(): number {
    return 5000 + 2 * this.electionTimeoutMs;
  }

  /** etcdserver v3_server.go parseProposeCtxErr: which timeout message to give. */
  private timeoutError(start: number): string {
    const prevLeadLost = this.leadElectedAt - 2 * this.electionTimeoutMs;
    if (start > prevLeadLost && start < this.leadElectedAt) return ErrTimeoutDueToLeaderFail;
    const lead = this.raft?.lead;
    if (lead === undefined) return ErrTimeout;
    if (lead === this.id) {
      const peers = this.peers();
      const live = peers.filter((p) => p === this.id || this.connected(p)).length;
      if (live < Math.floor(peers.length / 2) + 1) return ErrTimeoutDueToConnectionLost;
    } else if (!this.connected(lead)) return ErrTimeoutDueToConnectionLost;
    return ErrTimeout;
  }

  /** Simplified rafthttp activeSince: heard from the peer within the last election timeout. */
  private connected(peer: string): boolean {
    return this.sim.now() - (this.lastHeard.get(peer) ?? -Infinity) < this.electionTimeoutMs;
  }

  // --- reads ---------------------------------------------------------------------------------

  private serveRange(env: Envelope): void {
    const req = env.payload as RangeRequest;
    try {
      const r = this.disk.store.range(req.key, req.rangeEnd, req);
      const body: RangeResponse = { kvs: r.kvs, more: r.more, count: r.count };
      this.reply(env, body, `${r.count} ${r.count === 1 ? 'key' : 'keys'}, revision ${r.revision}`);
    } catch (e) {
      this.fail(env, grpcError(e), 400);
    }
  }

  /** v3_server.go linearizableReadLoop: reads share one ReadIndex round, retried every 500ms. */
  private linearizableRead(env: Envelope): void {
    this.readQueue.push(env);
    if (!this.readRound) this.startReadRound();
  }

  private startReadRound(): void {
    const waiters = this.readQueue;
    this.readQueue = [];
    const ctx = `${this.memberId}-read-${++this.nextId}`;
    const round: ReadRound = { ctx, waiters, start: this.sim.now(), timers: [] };
    this.readRound = round;
    const trace = waiters[0].trace;
    const retry = () => {
      round.timers[0] = this.after(READ_INDEX_RETRY_MS, () => {
        if (round.index !== undefined) return;
        this.raft?.readIndex(ctx, trace);
        retry();
      });
    };
    retry();
    round.timers[1] = this.after(this.requestTimeout(), () => this.failRead(round, ErrTimeout));
    this.raft!.readIndex(ctx, trace);
  }

  private onReadIndex(ctx: string, index: number): void {
    const round = this.readRound;
    if (!round || round.ctx !== ctx || round.index !== undefined) return;
    round.index = index;
    round.timers[0].cancel();
    if (index <= this.disk.consistentIndex) this.finishRead(round);
  }

  private finishRead(round: ReadRound): void {
    for (const t of round.timers) t.cancel();
    this.readRound = undefined;
    for (const env of round.waiters) this.serveRange(env);
    if (this.readQueue.length > 0) this.startReadRound();
  }

  private failRead(round: ReadRound, error: string): void {
    for (const t of round.timers) t.cancel();
    this.readRound = undefined;
    for (const env of round.waiters) this.fail(env, error, 503);
    if (this.readQueue.length > 0) this.startReadRound();
  }

  // --- maintenance ---------------------------------------------------------------------------

  private dbSize(): number {
    // bbolt grows in 4 KiB pages from an initial 20 KiB file (`etcdctl endpoint status` on a new member)
    return 20480 + 4096 * Math.floor(this.disk.store.sizeBytes / 4096);
  }

  private status(): StatusResponse {
    const lead = this.raft?.lead;
    return {
      version: ETCD_VERSION,
      dbSize: this.dbSize(),
      dbSizeInUse: this.dbSize(),
      leader: lead === undefined ? '0' : this.idOfPeer(lead),
      raftIndex: this.disk.raftLog.hardState.commit,
      raftTerm: this.raft?.term ?? 0,
      raftAppliedIndex: this.disk.consistentIndex,
      errors: [],
      isLearner: false,
    };
  }

  /** A Raft peer's member id in this member's cluster. */
  private idOfPeer(pid: string): string {
    if (pid === this.id) return this.currentMemberId;
    const name = pid.slice('etcd@'.length);
    return this.disk.membership?.members.find((m) => m.name === name)?.id ?? memberIdOf(name);
  }

  private memberList(): MemberListResponse {
    const restored = this.disk.membership?.members;
    if (restored) {
      // the restore's peer URLs stay; a started member publishes its name and client URLs
      return {
        members: restored.map((m) => {
          const name = m.id === this.currentMemberId ? this.name : m.name;
          return {
            id: m.id,
            name,
            peerURLs: m.peerURLs,
            clientURLs: [`https://${name}:${CLIENT_PORT}`],
            isLearner: false,
          };
        }),
      };
    }
    return {
      members: this.peerIds.map((pid) => {
        const name = pid.slice('etcd@'.length);
        return {
          id: memberIdOf(name),
          name,
          peerURLs: [`https://${name}:${PEER_PORT}`],
          clientURLs: [`https://${name}:${CLIENT_PORT}`],
          isLearner: false,
        };
      }),
    };
  }

  // --- replies -------------------------------------------------------------------------------

  private reply(env: Envelope, body: object, summary: string): void {
    const payload = { ok: true, header: this.header(), ...body } as EtcdReply;
    this.respond(env, { verb: env.verb, resource: env.resource, summary, payload });
  }

  private fail(env: Envelope, error: string, status: number): void {
    const payload: EtcdReply = { ok: false, error };
    this.respond(env, { verb: env.verb, resource: env.resource, summary: error, payload, status });
  }
}
