// The Job controller's pod failure backoff (pkg/controller/job/backoff_utils.go).
import type { KubeObject } from '../../api/types';

// job_controller.go: DefaultJobPodFailureBackOff 10s, MaxJobPodFailureBackOff 10m
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/** backoffRecord: failures since the last success and when the last one finished (virtual ms). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/**
 * getRemainingTime: how long pod creation must still wait — 10 s doubling per failure after
 * the last success, capped at 10 min, counted from the last failure.
 */
export function backoffRemaining(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return Math.max(0, backoff - elapsed);
}

/**
 * getFinishedTime: the latest container finishedAt, else the Ready condition's transition,
 * else the deletion time, else now.
 */
export function podFinishedTime(
  pod: KubeObject,
  now: number,
  toVirtual: (t: string) => number,
): number {
  const status = (pod.status ?? {}) as {
    containerStatuses?: { state?: { terminated?: { finishedAt?: string } } }[];
    conditions?: { type: string; lastTransitionTime?: string }[];
  };
  const finished = (status.containerStatuses ?? [])
    .map((c) => c.state?.terminated?.finishedAt)
    .filter((t): t is string => !!t)
    .map(toVirtual);
  if (finished.length > 0) return Math.max(...finished);
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
  if (ready) return toVirtual(ready);
  if (pod.metadata.deletionTimestamp) return toVirtual(pod.metadata.deletionTimestamp);
  return now;
}

/** newBackoffRecord: fold newly finished pods (in finish order) into the record. */
export function updateBackoffRecord(
  record: BackoffRecord,
  finished: readonly { succeeded: boolean; at: number }[],
): BackoffRecord {
  let next = { ...record };
  for (const f of [...finished].sort((a, b) => a.at - b.at)) {
    if (f.succeeded) next = { failuresAfterLastSuccess: 0, lastFailureTime: next.lastFailureTime };
    else
      next = { failuresAfterLastSuccess: next.failuresAfterLastSuccess + 1, lastFailureTime: f.at };
  }
  return next;
}
