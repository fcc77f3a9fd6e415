import type { KubeObject } from '../api/types';

interface EtcdPodSpec {
  containers?: {
    name: string;
    command?: string[];
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
  volumes?: { name: string; hostPath?: { path: string } }[];
}

/**
 * Where on the host the etcd container of a static pod keeps its data: its --data-dir, under
 * the volume mount that holds it, mapped to that volume's hostPath (kubeadm: etcd-data,
 * /var/lib/etcd → /var/lib/etcd). Undefined without an etcd container or a --data-dir.
 *
 *   etcdDataDirOf(pod); // '/var/lib/etcd-from-backup' after the restore's sed
 */
export function etcdDataDirOf(pod: KubeObject | undefined): string | undefined {
  const spec = pod?.spec as EtcdPodSpec | undefined;
  const container = spec?.containers?.find((c) => c.command?.[0] === 'etcd');
  const flag = container?.command?.find((a) => a.startsWith('--data-dir='));
  if (!container || !flag) return undefined;
  const dataDir = flag.slice('--data-dir='.length).replace(/\/$/, '');
  const under = (mount: string) => dataDir === mount || dataDir.startsWith(`${mount}/`);
  const mount = (container.volumeMounts ?? [])
    .filter((m) => under(m.mountPath.replace(/\/$/, '')))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  const hostPath = spec?.volumes?.find((v) => v.name === mount?.name)?.hostPath?.path;
  // a data dir outside any hostPath lives in the container: it is where the container says
  if (!mount || !hostPath) return dataDir;
  return hostPath.replace(/\/$/, '') + dataDir.slice(mount.mountPath.replace(/\/$/, '').length);
}
