import type { KubeObject } from '../api/types';
import type { Cluster } from '../cluster/cluster';
import { virtualTime } from './leases';

/** A Node condition as stored (type, status, reason), with its times in virtual ms. */
export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatAt?: number;
  lastTransitionAt?: number;
}

/** A pod bound to the node, and whether the kubelet has a pod worker for it right now. */
export interface KubeletPod {
  namespace: string;
  name: string;
  phase: string;
  /** the kubelet is syncing it (a pod worker exists) */
  running: boolean;
  deleting: boolean;
}

/** A kubelet: its node's pods, its Lease renewals, the conditions it reports. */
export interface KubeletState {
  id: string;
  node: string;
  up: boolean;
  registered: boolean;
  pods: KubeletPod[];
  /** kube-node-lease/<node>: spec.renewTime in virtual ms */
  leaseRenewedAt?: number;
  leaseDurationSeconds?: number;
  conditions: NodeCondition[];
}

/** Reads one kubelet's pods, node lease and node conditions (no request sent). */
export function kubeletState(c: Cluster, id: string): KubeletState | undefined {
  const k = c.kubelets.find((x) => x.id === id);
  if (!k) return undefined;
  const node = k.options.name;
  const workers = k.pods?.workers;
  const pods = c
    .list('pods')
    .filter((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === node)
    .map((p) => ({
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name ?? '',
      phase: (p as { status?: { phase?: string } }).status?.phase ?? 'Pending',
      running: workers?.has(p.metadata.uid ?? '') ?? false,
      deleting: p.metadata.deletionTimestamp !== undefined,
    }));
  const lease = (
    c.get('leases', node, 'kube-node-lease') as
      { spec?: { renewTime?: string; leaseDurationSeconds?: number } } | undefined
  )?.spec;
  return {
    id,
    node,
    up: k.isUp(),
    registered: k.registered,
    pods,
    ...(lease?.renewTime ? { leaseRenewedAt: virtualTime(c, lease.renewTime) } : {}),
    ...(lease?.leaseDurationSeconds !== undefined
      ? { leaseDurationSeconds: lease.leaseDurationSeconds }
      : {}),
    conditions: nodeConditions(c, c.get('nodes', node)),
  };
}

/** A stored Node's status.conditions with virtual times. */
export function nodeConditions(c: Cluster, node: KubeObject | undefined): NodeCondition[] {
  const list =
    (node as { status?: { conditions?: Record<string, string>[] } } | undefined)?.status
      ?.conditions ?? [];
  return list.map((cond) => ({
    type: cond.type,
    status: cond.status,
    ...(cond.reason ? { reason: cond.reason } : {}),
    ...(cond.message ? { message: cond.message } : {}),
    ...(cond.lastHeartbeatTime ? { lastHeartbeatAt: virtualTime(c, cond.lastHeartbeatTime) } : {}),
    ...(cond.lastTransitionTime
      ? { lastTransitionAt: virtualTime(c, cond.lastTransitionTime) }
      : {}),
  }));
}
