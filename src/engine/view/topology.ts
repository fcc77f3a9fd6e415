import type { KubeObject } from '../api/types';
import type { Cluster } from '../cluster/cluster';

/**
 * The component kinds a node can run, in the order a view lists them. Presence is read from
 * the engine (a component exists when its process is registered on the network), so kinds
 * the engine does not simulate yet simply do not appear.
 */
export const COMPONENT_KINDS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
  'kube-proxy',
  'containerd',
  // the CNI plugin containerd calls for a sandbox's network (drawn as a badge on containerd)
  'cni',
] as const;

export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** One component instance (`<kind>@<node>`) and whether its process is running. */
export interface ComponentView {
  id: string;
  kind: string;
  node: string;
  up: boolean;
  /** etcd only: Raft role and term, as `etcdctl endpoint status` reports them. */
  etcd?: { leader: boolean; term: number };
}

/** A pod (`pod/<namespace>/<name>`) with its phase as stored. */
export interface PodView {
  id: string;
  namespace: string;
  name: string;
  node?: string;
  phase: string;
  /** deletion requested (kubectl shows STATUS Terminating) */
  terminating?: boolean;
}

/** A machine of the cluster with what runs on it. */
export interface NodeView {
  name: string;
  role: 'control-plane' | 'worker';
  ip: string;
  /** powered on */
  up: boolean;
  partitioned: boolean;
  /** the Node object's Ready condition status, or 'Unknown' before it registers */
  ready: 'True' | 'False' | 'Unknown';
  components: ComponentView[];
  pods: PodView[];
}

/** Everything a diagram draws, read from a Cluster without sending any hop. */
export interface Topology {
  /** the user's machine, outside the cluster */
  client: { id: 'kubectl' };
  loadBalancer?: { id: string; up: boolean; inRotation: string[] };
  nodes: NodeView[];
  /** pods no node has been chosen for yet */
  unscheduledPods: PodView[];
  /** the etcd member that leads, if any */
  etcdLeader?: string;
  /** network links cut between two hosts (node names, 'load-balancer', 'client'), sorted */
  cutLinks?: [string, string][];
}

/**
 * Reads the cluster's shape and status: nodes with their components (up or down), etcd roles
 * and terms, pods per node with their phase. Pure and read-only (no hops, no clock).
 *
 *   const t = clusterTopology(createCluster({ workers: 3 }));
 *   t.nodes.map((n) => n.name); // ['control-plane-1', 'worker-1', 'worker-2', 'worker-3']
 */
export function clusterTopology(c: Cluster, extraComponentIds: Iterable<string> = []): Topology {
  const net = c.sim.net;
  const extras = groupExtras(extraComponentIds);
  const pods = c.list('pods').map(cachedPodView);
  const nodes: NodeView[] = c.nodes.map((plan) => {
    const components: ComponentView[] = [];
    const kinds = [...COMPONENT_KINDS, ...(extras.get(plan.name) ?? [])];
    for (const kind of kinds) {
      const id = `${kind}@${plan.name}`;
      const endpoint = net.endpoint(id);
      if (!endpoint) continue;
      const view: ComponentView = { id, kind, node: plan.name, up: endpoint.isUp() };
      const member = c.etcd.members.find((m) => m.id === id);
      if (member)
        view.etcd = {
          leader: member.isLeader(),
          term: member.raft?.term ?? member.header().raftTerm,
        };
      components.push(view);
    }
    return {
      name: plan.name,
      role: plan.controlPlane ? 'control-plane' : 'worker',
      ip: plan.ip,
      up: net.isHostUp(plan.name),
      partitioned: net.isPartitioned(plan.name),
      ready: readyStatus(c.get('nodes', plan.name)),
      components,
      pods: pods.filter((p) => p.node === plan.name),
    };
  });
  const lb = c.loadBalancer;
  return {
    client: { id: 'kubectl' },
    ...(lb ? { loadBalancer: { id: lb.id, up: lb.isUp(), inRotation: lb.inRotation() } } : {}),
    nodes,
    unscheduledPods: pods.filter((p) => p.node === undefined),
    etcdLeader: c.etcd.members.find((m) => m.isLeader())?.id,
    ...(net.cutLinkPairs().length > 0 ? { cutLinks: net.cutLinkPairs() } : {}),
  };
}

/**
 * A cheap fingerprint of everything clusterTopology reads: the etcd stores' revisions (pods and
 * Node objects) and the processes', hosts' and etcd members' states, without decoding any
 * stored object. Equal stamps mean equal topologies, so a caller re-reads only on a change.
 *
 *   topologyStamp(c) === topologyStamp(c); // true until the cluster moves
 */
export function topologyStamp(
  c: Cluster,
  extraComponentIds: ReadonlySet<string> = new Set(),
): string {
  const net = c.sim.net;
  const parts: (string | number | boolean)[] = [extraComponentIds.size];
  for (const m of c.etcd.members)
    parts.push(m.disk.store.revision, m.isUp(), m.isLeader(), m.raft?.term ?? -1);
  for (const plan of c.nodes) {
    parts.push(net.isHostUp(plan.name), net.isPartitioned(plan.name));
    for (const kind of COMPONENT_KINDS)
      parts.push(net.endpoint(`${kind}@${plan.name}`)?.isUp() ?? '-');
  }
  for (const id of extraComponentIds) parts.push(net.endpoint(id)?.isUp() ?? '-');
  const lb = c.loadBalancer;
  if (lb) parts.push(lb.isUp(), lb.inRotation().join());
  parts.push(net.cutLinkPairs().join(';'));
  return parts.join('|');
}

/** Extra `<kind>@<node>` ids (e.g. seen in hops) whose kind is not in COMPONENT_KINDS. */
function groupExtras(ids: Iterable<string>): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const id of ids) {
    const at = id.indexOf('@');
    if (at <= 0) continue;
    const kind = id.slice(0, at);
    if ((COMPONENT_KINDS as readonly string[]).includes(kind)) continue;
    const node = id.slice(at + 1);
    const list = byNode.get(node) ?? [];
    if (!list.includes(kind)) list.push(kind);
    byNode.set(node, list.sort());
  }
  return byNode;
}

// Cluster.list hands back the same frozen object while a pod is unchanged, so its view is kept.
const podViews = new WeakMap<KubeObject, PodView>();
function cachedPodView(pod: KubeObject): PodView {
  let view = podViews.get(pod);
  if (!view) podViews.set(pod, (view = podView(pod)));
  return view;
}

function podView(pod: KubeObject): PodView {
  const meta = pod.metadata ?? {};
  const spec = (pod as { spec?: { nodeName?: string } }).spec;
  const status = (pod as { status?: { phase?: string } }).status;
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  return {
    id: `pod/${namespace}/${name}`,
    namespace,
    name,
    ...(spec?.nodeName ? { node: spec.nodeName } : {}),
    phase: status?.phase ?? 'Pending',
    ...(meta.deletionTimestamp ? { terminating: true } : {}),
  };
}

function readyStatus(node: KubeObject | undefined): NodeView['ready'] {
  const conditions = (node as { status?: { conditions?: { type: string; status: string }[] } })
    ?.status?.conditions;
  const ready = conditions?.find((cond) => cond.type === 'Ready')?.status;
  return ready === 'True' || ready === 'False' ? ready : 'Unknown';
}
