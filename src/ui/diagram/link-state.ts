import type { CommunicationPath, Topology } from '../../engine/view';

/** How a communication path is drawn: carrying traffic, cut by a partition, or dead. */
export type LinkState = 'ok' | 'cut' | 'down';

// client-process.ts: kubectl runs on the user's machine, host 'client'
const CLIENT_HOST = 'client';

/**
 * The host an end of a path runs on: a component's node (`<kind>@<node>`), the user's machine
 * for kubectl, the load balancer its own host.
 */
export function hostOf(id: string, t: Pick<Topology, 'client'>): string {
  if (id === t.client.id) return CLIENT_HOST;
  return id.includes('@') ? id.slice(id.indexOf('@') + 1) : id;
}

/**
 * A path is cut when it leaves a partitioned node or crosses a cut link between two hosts
 * (traffic inside one host still flows), and down when either end's process or machine is not
 * running (nothing answers there).
 *
 *   linkState(path, topology); // 'cut' for kubelet@worker-2 → kube-apiserver when worker-2 is partitioned
 */
export function linkState(path: CommunicationPath, t: Topology): LinkState {
  const a = hostOf(path.source, t);
  const b = hostOf(path.target, t);
  const node = (name: string | undefined) => t.nodes.find((n) => n.name === name);
  if (a !== b) {
    if (node(a)?.partitioned || node(b)?.partitioned) return 'cut';
    if (t.cutLinks?.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) return 'cut';
  }
  const up = (id: string) => {
    if (t.loadBalancer && id === t.loadBalancer.id) return t.loadBalancer.up;
    const n = node(hostOf(id, t));
    if (!n) return true;
    const c = n.components.find((x) => x.id === id);
    return n.up && (c?.up ?? true);
  };
  return up(path.source) && up(path.target) ? 'ok' : 'down';
}
