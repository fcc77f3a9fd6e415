// Cutting one network link: what a pulled cable, a dead switch port or a firewall rule
// dropping every packet between two machines does. A link joins two hosts, not two processes:
// every connection between those hosts loses its packets both ways, whichever diagram path
// was clicked. Two processes on one host talk over loopback (kubeadm's stacked etcd at
// https://127.0.0.1:2379, the scheduler's and controller-manager's kubeconfigs naming the
// local apiserver) or a unix socket (the kubelet's CRI endpoint), which no network fault cuts.
import type { Cluster } from './cluster';

/** Cuts or restores the network link between two hosts, e.g. ['worker-1', 'control-plane-1']. */
export interface LinkFault {
  op: 'cut-link' | 'restore-link';
  /** node names, 'load-balancer' (the HA endpoint) or 'client' (kubectl's machine) */
  hosts: [string, string];
}

/** One entry of a link's failure menu (the shape of faults.ts's FaultChoice). */
export interface LinkFaultChoice {
  label: string;
  fault: LinkFault;
  disabled?: string;
}

// client-process.ts: kubectl runs on the user's machine, host 'client'
const CLIENT_HOST = 'client';

/** A link fault in words: "Cut the network link between worker-1 and control-plane-1". */
export function describeLinkFault(fault: LinkFault): string {
  const [a, b] = fault.hosts;
  const verb = fault.op === 'cut-link' ? 'Cut' : 'Restore';
  return `${verb} the network link between ${a} and ${b}`;
}

/**
 * Cuts or restores the link; throws for an unknown host or a host paired with itself.
 *
 *   applyLinkFault(c, { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] });
 */
export function applyLinkFault(cluster: Cluster, fault: LinkFault): void {
  const [a, b] = fault.hosts.map((h) => requireHost(cluster, h));
  if (a === b) throw new Error(`a link joins two different hosts, got ${a} twice`);
  cluster.sim.net.setLink(a, b, fault.op === 'restore-link');
  // lets the views see the change at once
  cluster.advance(0);
}

/**
 * The menu of a diagram path, named by its id `<source>--<target>` (e.g.
 * 'kubelet@worker-1--kube-apiserver@control-plane-1'): cut or restore the link between the
 * two ends' hosts, both disabled with the reason when the ends share a host. Unknown paths
 * get none.
 */
export function linkFaultChoices(cluster: Cluster, pathId: string): LinkFaultChoice[] {
  const ends = pathEnds(cluster, pathId);
  if (!ends) return [];
  const [source, target] = ends;
  const hosts: [string, string] = [hostOf(cluster, source), hostOf(cluster, target)];
  const [a, b] = hosts;
  const cut = { op: 'cut-link', hosts } as const;
  const restore = { op: 'restore-link', hosts } as const;
  if (a === b) {
    // named by its processes: "between control-plane-1 and control-plane-1" would say nothing
    const why = sameHostReason(source, target, a);
    return [
      { label: `Cut the link between ${source} and ${target}`, fault: cut, disabled: why },
      { label: `Restore the link between ${source} and ${target}`, fault: restore, disabled: why },
    ];
  }
  const isCut = cluster.sim.net.isLinkCut(a, b);
  return [
    choice(cut, isCut ? `the link between ${a} and ${b} is already cut` : undefined),
    choice(restore, isCut ? undefined : `the link between ${a} and ${b} is not cut`),
  ];
}

/**
 * The two ends of a path id `<source>--<target>`: processes of the cluster, or two hosts (the
 * diagram draws a cut between hosts no path joins, such as two workers, as `worker-1--worker-2`).
 */
export function pathEnds(cluster: Cluster, pathId: string): [string, string] | undefined {
  const hosts = linkHostNames(cluster);
  const known = (id: string) => cluster.sim.net.endpoint(id) !== undefined || hosts.includes(id);
  // a node name may itself hold '--': try each split until both sides are known
  for (let i = pathId.indexOf('--'); i > 0; i = pathId.indexOf('--', i + 1)) {
    const source = pathId.slice(0, i);
    const target = pathId.slice(i + 2);
    if (known(source) && known(target)) return [source, target];
  }
  return undefined;
}

/** Every host a link can join: the nodes, the load balancer if there is one, kubectl's machine. */
export function linkHostNames(cluster: Cluster): string[] {
  return [
    ...cluster.nodes.map((n) => n.name),
    ...(cluster.loadBalancer ? [cluster.loadBalancer.host] : []),
    CLIENT_HOST,
  ];
}

function sameHostReason(source: string, target: string, host: string): string {
  // the kubelet's --container-runtime-endpoint: unix:///run/containerd/containerd.sock
  if (target.startsWith('containerd@') || source.startsWith('containerd@'))
    return `both ends run on ${host} and talk over the unix socket /run/containerd/containerd.sock, which no network fault cuts`;
  return `both ends run on ${host} and talk over loopback (127.0.0.1), which no network fault cuts`;
}

function choice(fault: LinkFault, disabled?: string): LinkFaultChoice {
  return { label: describeLinkFault(fault), fault, ...(disabled ? { disabled } : {}) };
}

function hostOf(cluster: Cluster, endpoint: string): string {
  return cluster.sim.net.endpoint(endpoint)?.host ?? endpoint;
}

function requireHost(cluster: Cluster, host: string): string {
  if (!linkHostNames(cluster).includes(host)) throw new Error(`no host named ${host}`);
  return host;
}
