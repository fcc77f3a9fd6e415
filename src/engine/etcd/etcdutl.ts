// etcdutl, the offline tool for etcd's data files (etcdutl/snapshot/v3_snapshot.go): `snapshot
// restore` turns a snapshot file into a new member's data dir of a new cluster.
import type { Simulation } from '../sim/simulation';
import { DataDir } from './disk';
import type { Membership } from './disk';
import { parseArgs } from './etcdctl/args';
import { humanBytes, table } from './etcdctl/format';
import type { EtcdctlFiles } from './files';
import { dirInUse, etcdFiles } from './files';
import { computeClusterId, computeMemberId } from './ids';
import { ETCD_VERSION } from './member';
import type { MvccStore } from './mvcc/store';
import type { EtcdSnapshotFile } from './protocol';

export interface EtcdutlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RestoreContext {
  files: EtcdctlFiles;
  /** the host's clock, for the log lines (RFC 3339) */
  timestamp(): string;
}

// etcdutl snapshot restore's flag defaults (etcdutl/etcdutl/snapshot_command.go)
const DEFAULT_NAME = 'default';
const DEFAULT_PEER_URL = 'http://localhost:2380';
const DEFAULT_TOKEN = 'etcd-cluster';

/** zap's console encoder: time, level, caller, message, then the fields as JSON. */
function logLine(ts: string, caller: string, msg: string, fields?: Record<string, unknown>) {
  const json = fields
    ? '\t{' +
      Object.entries(fields)
        .map(
          ([k, v]) =>
            `"${k}": ${Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v)}`,
        )
        .join(', ') +
      '}'
    : '';
  return `${ts}\tinfo\t${caller}\t${msg}${json}\n`;
}

/**
 * `snapshot restore <file>` with etcdutl's flags (--data-dir, --name, --initial-cluster,
 * --initial-cluster-token, --bump-revision, --mark-compacted; the peer URLs are those that
 * --initial-cluster gives the member):
 * the zap log it writes to stderr and, on failure, the error.
 */
export function restoreSnapshot(
  words: string[],
  flags: ReadonlyMap<string, string>,
  ctx: RestoreContext,
): { log: string; error?: string } {
  if (words.length !== 1)
    return { log: '', error: 'snapshot restore requires exactly one argument' };
  const [file] = words;
  const flag = (name: string) => flags.get(name);
  const name = flag('name') ?? DEFAULT_NAME;
  const token = flag('initial-cluster-token') ?? DEFAULT_TOKEN;
  const initialCluster = flag('initial-cluster') ?? `${DEFAULT_NAME}=${DEFAULT_PEER_URL}`;
  const urlsByName = new Map<string, string[]>();
  for (const entry of initialCluster.split(',')) {
    const [n, url] = entry.split('=');
    urlsByName.set(n, [...(urlsByName.get(n) ?? []), url]);
  }
  // config.ServerConfig.VerifyBootstrap: the local member must be in --initial-cluster
  if (!urlsByName.has(name)) {
    return {
      log: '',
      error: `couldn't find local name "${name}" in the initial cluster configuration`,
    };
  }
  const dataDir = flag('data-dir') ?? `${name}.etcd`;
  if (dirInUse(ctx.files, dataDir)) {
    return { log: '', error: `data-dir "${dataDir}" not empty or could not be read` };
  }
  const ts = ctx.timestamp();
  const paths = {
    path: file,
    'wal-dir': `${dataDir}/member/wal`,
    'data-dir': dataDir,
    'snap-dir': `${dataDir}/member/snap`,
    'initial-memory-map-size': 0,
  };
  // the caller lines of etcd v3.5.16+ (snapshot/v3_snapshot.go:265 and :293)
  let log = logLine(ts, 'snapshot/v3_snapshot.go:265', 'restoring snapshot', paths);
  const snap = ctx.files.get(file);
  if (!snap || snap instanceof DataDir) {
    return { log, error: `open ${file}: no such file or directory` };
  }
  log += logLine(
    ts,
    'membership/store.go:141',
    'Trimming membership information from the backend...',
  );
  const store = snap.store as MvccStore;
  // 3.5 bumps only with both flags (v3Manager.Restore: cfg.MarkCompacted && cfg.RevisionBump > 0)
  const bump = flags.has('mark-compacted') ? Number(flag('bump-revision') ?? 0) : 0;
  if (bump > 0) {
    // v3Manager.modifyLatestRevision's two lines (their 3.5 caller line numbers are approximate)
    const latest = store.revision;
    log += logLine(ts, 'snapshot/v3_snapshot.go:386', 'bumping latest revision', {
      'latest-revision': latest,
      'bump-amount': bump,
      'new-latest-revision': latest + bump,
    });
    log += logLine(ts, 'snapshot/v3_snapshot.go:395', 'marking revision compacted', {
      revision: latest + bump,
    });
  }
  const members = [...urlsByName].map(([n, urls]) => ({
    id: computeMemberId(urls, token),
    name: n,
    peerURLs: urls,
  }));
  const clusterId = computeClusterId(members.map((m) => m.id));
  for (const m of [...members].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    log += logLine(ts, 'membership/cluster.go:421', 'added member', {
      'cluster-id': clusterId,
      'local-member-id': '0',
      'added-peer-id': m.id,
      'added-peer-peer-urls': m.peerURLs,
    });
  }
  const membership: Membership = {
    clusterId,
    memberId: members.find((m) => m.name === name)!.id,
    members,
  };
  ctx.files.set(dataDir, DataDir.fromSnapshot(store, { membership, bumpRevision: bump }));
  log += logLine(ts, 'snapshot/v3_snapshot.go:293', 'restored snapshot', paths);
  return { log };
}

