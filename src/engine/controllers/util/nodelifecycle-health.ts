// The node lifecycle controller's health bookkeeping (node_lifecycle_controller.go
// tryUpdateNodeHealth), as a pure function of the node, the saved health and the node's Lease.
import type { KubeObject } from '../../api/types';

export interface NodeCondition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** nodeHealthData: what the controller last saw of a node, in virtual ms. */
export interface NodeHealth {
  readyCondition?: NodeCondition;
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  leaseRenewTime?: string;
}

export interface HealthTimings {
  /** --node-monitor-grace-period */
  gracePeriodMs: number;
  /** --node-startup-grace-period */
  startupGracePeriodMs: number;
}

export interface HealthResult {
  health: NodeHealth;
  gracePeriodMs: number;
  /** the Ready condition as the node carried it before this pass */
  observedReady: NodeCondition;
  /** the Ready condition after this pass (Unknown when the grace period ran out) */
  currentReady?: NodeCondition;
  /** set when the node's status must be written back (UpdateStatus) */
  updatedNode?: KubeObject;
}

// The conditions set to Unknown when the kubelet goes quiet; NetworkUnavailable is left alone
// because the control plane, not the kubelet, manages it.
const STALE_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function conditionsOf(node: KubeObject): NodeCondition[] {
  return ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ??
    []) as NodeCondition[];
}

export function readyConditionOf(node: KubeObject): NodeCondition | undefined {
  return conditionsOf(node).find((c) => c.type === 'Ready');
}

/**
 * tryUpdateNodeHealth: refresh the probe time when the Ready heartbeat or the Lease renewTime
 * moved, and once `now` is past probe + grace, set Ready/MemoryPressure/DiskPressure/PIDPressure
 * to Unknown (`NodeStatusUnknown`, `Kubelet stopped posting node status.`).
 */
export function evaluateNodeHealth(
  node: KubeObject,
  saved: NodeHealth | undefined,
  lease: KubeObject | undefined,
  now: number,
  nowTimestamp: string,
  toVirtual: (timestamp: string) => number,
  timings: HealthTimings,
): HealthResult {
  const current = readyConditionOf(node);
  const created = node.metadata.creationTimestamp ?? nowTimestamp;
  let observedReady: NodeCondition;
  let gracePeriodMs: number;
  let health = saved;
  if (!current) {
    // The kubelet never posted status: judge it by the startup grace period from creation.
    observedReady = {
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: created,
      lastTransitionTime: created,
    };
    gracePeriodMs = timings.startupGracePeriodMs;
    health = health
      ? { ...health, readyCondition: undefined }
      : {
          probeTimestamp: toVirtual(created),
          readyTransitionTimestamp: toVirtual(created),
        };
  } else {
    observedReady = { ...current };
    gracePeriodMs = timings.gracePeriodMs;
  }
  const savedCondition = health?.readyCondition;
  if (!health) {
    health = { readyCondition: current, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (!savedCondition && current) {
    health = { readyCondition: current, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (
    savedCondition &&
    current &&
    savedCondition.lastHeartbeatTime !== current.lastHeartbeatTime
  ) {
    const transition =
      savedCondition.lastTransitionTime !== current.lastTransitionTime
        ? now
        : health.readyTransitionTimestamp;
    health = {
      ...health,
      readyCondition: current,
      probeTimestamp: now,
      readyTransitionTimestamp: transition,
    };
  }
  // Always update the probe time if the node's Lease was renewed.
  const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
  if (renewTime && (!health.leaseRenewTime || health.leaseRenewTime < renewTime)) {
    health = { ...health, leaseRenewTime: renewTime, probeTimestamp: now };
  }

  if (now <= health.probeTimestamp + gracePeriodMs) {
    return { health, gracePeriodMs, observedReady, currentReady: current };
  }
  const updated = structuredClone(node) as KubeObject;
  const status = (updated.status ??= {}) as { conditions?: NodeCondition[] };
  const conditions = (status.conditions ??= []);
  for (const type of STALE_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        lastHeartbeatTime: created,
        lastTransitionTime: nowTimestamp,
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
      });
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowTimestamp;
    }
  }
  const currentReady = conditions.find((x) => x.type === 'Ready');
  if (JSON.stringify(currentReady) === JSON.stringify(current ?? observedReady)) {
    return { health, gracePeriodMs, observedReady, currentReady };
  }
  return {
    health: { ...health, readyCondition: currentReady, readyTransitionTimestamp: now },
    gracePeriodMs,
    observedReady,
    currentReady,
    updatedNode: updated,
  };
}
