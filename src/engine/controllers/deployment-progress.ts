// Deployment status and conditions (pkg/controller/deployment/sync.go calculateStatus,
// progress.go syncRolloutStatus, util/deployment_util.go condition helpers): pure functions.
import type { KubeObject } from '../api/types';
import {
  desiredReplicas,
  deploymentSpec,
  maxUnavailable,
  sumActual,
  sumAvailable,
  sumReady,
  sumReplicas,
} from './deployment-util';
import { omitEmpty } from './util/controller-utils';

// deployment_util.go condition reasons
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';
// math.MaxInt32 progressDeadlineSeconds means "no deadline" (HasProgressDeadline)
const MAX_INT32 = 2147483647;

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export const deploymentStatus = (d: KubeObject) => (d.status ?? {}) as DeploymentStatus;

/** NewDeploymentCondition, stamped `now`. */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(s: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return s.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no change for the same status and reason; keeps
 * lastTransitionTime when only the reason changes; the condition moves to the end.
 */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const current = getCondition(s, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  const next = { ...c };
  if (current && current.status === c.status) next.lastTransitionTime = current.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  s.conditions = (s.conditions ?? []).filter((x) => x.type !== type);
}

/** calculateStatus: counts over all ReplicaSets and the Available condition. */
export function calculateStatus(
  allRSs: readonly (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
  d: KubeObject,
  now: string,
): DeploymentStatus {
  const available = sumAvailable(allRSs);
  const unavailable = Math.max(0, sumReplicas(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sumActual(allRSs),
    updatedReplicas: sumActual([newRS]),
    readyReplicas: sumReady(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions: [...(deploymentStatus(d).conditions ?? [])],
    collisionCount: deploymentStatus(d).collisionCount,
  };
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** The status as the apiserver stores it (Go's omitempty drops zero counts). */
export function compactStatus(s: DeploymentStatus): DeploymentStatus {
  return omitEmpty({ ...s });
}

export function hasProgressDeadline(d: KubeObject): boolean {
  const p = deploymentSpec(d).progressDeadlineSeconds;
  return p !== undefined && p !== MAX_INT32;
}

/** DeploymentComplete: every replica updated and available, and this generation observed. */
export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const want = desiredReplicas(d);
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const old = deploymentStatus(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated over the deadline ago. */
export function deploymentTimedOut(d: KubeObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const deadline = (deploymentSpec(d).progressDeadlineSeconds ?? 600) * 1000;
  return Date.parse(c.lastUpdateTime) + deadline < nowMs;
}

/**
 * syncRolloutStatus's new status: calculateStatus plus the Progressing condition
 * (complete, progressing, or timed out against progressDeadlineSeconds).
 */
export function rolloutStatus(
  allRSs: readonly (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
  d: KubeObject,
  now: string,
  nowMs: number,
): DeploymentStatus {
  const s = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const current = getCondition(deploymentStatus(d), 'Progressing');
  const isComplete =
    s.replicas === s.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  const name = d.metadata.name;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, s)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`
        : `Deployment "${name}" has successfully progressed.`;
      setCondition(s, newCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg, now));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" is progressing.`
        : `Deployment "${name}" is progressing.`;
      const c = newCondition('Progressing', 'True', REPLICA_SET_UPDATED_REASON, msg, now);
      // Progress refreshes lastUpdateTime even with the same reason.
      if (current) {
        if (current.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
        removeCondition(s, 'Progressing');
      }
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, nowMs)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`
        : `Deployment "${name}" has timed out progressing.`;
      setCondition(s, newCondition('Progressing', 'False', TIMED_OUT_REASON, msg, now));
    }
  }
  return s;
}

/**
 * requeueStuckDeployment: when a rollout shows no progress, when (ms from now) to check the
 * deadline again; undefined when there is nothing to wait for, 0 for "now, rate limited".
 */
export function stuckRequeueDelay(
  d: KubeObject,
  s: DeploymentStatus,
  nowMs: number,
): number | undefined {
  const c = getCondition(deploymentStatus(d), 'Progressing');
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === TIMED_OUT_REASON) return undefined;
  const after =
    Date.parse(c.lastUpdateTime) +
    (deploymentSpec(d).progressDeadlineSeconds ?? 600) * 1000 -
    nowMs;
  if (after < 1000) return 0;
  return after + 1000;
}
