import type { CommunicationPath, Topology } from '../../engine/view';

/** How a communication path is drawn: carrying traffic, cut by a partition, or dead. */
export type LinkState = 'ok' | 'cut' | 'down';

/**
 * A path is cut when it leaves a partitioned node (traffic inside the node still flows), and
 * down when either end's process or machine is not running (nothing answers there).
 *
 *   linkState(path, topology); // 'cut' for kubelet@worker-2 → kube-apiserver when worker-2 is partitioned
 */
export function linkState(path: CommunicationPath, t: Topology): LinkState {
  const nodeOf = (id: string) => (id.includes('@') ? id.slice(id.indexOf('@') + 1) : undefined);
  const a = nodeOf(path.source);
  const b = nodeOf(path.target);
  const node = (name: string | undefined) => t.nodes.find((n) => n.name === name);
  const crosses = a !== b;
  if (crosses && (node(a)?.partitioned || node(b)?.partitioned)) return 'cut';
  const up = (id: string) => {
    if (t.loadBalancer && id === t.loadBalancer.id) return t.loadBalancer.up;
    const n = node(nodeOf(id));
    if (!n) return true;
    const c = n.components.find((x) => x.id === id);
    return n.up && (c?.up ?? true);
  };
  return up(path.source) && up(path.target) ? 'ok' : 'down';
}
