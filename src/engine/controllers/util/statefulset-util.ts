// The pure rules of the StatefulSet controller (pkg/controller/statefulset/stateful_set_utils.go):
// ordinals parsed from pod names, stable identity (name, hostname, subdomain, labels), which
// revision a new pod gets, and the status counts.
import type { KubeObject } from '../../api/types';
import type { ControllerRevision } from '../controllerrevision';
import {
  POD_REVISION_LABEL,
  newControllerRevision,
  revisionTemplate,
  templatePatch,
} from '../controllerrevision';
import { podFromTemplate } from '../replicaset-pod-control';
import { isPodAvailable, isPodReady, newControllerRef, podPhase } from './controller-utils';

// apps/v1 StatefulSetPodNameLabel and PodIndexLabel (PodIndexLabel beta, on since v1.28)
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export interface StatefulSetSpec {
  replicas?: number;
  selector?: unknown;
  serviceName?: string;
  template?: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> };
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number };
}
export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
}

export const stsSpec = (s: KubeObject) => (s.spec ?? {}) as StatefulSetSpec;
export const stsStatus = (s: KubeObject) => (s.status ?? {}) as Partial<StatefulSetStatus>;

// statefulPodRegex: "(.*)-([0-9]+)$"
const STATEFUL_POD_REGEX = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-2` → (web, 2); anything else → ('', -1). */
export function parentNameAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_REGEX.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  // strconv.ParseInt(…, 10, 32) fails past int32
  return { parent: m[1], ordinal: n <= 2 ** 31 - 1 ? n : -1 };
}

export const getOrdinal = (pod: KubeObject) =>
  parentNameAndOrdinal(pod.metadata.name ?? '').ordinal;

/** getStartOrdinal: spec.ordinals.start, else 0. */
export const startOrdinal = (set: KubeObject) => stsSpec(set).ordinals?.start ?? 0;
/** getEndOrdinal (inclusive). */
export const endOrdinal = (set: KubeObject) => startOrdinal(set) + (stsSpec(set).replicas ?? 1) - 1;

export const podName = (set: KubeObject, ordinal: number) => `${set.metadata.name}-${ordinal}`;

/** podInOrdinalRange */
export function podInOrdinalRange(pod: KubeObject, set: KubeObject): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** isMemberOf: the pod's name parses to this set's name. */
export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  return parentNameAndOrdinal(pod.metadata.name ?? '').parent === set.metadata.name;
}

/** identityMatches: the name, namespace and pod-name label fit the set and ordinal. */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = parentNameAndOrdinal(pod.metadata.name ?? '');
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name
  );
}

/** updateIdentity: name, namespace, pod-name and pod-index labels (in place). */
export function updateIdentity(set: KubeObject, pod: KubeObject): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [STATEFULSET_POD_NAME_LABEL]: pod.metadata.name,
    [POD_INDEX_LABEL]: String(ordinal),
  };
}

/** getPodRevision: the controller-revision-hash label (the revision's name). */
export const podRevision = (pod: KubeObject) => pod.metadata.labels?.[POD_REVISION_LABEL] ?? '';

/**
 * newStatefulSetPod: the template's pod with the set's controller reference, named
 * `<set>-<ordinal>`, with hostname and subdomain (immutable, so set only at creation).
 */
export function newStatefulSetPod(
  set: KubeObject,
  template: NonNullable<StatefulSetSpec['template']>,
  ordinal: number,
): KubeObject {
  const pod = podFromTemplate(template, set.metadata.name!, newControllerRef(set));
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  pod.spec = {
    ...(pod.spec as object),
    hostname: pod.metadata.name,
    subdomain: stsSpec(set).serviceName,
  };
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition (or, with no rollingUpdate, below
 * the current replica count) get the current revision's template, the rest the update one.
 * The condition keeps upstream's `a && b || c` grouping.
 */
export function newVersionedStatefulSetPod(
  set: KubeObject,
  current: ControllerRevision,
  update: ControllerRevision,
  ordinal: number,
): KubeObject {
  const strategy = stsSpec(set).updateStrategy;
  const start = startOrdinal(set);
  const useCurrent =
    (strategy?.type === 'RollingUpdate' &&
      !strategy.rollingUpdate &&
      ordinal < start + (stsStatus(set).currentReplicas ?? 0)) ||
    (!!strategy?.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const rev = useCurrent ? current : update;
  const pod = newStatefulSetPod(set, revisionTemplate(rev), ordinal);
  pod.metadata.labels = { ...pod.metadata.labels, [POD_REVISION_LABEL]: rev.metadata.name! };
  return pod;
}

/**
 * newRevision: a revision of the set's template patch, labelled with the template's labels,
 * carrying the set's annotations, named `<set>-<hash>` with the collision count in the hash.
 */
export function newRevision(
  set: KubeObject,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const cr = newControllerRevision(
    set,
    stsSpec(set).template?.metadata?.labels,
    templatePatch(set),
    revision,
    collisionCount,
  );
  cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

/** nextRevision: one more than the last of the sorted revisions, 1 for none. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1].revision ?? 0) + 1;
}

// ---- pod states (stateful_set_utils.go) ----

export const isCreated = (pod: KubeObject) => podPhase(pod) !== '';
export const isFailed = (pod: KubeObject) => podPhase(pod) === 'Failed';
export const isSucceeded = (pod: KubeObject) => podPhase(pod) === 'Succeeded';
export const isPending = (pod: KubeObject) => podPhase(pod) === 'Pending';
export const isTerminating = (pod: KubeObject) => !!pod.metadata.deletionTimestamp;

/** isRunningAndReady: phase Running and the Ready condition True. */
export const isRunningAndReady = (pod: KubeObject) =>
  podPhase(pod) === 'Running' && isPodReady(pod);

/** isRunningAndAvailable: podutil.IsPodAvailable (ready for minReadySeconds). */
export const isRunningAndAvailable = (pod: KubeObject, minReady: number, nowMs: number) =>
  isPodAvailable(pod, minReady, nowMs);

/** isUnavailable: not available, or terminating. */
export const isUnavailable = (pod: KubeObject, minReady: number, nowMs: number) =>
  !isRunningAndAvailable(pod, minReady, nowMs) || isTerminating(pod);

/** allowsBurst: podManagementPolicy Parallel. */
export const allowsBurst = (set: KubeObject) => stsSpec(set).podManagementPolicy === 'Parallel';

/**
 * updateStatus/computeReplicaStatus: created, ready, available, current and updated replicas
 * over the pod lists (placeholders for pods not yet created count nowhere).
 */
export function computeReplicaCounts(
  status: StatefulSetStatus,
  minReady: number,
  nowMs: number,
  current: string,
  update: string,
  ...lists: KubeObject[][]
): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const pod of lists.flat()) {
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (isRunningAndAvailable(pod, minReady, nowMs)) status.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === current) status.currentReplicas++;
      if (podRevision(pod) === update) status.updatedReplicas++;
    }
  }
}

/** completeRollingUpdate: once every replica is updated and ready, update becomes current. */
export function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): void {
  const replicas = stsSpec(set).replicas ?? 1;
  if (
    stsSpec(set).updateStrategy?.type === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** inconsistentStatus: a newer generation or any count or revision differs. */
export function inconsistentStatus(set: KubeObject, status: StatefulSetStatus): boolean {
  const s = stsStatus(set);
  return (
    (status.observedGeneration ?? 0) > (s.observedGeneration ?? 0) ||
    status.replicas !== (s.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (s.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (s.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (s.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (s.currentRevision ?? '') ||
    status.availableReplicas !== (s.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (s.updateRevision ?? '')
  );
}
