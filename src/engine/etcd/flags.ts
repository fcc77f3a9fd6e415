import type { KubeObject } from '../api/types';

interface EtcdPodSpec {
  containers?: { command?: string[] }[];
}

/**
 * The --snapshot-count of the etcd container of a static pod (kubeadm passes 10000), or
 * undefined (etcd's default) without one, or for 0 or a value etcd would not parse.
 */
export function snapshotCountOf(pod: KubeObject): number | undefined {
  const spec = pod.spec as EtcdPodSpec | undefined;
  const command = spec?.containers?.find((c) => c.command?.[0] === 'etcd')?.command;
  const flag = command?.findLast((a) => a.startsWith('--snapshot-count='));
  if (!flag) return undefined;
  const value = flag.slice('--snapshot-count='.length);
  // server/etcdserver/server.go start: a snapshot count of 0 is replaced by DefaultSnapshotCount
  return /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}
