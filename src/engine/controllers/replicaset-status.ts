// replica_set_utils.go calculateStatus: the counts a ReplicaSet reports, from its pods.
import { labelSelectorAsSelector, matchesLabels } from '../api/selectors';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../api/types';
import { canonicalJson, isPodAvailable, isPodReady, omitEmpty } from './util/controller-utils';

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
}

export const replicaSetSpec = (rs: KubeObject) => (rs.spec ?? {}) as ReplicaSetSpec;

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

/** The new status: pod counts, observedGeneration and the ReplicaFailure condition. */
export function replicaSetStatus(
  rs: KubeObject,
  pods: readonly KubeObject[],
  manageErr: string | undefined,
  nowMs: number,
  timestamp: string,
): ReplicaSetStatus {
  const spec = replicaSetSpec(rs);
  const old = (rs.status ?? {}) as ReplicaSetStatus;
  // fully labeled: the pod carries every label of the template (not just the selector's)
  const templateSelector = labelSelectorAsSelector({
    matchLabels: spec.template?.metadata?.labels ?? {},
  });
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (matchesLabels(templateSelector, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, spec.minReadySeconds ?? 0, nowMs)) available++;
    }
  }
  let conditions = (old.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const failure = (old.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  if (manageErr) {
    // "FailedCreate" when short of pods, "FailedDelete" when over
    const diff = pods.length - (spec.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : 'FailedDelete';
    conditions = [
      ...conditions,
      failure && failure.reason === reason
        ? failure
        : {
            type: 'ReplicaFailure',
            status: 'True',
            lastTransitionTime: timestamp,
            reason,
            message: manageErr,
          },
    ];
  }
  return omitEmpty(
    {
      replicas: pods.length,
      fullyLabeledReplicas: fullyLabeled,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 1,
      conditions,
    },
    ['replicas'],
  );
}

/** Whether `status` matches what the ReplicaSet already reports (no write needed). */
export function statusUnchanged(rs: KubeObject, status: ReplicaSetStatus): boolean {
  const old = (rs.status ?? {}) as ReplicaSetStatus;
  return (
    (old.replicas ?? 0) === status.replicas &&
    (old.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (old.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (old.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    (old.observedGeneration ?? 0) === (rs.metadata.generation ?? 1) &&
    canonicalJson(old.conditions ?? []) === canonicalJson(status.conditions ?? [])
  );
}
