import type { Simulation } from '../sim/simulation';
import { EtcdClient } from './client';
import type { EtcdCluster } from './cluster';
import { DataDir } from './disk';
import { restoreSnapshot, snapshotStatus } from './etcdutl';
import type { EtcdctlFiles } from './files';
import { etcdFiles } from './files';
import { parseArgs, parseDuration } from './etcdctl/args';
import type { ParsedArgs } from './etcdctl/args';
import {
  getFields,
  goDuration,
  goJson,
  headerJson,
  humanBytes,
  kvJson,
  RawNumber,
  table,
} from './etcdctl/format';
import { hexToDecimal } from './ids';
import type { EtcdMember } from './member';
import { ETCD_VERSION } from './member';
import { prefixEnd } from './mvcc/keys';
import type {
  DeleteRangeResponse,
  EtcdReply,
  KeyValue,
  MemberListResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  SnapshotResponse,
  StatusResponse,
} from './protocol';

export interface EtcdctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type { EtcdctlFiles } from './files';

export interface EtcdctlContext {
  sim: Simulation;
  cluster: EtcdCluster;
  /** the host etcdctl runs on (default: the first member's node) */
  host?: string;
  /** where snapshot files and restored data dirs live (default: one store per simulation) */
  files?: EtcdctlFiles;
  /** `watch` prints the events that arrive within this much virtual time (default 10s) */
  watchWindowMs?: number;
}

const clients = new WeakMap<Simulation, Map<string, EtcdClient>>();

class Failure extends Error {}

/**
 * etcdctl v3 (ETCDCTL_API=3) against the simulated members: it runs as the process `etcdctl`
 * on a control-plane node, connects to `--endpoints` (default 127.0.0.1:2379, the member on
 * its own node) and runs the simulation clock until the reply or `--command-timeout` (5s).
 *
 *   runEtcdctl('get --prefix /registry/pods --keys-only', { sim, cluster });
 */
export function runEtcdctl(command: string, ctx: EtcdctlContext): EtcdctlResult {
  const args = parseArgs(command.replace(/^\s*(ETCDCTL_API=3\s+)?etcdctl\b/, ''));
  const out: string[] = [];
  const err: string[] = [];
  try {
    const session = new Session(args, ctx, out, err);
    session.run();
    return { stdout: out.join(''), stderr: err.join(''), exitCode: 0 };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { stdout: out.join(''), stderr: `${err.join('')}Error: ${e.message}\n`, exitCode: 1 };
  }
}

class Session {
  private readonly client: EtcdClient;
  private readonly endpoints: string[];
  private readonly timeoutMs: number;
  private readonly format: string;
  private readonly files: EtcdctlFiles;

  constructor(
    private readonly args: ParsedArgs,
    private readonly ctx: EtcdctlContext,
    private readonly out: string[],
    private readonly err: string[],
  ) {
    const host = ctx.host ?? ctx.cluster.members[0].host;
    let byHost = clients.get(ctx.sim);
    if (!byHost) clients.set(ctx.sim, (byHost = new Map()));
    let client = byHost.get(host);
    if (!client) {
      const id = byHost.size === 0 ? 'etcdctl' : `etcdctl@${host}`;
      byHost.set(host, (client = new EtcdClient(ctx.sim, id, host)));
    }
    this.client = client;
    this.endpoints = (this.flag('endpoints') ?? '127.0.0.1:2379').split(',');
    this.timeoutMs = parseDuration(this.flag('command-timeout') ?? '5s') ?? 5000;
    this.format = this.flag('write-out') ?? this.flag('w') ?? 'simple';
    this.files = ctx.files ?? etcdFiles(ctx.sim, host);
  }

