// Taints and tolerations as the node lifecycle, taint eviction and DaemonSet controllers read
// them (k8s.io/api core/v1 toleration.go, pkg/util/taints, pkg/apis/core/v1/helper).
import { toleratesTaint, tolerationsTolerateTaint } from '../../api/tolerations';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

// k8s.io/api core/v1 well_known_taints.go
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';

// node_lifecycle_controller.go UnreachableTaintTemplate / NotReadyTaintTemplate
export const UNREACHABLE_TAINT_TEMPLATE: Taint = {
  key: TAINT_NODE_UNREACHABLE,
  effect: 'NoExecute',
};
export const NOT_READY_TAINT_TEMPLATE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

// node_lifecycle_controller.go nodeConditionToTaintKeyStatusMap: which NoSchedule taint a
// condition in a given status implies.
export const NODE_CONDITION_TO_TAINT_KEY: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

/** Whether a taint key is one the node lifecycle controller derives from conditions. */
export function isConditionTaintKey(key: string): boolean {
  return Object.values(NODE_CONDITION_TO_TAINT_KEY).some((m) => Object.values(m).includes(key));
}

/** Taint.MatchTaint: same key and effect (value and timeAdded do not matter). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** taints.TaintExists */
export function taintExists(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and for each taint the
 * first toleration that tolerates it.
 */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  const tols = tolerations ?? [];
  if (tols.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tols.find((tol) => toleratesTaint(tol, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * tainteviction getMinTolerationTime: the smallest tolerationSeconds in ms (0 for none or a
 * non-positive one), or -1 when every toleration lasts forever.
 */
export function getMinTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/** taints.TaintSetDiff: what to add to `current` and what to remove to reach `wanted`. */
export function taintSetDiff(
  wanted: readonly Taint[],
  current: readonly Taint[],
): { toAdd: Taint[]; toRemove: Taint[] } {
  return {
    toAdd: wanted.filter((t) => !current.some((c) => matchTaint(c, t))),
    toRemove: current.filter((c) => !wanted.some((t) => matchTaint(c, t))),
  };
}

/**
 * The node's taints after controller.AddOrUpdateTaintOnNode and RemoveTaintOffNode: added
 * taints replace ones with the same key and effect; undefined when nothing changes.
 */
export function swapTaints(
  current: readonly Taint[],
  toAdd: readonly Taint[],
  toRemove: readonly Taint[],
): Taint[] | undefined {
  let changed = false;
  let next = [...current];
  for (const t of toAdd) {
    const i = next.findIndex((c) => matchTaint(c, t));
    if (i >= 0 && (next[i].value ?? '') === (t.value ?? '')) continue;
    changed = true;
    if (i >= 0) next[i] = t;
    else next.push(t);
  }
  const kept = next.filter((c) => !toRemove.some((t) => matchTaint(c, t)));
  if (kept.length !== next.length) changed = true;
  next = kept;
  return changed ? next : undefined;
}

// The toleration rules live in api/tolerations.ts; re-exported for this module's users.
export { toleratesTaint, tolerationsTolerateTaint };
