// Job shapes and pure helpers of the Job controller (pkg/controller/job/job_controller.go).
import type { KubeObject } from '../../api/types';
import { labelSelectorAsSelector, matchesLabels } from '../../api/selectors';

// batch/v1 types.go JobTrackingFinalizer
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface JobShape {
  spec: {
    completions?: number | null;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    podReplacementPolicy?: string;
    selector?: { matchLabels?: Record<string, string> };
    template: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
  };
  status?: {
    conditions?: JobCondition[];
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  };
}

/** newCondition: status True, probe and transition time now. */
export function newCondition(
  type: string,
  reason: string,
  message: string,
  now: string,
): JobCondition {
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

export function findCondition(
  conditions: readonly JobCondition[],
  type: string,
): JobCondition | undefined {
  return conditions.find((c) => c.type === type && c.status === 'True');
}

/** IsJobFinished: a Complete or Failed condition is True. */
export function isJobFinished(job: KubeObject & JobShape): boolean {
  const conds = job.status?.conditions ?? [];
  return !!(findCondition(conds, 'Complete') ?? findCondition(conds, 'Failed'));
}

/** The pods the job controls: matching its selector with a controller ref to its uid. */
export function podsOfJob(job: KubeObject & JobShape, pods: readonly KubeObject[]): KubeObject[] {
  const sel = labelSelectorAsSelector(job.spec.selector);
  return pods
    .filter(
      (p) =>
        matchesLabels(sel, p.metadata.labels) &&
        p.metadata.ownerReferences?.some((r) => r.controller && r.uid === job.metadata.uid),
    )
    .sort((a, b) =>
      String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)),
    );
}

/**
 * manageJob's wantActive: up to parallelism, never beyond the completions left; without
 * completions, parallelism until a pod succeeds, then whatever still runs.
 */
export function wantActive(job: KubeObject & JobShape, active: number, succeeded: number): number {
  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  if (completions === undefined || completions === null)
    return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/** pastActiveDeadline: the job has run activeDeadlineSeconds since its startTime. */
export function activeDeadlinePassed(
  job: KubeObject & JobShape,
  startTime: string,
  now: number,
  toVirtual: (t: string) => number,
): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads === undefined || ads === null) return false;
  return now - toVirtual(startTime) >= ads * 1000;
}

/** A pod for the job: the template, `<job>-` generated name, controller ref, tracking finalizer. */
export function jobPodTemplate(job: KubeObject & JobShape): KubeObject {
  const t = job.spec.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${job.metadata.name}-`,
      namespace: job.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      finalizers: [JOB_TRACKING_FINALIZER],
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.metadata.name!,
          uid: job.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(t.spec) as Record<string, unknown>,
  };
}