  run(): void {
    const [cmd, ...rest] = this.args.words;
    switch (cmd) {
      case 'get':
        return this.get(rest);
      case 'put':
        return this.put(rest);
      case 'del':
        return this.del(rest);
      case 'watch':
        return this.watch(rest);
      case 'compaction':
        return this.compaction(rest);
      case 'member':
        if (rest[0] === 'list') return this.memberList();
        throw new Failure(`unknown command "${rest[0] ?? ''}" for "etcdctl member"`);
      case 'endpoint':
        if (rest[0] === 'status') return this.endpointStatus();
        if (rest[0] === 'health') return this.endpointHealth();
        throw new Failure(`unknown command "${rest[0] ?? ''}" for "etcdctl endpoint"`);
      case 'snapshot':
        return this.snapshot(rest);
      case 'version':
        return this.print(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
      case undefined:
        throw new Failure('no command given');
      default:
        throw new Failure(`unknown command "${cmd}" for "etcdctl"`);
    }
  }

  // --- commands ------------------------------------------------------------------------------

  private get(words: string[]): void {
    if (words.length < 1 || words.length > 2) {
      throw new Failure(
        'get command needs one argument as key and an optional argument as range_end',
      );
    }
    const [key, end] = words;
    const rangeEnd = this.has('prefix') ? prefixEnd(key) : this.has('from-key') ? '\0' : end;
    const serializable = (this.flag('consistency') ?? 'l') === 's';
    const r = this.call<RangeResponse>('Range', {
      key,
      rangeEnd,
      revision: Number(this.flag('rev') ?? 0),
      limit: Number(this.flag('limit') ?? 0),
      keysOnly: this.has('keys-only'),
      countOnly: this.has('count-only'),
      serializable,
    });
    if (this.format === 'json') {
      const body: Record<string, unknown> = { header: headerJson(r.header) };
      if (r.kvs.length > 0) body.kvs = r.kvs.map(kvJson);
      if (r.more) body.more = true;
      if (r.count) body.count = r.count;
      return this.print(goJson(body) + '\n');
    }
    if (this.format === 'fields') return this.print(getFields(r.header, r.kvs, r.more, r.count));
    if (this.has('count-only')) return this.print(`${r.count}\n`);
    for (const kv of r.kvs) this.printKv(kv);
  }

  private put(words: string[]): void {
    if (words.length !== 2) {
      throw new Failure('put command needs 1 argument and input from stdin or 2 arguments');
    }
    const r = this.call<PutResponse>('Put', {
      key: words[0],
      value: words[1],
      prevKv: this.has('prev-kv'),
    });
    if (this.format === 'json') return this.print(goJson({ header: headerJson(r.header) }) + '\n');
    this.print('OK\n');
    if (r.prevKv) this.printKv(r.prevKv);
  }

  private del(words: string[]): void {
    if (words.length < 1 || words.length > 2) {
      throw new Failure(
        'del command needs one argument as key and an optional argument as range_end',
      );
    }
    const [key, end] = words;
    const rangeEnd = this.has('prefix') ? prefixEnd(key) : this.has('from-key') ? '\0' : end;
    const r = this.call<DeleteRangeResponse>('DeleteRange', {
      key,
      rangeEnd,
      prevKv: this.has('prev-kv'),
    });
    if (this.format === 'json') {
      const body: Record<string, unknown> = { header: headerJson(r.header) };
      if (r.deleted) body.deleted = r.deleted;
      return this.print(goJson(body) + '\n');
    }
    this.print(`${r.deleted}\n`);
    for (const kv of r.prevKvs ?? []) this.printKv(kv);
  }

  /** Prints the events that arrive within ctx.watchWindowMs of virtual time, then stops. */
  private watch(words: string[]): void {
    if (words.length < 1 || words.length > 2) {
      throw new Failure(
        'watch in non-interactive mode requires one or two arguments as key or prefix, with range end',
      );
    }
    const [key, end] = words;
    const rangeEnd = this.has('prefix') ? prefixEnd(key) : end;
    const to = this.target(this.endpoints[0]);
    const w = this.client.watch(
      to.id,
      {
        key,
        rangeEnd,
        startRevision: Number(this.flag('rev') ?? 0),
        prevKv: this.has('prev-kv'),
      },
      this.timeoutMs,
    );
    const sim = this.ctx.sim;
    const deadline = sim.now() + (this.ctx.watchWindowMs ?? 10_000);
    let printed = 0;
    const flush = () => {
      for (; printed < w.responses.length; printed++) {
        const res = w.responses[printed];
        if (res.canceled) {
          this.print(
            `watch was canceled (${res.cancelReason || (res.compactRevision ? 'etcdserver: mvcc: required revision has been compacted' : '')})\n`,
          );
          return true;
        }
        for (const e of res.events) {
          this.print(`${e.type}\n`);
          if (this.has('prev-kv') && e.prevKv) this.printKv(e.prevKv);
          this.printKv(e.kv);
        }
      }
      return false;
    };
    let canceled = false;
    sim.runUntil(() => {
      canceled = flush() || w.closed !== undefined;
      return canceled;
    }, deadline - sim.now());
    canceled = canceled || flush();
    w.close();
    if (canceled) throw new Failure('watch is canceled by the server');
  }

  private compaction(words: string[]): void {
    if (words.length !== 1) throw new Failure('compaction command needs 1 argument');
    const rev = Number(words[0]);
    if (!Number.isInteger(rev))
      throw new Failure(`strconv.ParseInt: parsing "${words[0]}": invalid syntax`);
    this.call('Compact', { revision: rev, physical: this.has('physical') });
    this.print(`compacted revision ${rev}\n`);
  }

  private memberList(): void {
    const r = this.call<MemberListResponse>('MemberList', {});
    if (this.format === 'json') {
      const members = r.members.map((m) => ({
        ID: new RawNumber(hexToDecimal(m.id)),
        name: m.name,
        peerURLs: m.peerURLs,
        clientURLs: m.clientURLs,
      }));
      return this.print(goJson({ header: headerJson(r.header, false), members }) + '\n');
    }
    const rows = r.members.map((m) => [
      m.id,
      'started',
      m.name,
      m.peerURLs.join(','),
      m.clientURLs.join(','),
      String(m.isLearner),
    ]);
    if (this.format === 'table') {
      return this.print(
        table(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], rows),
      );
    }
    for (const row of rows) this.print(row.join(', ') + '\n');
  }

