import type { Simulation } from '../sim/simulation';
import type { DataDir } from './disk';
import type { EtcdSnapshotFile } from './protocol';

/** The control-plane hosts' etcd files by path: snapshot files and data dirs. */
export type EtcdctlFiles = Map<string, EtcdSnapshotFile | DataDir>;

const fileStores = new WeakMap<Simulation, Map<string, EtcdctlFiles>>();

/**
 * The etcd files on one host of a simulation: where `etcdctl snapshot save` writes, `etcdutl
 * snapshot restore` makes data dirs and the host's member finds the data dir its static pod
 * names.
 */
export function etcdFiles(sim: Simulation, host: string): EtcdctlFiles {
  let hosts = fileStores.get(sim);
  if (!hosts) fileStores.set(sim, (hosts = new Map()));
  let files = hosts.get(host);
  if (!files) hosts.set(host, (files = new Map()));
  return files;
}

/** Whether `dir` exists and holds something (etcdutl refuses to restore into it then). */
export function dirInUse(files: EtcdctlFiles, dir: string): boolean {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return [...files.keys()].some((p) => p === dir.replace(/\/$/, '') || p.startsWith(prefix));
}
