// A machine's power: off kills every process on it at once; on is a boot, not a resume.
// systemd starts containerd, the kubelet and kube-proxy; everything else that ran there
// comes back only as the kubelet starts its pods again (static pods run the control plane).
import { Containerd } from '../node/runtime';
import type { Process } from '../sim';
import type { Cluster } from './cluster';

/** Powers a machine off: every process on it dies and its network goes quiet. */
export function powerOff(cluster: Cluster, host: string): void {
  for (const p of cluster.components()) if (p.host === host) p.kill();
  cluster.sim.net.setHostUp(host, false);
}

/**
 * Powers a machine on: the kernel's iptables start empty, containerd comes back with what its
 * disk kept (sandboxes NOTREADY, containers exited 255 "Unknown"), then the node's units
 * start; the kubelet finds the pods bound to it and re-creates their sandboxes and
 * containers, restart counts going up.
 */
export function powerOn(cluster: Cluster, host: string): void {
  if (cluster.sim.net.isHostUp(host)) return;
  cluster.sim.net.setHostUp(host, true);
  // netfilter rules live in the kernel: kube-proxy writes them again once it has synced
  cluster.serviceNetwork.iptables(host).clear();
  const processes = cluster.components().filter((p) => p.host === host);
  for (const p of processes) if (p instanceof Containerd) p.reboot();
  const inPods = podProcesses(cluster);
  for (const p of processes) if (!inPods.has(p)) p.start();
}

// Processes a container runs: the static pods' control-plane binaries and CoreDNS servers
// (pod/<ns>/<name>), started by their containers rather than by systemd.
function podProcesses(cluster: Cluster): Set<Process> {
  return new Set<Process>([
    ...cluster.etcd.members,
    ...cluster.apiServers,
    ...cluster.controllerManagers,
    ...cluster.schedulers,
    ...cluster.components().filter((p) => p.id.startsWith('pod/')),
  ]);
}
