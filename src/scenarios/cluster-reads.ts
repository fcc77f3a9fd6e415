import type { Cluster } from '../engine';

/** What the scenarios read of a pod. */
export interface PodFacts {
  name: string;
  node?: string;
  phase?: string;
  /** being deleted (kubectl shows Terminating) */
  terminating: boolean;
}

interface StoredPod {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

interface StoredNode {
  spec?: { taints?: { key: string; effect: string; timeAdded?: string }[] };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

/** The pods of a namespace carrying `label` (`key=value`), by name. */
export function podsLabelled(cluster: Cluster, namespace: string, label: string): PodFacts[] {
  const [key, value] = label.split('=');
  return (cluster.list('pods', namespace) as unknown as StoredPod[])
    .filter((p) => p.metadata.labels?.[key] === value)
    .map((p) => ({
      name: p.metadata.name,
      node: p.spec?.nodeName,
      phase: p.status?.phase,
      terminating: p.metadata.deletionTimestamp !== undefined,
    }));
}

/** A node's condition of `type` (Ready, MemoryPressure…), as the node's status holds it. */
export function nodeCondition(cluster: Cluster, node: string, type = 'Ready') {
  const n = cluster.get('nodes', node, '') as unknown as StoredNode | undefined;
  return n?.status?.conditions?.find((c) => c.type === type);
}

/** A node's taint by key and effect, if it carries it. */
export function nodeTaint(cluster: Cluster, node: string, key: string, effect: string) {
  const n = cluster.get('nodes', node, '') as unknown as StoredNode | undefined;
  return n?.spec?.taints?.find((t) => t.key === key && t.effect === effect);
}

/** Virtual ms since a stored timestamp (RFC 3339), as of virtual time `now`. */
export function msSince(cluster: Cluster, stamp: string | undefined, now: number): number {
  if (!stamp) return 0;
  const epoch = cluster.sim.wallTime() - cluster.now();
  return Math.max(0, epoch + now - Date.parse(stamp));
}

/** When a node's kubelet last renewed its Lease in kube-node-lease (RFC 3339 micro time). */
export function leaseRenewTime(cluster: Cluster, node: string): string | undefined {
  const lease = cluster.get('leases', node, 'kube-node-lease') as
    { spec?: { renewTime?: string } } | undefined;
  return lease?.spec?.renewTime;
}

/** "38 s of 50 s": elapsed of a limit, in whole seconds. */
export function secondsOf(elapsedMs: number, limitMs: number): string {
  return `${Math.min(Math.floor(elapsedMs / 1000), limitMs / 1000)} s of ${limitMs / 1000} s`;
}