  private clusterEndpoints(): string[] {
    if (!this.has('cluster')) return this.endpoints;
    return this.ctx.cluster.members.map((m) => `https://${m.name}:2379`);
  }

  private endpointStatus(): void {
    const rows: string[][] = [];
    const json: unknown[] = [];
    let failed = false;
    for (const ep of this.clusterEndpoints()) {
      let s: StatusResponse & { header: ResponseHeader };
      try {
        s = this.call<StatusResponse>('Status', {}, ep);
      } catch {
        failed = true;
        continue;
      }
      rows.push([
        ep,
        s.header.memberId,
        s.version,
        humanBytes(s.dbSize),
        String(s.leader === s.header.memberId),
        String(s.isLearner),
        String(s.raftTerm),
        String(s.raftIndex),
        String(s.raftAppliedIndex),
        s.errors.join(', '),
      ]);
      json.push({
        Endpoint: ep,
        Status: {
          header: headerJson(s.header),
          version: s.version,
          dbSize: s.dbSize,
          leader: new RawNumber(s.leader === '0' ? '0' : hexToDecimal(s.leader)),
          raftIndex: s.raftIndex,
          raftTerm: s.raftTerm,
          raftAppliedIndex: s.raftAppliedIndex,
          dbSizeInUse: s.dbSizeInUse,
        },
      });
    }
    if (this.format === 'json') this.print(goJson(json) + '\n');
    else if (this.format === 'table') {
      const header = [
        'ENDPOINT',
        'ID',
        'VERSION',
        'DB SIZE',
        'IS LEADER',
        'IS LEARNER',
        'RAFT TERM',
        'RAFT INDEX',
        'RAFT APPLIED INDEX',
        'ERRORS',
      ];
      this.print(table(header, rows));
    } else for (const row of rows) this.print(row.join(', ') + '\n');
    if (failed) throw new Failure('context deadline exceeded');
  }

