// A worker joining a running cluster (kubeadm join): its containerd, its kubelet (which
// registers the Node and waits for the node IPAM's podCIDR), its kube-proxy; the DaemonSet
// controller and the scheduler take it from there.
import { Kubelet } from '../node/kubelet';
import { preloadedImages } from '../node/images';
import { Containerd } from '../node/runtime';
import type { Cluster } from './cluster';
import type { NodePlan } from './topology';
import { planNodes } from './topology';

/** A joining worker's size (defaults: the usual worker machine). */
export interface JoinSpec {
  name?: string;
  cpu?: string;
  memory?: string;
}

/**
 * Starts a new worker machine and joins it to the cluster; returns its plan (name, address).
 * Workers talk to the control-plane endpoint (the load balancer when there is one).
 */
export function joinWorker(cluster: Cluster, spec: JoinSpec = {}): NodePlan {
  const plan = nextWorker(cluster.nodes, spec);
  (cluster.nodes as NodePlan[]).push(plan);
  const runtime = new Containerd(cluster.sim, {
    node: plan.name,
    hostIP: plan.ip,
    preloaded: preloadedImages(false),
  });
  const kubelet = new Kubelet(cluster.sim, {
    ...plan,
    apiServer: cluster.loadBalancer?.id ?? cluster.apiServers[0].id,
    runtime,
  });
  (cluster.kubelets as Kubelet[]).push(kubelet);
  cluster.register(kubelet);
  cluster.register(runtime);
  cluster.serviceNetwork.addNode(plan.name);
  return plan;
}

// The next worker-N by position (its address follows the same plan as at boot), skipping
// names already taken.
function nextWorker(nodes: readonly NodePlan[], spec: JoinSpec): NodePlan {
  const taken = new Set(nodes.map((n) => n.name));
  const addresses = new Set(nodes.map((n) => n.ip));
  if (spec.name && taken.has(spec.name)) throw new Error(`two nodes are named ${spec.name}`);
  for (let count = nodes.filter((n) => !n.controlPlane).length + 1; ; count++) {
    const plan = planNodes(0, count).at(-1)!;
    if (addresses.has(plan.ip) || (!spec.name && taken.has(plan.name))) continue;
    return {
      ...plan,
      name: spec.name ?? plan.name,
      cpu: spec.cpu ?? plan.cpu,
      memory: spec.memory ?? plan.memory,
    };
  }
}
