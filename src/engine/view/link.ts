import type { Cluster } from '../cluster/cluster';
import { pathEnds } from '../cluster/faults-links';

/** How the two ends of a path reach each other. */
export type LinkMedium = 'network' | 'loopback' | 'unix-socket';

/** A diagram path's link as the inspector shows it (read without sending a hop). */
export interface LinkView {
  source: string;
  target: string;
  /** the hosts the two ends run on, source first */
  hosts: [string, string];
  medium: LinkMedium;
  /** the network link between the two hosts is cut (a cut-link fault) */
  cut: boolean;
  /** hosts of the two ends cut off from every other host (a partition fault) */
  partitioned: string[];
  /** hosts of the two ends that are powered off */
  poweredOff: string[];
}

/**
 * The link under a diagram path `<source>--<target>`, or undefined for an unknown path.
 *
 *   linkView(c, 'kubelet@worker-1--kube-apiserver@control-plane-1')?.medium; // 'network'
 */
export function linkView(c: Cluster, pathId: string): LinkView | undefined {
  const ends = pathEnds(c, pathId);
  if (!ends) return undefined;
  const net = c.sim.net;
  const [source, target] = ends;
  const hosts: [string, string] = [
    net.endpoint(source)?.host ?? source,
    net.endpoint(target)?.host ?? target,
  ];
  const [a, b] = hosts;
  const unique = a === b ? [a] : hosts;
  // the kubelet reaches containerd at unix:///run/containerd/containerd.sock
  const socket = [source, target].some((id) => id.startsWith('containerd@'));
  return {
    source,
    target,
    hosts,
    medium: a !== b ? 'network' : socket ? 'unix-socket' : 'loopback',
    cut: a !== b && net.isLinkCut(a, b),
    partitioned: a === b ? [] : unique.filter((h) => net.isPartitioned(h)),
    poweredOff: unique.filter((h) => !net.isHostUp(h)),
  };
}
