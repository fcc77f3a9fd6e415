import type { Cluster } from '../cluster/cluster';
import type { NodeCondition } from './kubelet';
import { nodeConditions } from './kubelet';

/** A machine as `kubectl describe node` summarises it, plus the simulation's host state. */
export interface NodeState {
  name: string;
  role: 'control-plane' | 'worker';
  ip: string;
  /** powered on */
  up: boolean;
  partitioned: boolean;
  /** the Node object exists (the kubelet registered it) */
  registered: boolean;
  unschedulable: boolean;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  conditions: NodeCondition[];
  podCIDR?: string;
  labels: Record<string, string>;
}

/** Reads a node's stored Node object and host state (no request sent). */
export function nodeState(c: Cluster, name: string): NodeState | undefined {
  const plan = c.nodes.find((n) => n.name === name);
  if (!plan) return undefined;
  const node = c.get('nodes', name) as
    | {
        metadata: { labels?: Record<string, string> };
        spec?: {
          podCIDR?: string;
          unschedulable?: boolean;
          taints?: NodeState['taints'];
        };
        status?: { capacity?: Record<string, string>; allocatable?: Record<string, string> };
      }
    | undefined;
  return {
    name,
    role: plan.controlPlane ? 'control-plane' : 'worker',
    ip: plan.ip,
    up: c.sim.net.isHostUp(name),
    partitioned: c.sim.net.isPartitioned(name),
    registered: node !== undefined,
    unschedulable: node?.spec?.unschedulable ?? false,
    capacity: node?.status?.capacity ?? {},
    allocatable: node?.status?.allocatable ?? {},
    taints: node?.spec?.taints ?? [],
    conditions: nodeConditions(c, node as never),
    ...(node?.spec?.podCIDR ? { podCIDR: node.spec.podCIDR } : {}),
    labels: node?.metadata.labels ?? {},
  };
}