/**
 * etcdutl on a control-plane host: `snapshot restore`, `snapshot status`, `version`.
 *
 *   runEtcdutl('etcdutl snapshot restore snap.db --data-dir /d', { sim, host: 'control-plane-1' });
 */
export function runEtcdutl(
  command: string,
  ctx: { sim: Simulation; host: string; files?: EtcdctlFiles },
): EtcdutlResult {
  const args = parseArgs(command.replace(/^\s*etcdutl\b/, ''));
  const files = ctx.files ?? etcdFiles(ctx.sim, ctx.host);
  const fail = (message: string, log = '') => ({
    stdout: '',
    stderr: `${log}Error: ${message}\n`,
    exitCode: 1,
  });
  const [cmd, sub, ...rest] = args.words;
  if (cmd === 'version') {
    return {
      stdout: `etcdutl version: ${ETCD_VERSION}\nAPI version: 3.5\n`,
      stderr: '',
      exitCode: 0,
    };
  }
  if (cmd !== 'snapshot') return fail(`unknown command "${cmd ?? ''}" for "etcdutl"`);
  if (sub === 'restore') {
    const r = restoreSnapshot(rest, args.flags, { files, timestamp: () => ctx.sim.timestamp() });
    if (r.error !== undefined) return fail(r.error, r.log);
    return { stdout: '', stderr: r.log, exitCode: 0 };
  }
  if (sub === 'status') {
    if (rest.length !== 1) return fail('snapshot status requires exactly one argument');
    const snap = files.get(rest[0]);
    if (!snap || snap instanceof DataDir) return fail(`stat ${rest[0]}: no such file or directory`);
    const format = args.flags.get('write-out') ?? args.flags.get('w') ?? 'simple';
    return { stdout: snapshotStatus(snap, format === 'table'), stderr: '', exitCode: 0 };
  }
  return fail(`unknown command "${sub ?? ''}" for "etcdutl snapshot"`);
}

/** `snapshot status` of a snapshot file: hash, revision, keys and size, as a table or a line. */
export function snapshotStatus(snap: EtcdSnapshotFile, asTable: boolean): string {
  const store = snap.store as MvccStore;
  const row = [
    store.hash(),
    String(snap.revision),
    String(store.keyCount),
    humanBytes(snap.sizeBytes),
  ];
  if (asTable) return table(['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'], [row]);
  return `${row.join(', ')}\n`;
}