  private endpointHealth(): void {
    const rows: string[][] = [];
    const lines: string[] = [];
    let unhealthy = false;
    for (const ep of this.clusterEndpoints()) {
      const start = this.ctx.sim.now();
      // etcdctl endpoint health: a linearizable Get of the key "health" must succeed
      try {
        this.call('Range', { key: 'health' }, ep);
        const took = goDuration(this.ctx.sim.now() - start);
        lines.push(`${ep} is healthy: successfully committed proposal: took = ${took}\n`);
        rows.push([ep, 'true', took, '']);
      } catch (e) {
        unhealthy = true;
        const took = goDuration(this.ctx.sim.now() - start);
        lines.push(`${ep} is unhealthy: failed to commit proposal: ${(e as Error).message}\n`);
        rows.push([ep, 'false', took, `failed to commit proposal: ${(e as Error).message}`]);
      }
    }
    if (this.format === 'table') this.print(table(['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'], rows));
    else for (const l of lines) this.print(l);
    if (unhealthy) throw new Failure('unhealthy cluster');
  }

  private snapshot(words: string[]): void {
    const [sub, file] = words;
    if (sub === 'save') {
      if (!file) throw new Failure('snapshot save expects one argument');
      const r = this.call<SnapshotResponse>('Snapshot', {});
      this.files.set(file, r.snapshot);
      return this.print(`Snapshot saved at ${file}\n`);
    }
    const snap = file ? this.files.get(file) : undefined;
    if (sub === 'status') {
      if (!file) throw new Failure('snapshot status requires exactly one argument');
      if (!snap || snap instanceof DataDir)
        throw new Failure(`stat ${file}: no such file or directory`);
      return this.print(snapshotStatus(snap, this.format === 'table'));
    }
    if (sub === 'restore') {
      // etcdctl 3.5 hands restore to etcdutl after a warning (ctlv3/command/snapshot_command.go)
      this.err.push('Deprecated: Use `etcdutl snapshot restore` instead.\n\n');
      const r = restoreSnapshot(words.slice(1), this.args.flags, {
        files: this.files,
        timestamp: () => this.ctx.sim.timestamp(),
      });
      this.err.push(r.log);
      if (r.error !== undefined) throw new Failure(r.error);
      return;
    }
    throw new Failure(`unknown command "${sub ?? ''}" for "etcdctl snapshot"`);
  }

  // --- plumbing ------------------------------------------------------------------------------

  private call<T>(verb: string, payload: unknown, endpoint = this.endpoints[0]) {
    const to = this.target(endpoint);
    const start = this.ctx.sim.now();
    const outcome = this.client.requestSync(to.id, verb, payload, this.timeoutMs);
    // a refused or lost connection: grpc keeps retrying until the command deadline
    if ('netError' in outcome) {
      this.ctx.sim.advance(Math.max(0, start + this.timeoutMs - this.ctx.sim.now()));
      throw new Failure('context deadline exceeded');
    }
    const reply = outcome.reply as EtcdReply<T>;
    if (!reply.ok) throw new Failure(reply.error);
    return reply as Extract<EtcdReply<T>, { ok: true }>;
  }

  /** Maps an endpoint (127.0.0.1:2379, https://control-plane-2:2379…) to a member. */
  private target(endpoint: string): EtcdMember {
    const hostPart = endpoint.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
    const local = this.ctx.host ?? this.ctx.cluster.members[0].host;
    const name = hostPart === '127.0.0.1' || hostPart === 'localhost' ? local : hostPart;
    const m = this.ctx.cluster.members.find((x) => x.name === name || x.host === name);
    if (!m) throw new Failure('context deadline exceeded');
    return m;
  }

  private printKv(kv: KeyValue): void {
    if (this.has('print-value-only')) return this.print(`${kv.value}\n`);
    this.print(`${kv.key}\n`);
    if (!this.has('keys-only')) this.print(`${kv.value}\n`);
    else this.print('\n');
  }

  private print(s: string): void {
    this.out.push(s);
  }

  private flag(name: string): string | undefined {
    return this.args.flags.get(name);
  }

  private has(name: string): boolean {
    const v = this.args.flags.get(name);
    return v !== undefined && v !== 'false';
  }
}
