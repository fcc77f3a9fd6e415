import type { Topology } from './topology';

/** Why two components talk: the protocol family of the path. */
export type PathKind = 'client' | 'load-balancing' | 'storage' | 'raft' | 'api' | 'cri';

/** A communication path between two components (hops travel along it either way). */
export interface CommunicationPath {
  /** `<source>--<target>` */
  id: string;
  source: string;
  target: string;
  kind: PathKind;
}

/**
 * The real communication paths of a topology, as kubeadm wires a cluster: kubectl to the
 * control-plane endpoint (the load balancer when there are several apiservers), the load
 * balancer to every apiserver, each apiserver to its local etcd (kubeadm's stacked etcd),
 * etcd members to each other (Raft), control-plane components and control-plane kubelets to
 * their local apiserver, worker kubelets and every kube-proxy to the endpoint, each kubelet
 * to its node's container runtime.
 */
export function communicationPaths(t: Topology): CommunicationPath[] {
  const paths: CommunicationPath[] = [];
  const add = (source: string, target: string, kind: PathKind) =>
    paths.push({ id: `${source}--${target}`, source, target, kind });
  const has = (id: string) => t.nodes.some((n) => n.components.some((c) => c.id === id));
  const apiServers = t.nodes.flatMap((n) =>
    n.components.filter((c) => c.kind === 'kube-apiserver').map((c) => c.id),
  );
  // kubeadm's controlPlaneEndpoint: the load balancer, else the first apiserver
  const endpoint = t.loadBalancer?.id ?? apiServers[0];
  if (endpoint) add(t.client.id, endpoint, 'client');
  if (t.loadBalancer) for (const a of apiServers) add(t.loadBalancer.id, a, 'load-balancing');

  const etcdMembers: string[] = [];
  for (const node of t.nodes) {
    const local = (kind: string) => `${kind}@${node.name}`;
    const localApi = has(local('kube-apiserver')) ? local('kube-apiserver') : endpoint;
    for (const c of node.components) {
      switch (c.kind) {
        case 'kube-apiserver':
          if (has(local('etcd'))) add(c.id, local('etcd'), 'storage');
          break;
        case 'etcd':
          etcdMembers.push(c.id);
          break;
        case 'kube-scheduler':
        case 'kube-controller-manager':
          // kubeadm's scheduler.conf and controller-manager.conf name the local apiserver
          if (localApi) add(c.id, localApi, 'api');
          break;
        case 'kubelet':
          // kubeadm: control-plane kubelets use their local apiserver, workers the endpoint
          if (node.role === 'control-plane' && localApi) add(c.id, localApi, 'api');
          else if (endpoint) add(c.id, endpoint, 'api');
          if (has(local('containerd'))) add(c.id, local('containerd'), 'cri');
          break;
        case 'kube-proxy':
          // kube-proxy's kubeconfig (kube-proxy ConfigMap) names the control-plane endpoint
          if (endpoint) add(c.id, endpoint, 'api');
          break;
      }
    }
  }
  for (let i = 0; i < etcdMembers.length; i++)
    for (let j = i + 1; j < etcdMembers.length; j++) add(etcdMembers[i], etcdMembers[j], 'raft');
  return paths;
}
