import type { KubeObject } from '../api/types';
import type { Cluster } from '../cluster/cluster';
import { toYaml } from '../kubectl/encode';
import { withoutManagedFields } from '../kubectl/printing';
import { virtualTime } from './leases';

/**
 * The pod as `kubectl get pod <name> -o yaml` prints it (managed fields hidden), read from
 * storage without a request; undefined when it does not exist.
 */
export function podYaml(c: Cluster, namespace: string, name: string): string | undefined {
  const pod = c.get('pods', name, namespace);
  return pod ? toYaml(withoutManagedFields(pod)) : undefined;
}

/** An Event about the pod, as `kubectl events --for pod/<name>` lists it. */
export interface PodEvent {
  type: string;
  reason: string;
  message: string;
  source: string;
  count: number;
  /** virtual ms of the last occurrence */
  lastAt?: number;
}

type StoredEvent = KubeObject & {
  involvedObject?: { kind?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
};

/** The stored Events whose involvedObject is the pod, oldest first. */
export function podEvents(c: Cluster, namespace: string, name: string): PodEvent[] {
  return (c.list('events', namespace) as StoredEvent[])
    .filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === name)
    .map((e) => {
      const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      return {
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: e.message ?? '',
        source: e.source?.component ?? e.reportingComponent ?? '',
        count: e.count ?? 1,
        ...(last ? { lastAt: virtualTime(c, last) } : {}),
      };
    })
    .sort((a, b) => (a.lastAt ?? 0) - (b.lastAt ?? 0));
}

/** One moment of the pod's life, in virtual ms (second precision: from stored timestamps). */
export interface PodMoment {
  at: number;
  what: string;
}

type StoredPod = KubeObject & {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: {
      name: string;
      state?: {
        running?: { startedAt?: string };
        terminated?: { finishedAt?: string; reason?: string; exitCode?: number };
        waiting?: { reason?: string };
      };
    }[];
  };
};

/**
 * The pod's life from its stored timestamps: created, each condition's last transition,
 * containers started or terminated, deletion requested; oldest first.
 */
export function podTimeline(c: Cluster, namespace: string, name: string): PodMoment[] {
  const pod = c.get('pods', name, namespace) as StoredPod | undefined;
  if (!pod) return [];
  const out: PodMoment[] = [];
  const at = (ts: string | undefined, what: string) => {
    if (ts) out.push({ at: virtualTime(c, ts), what });
  };
  at(pod.metadata.creationTimestamp, 'Created (phase Pending)');
  for (const cond of pod.status?.conditions ?? [])
    at(cond.lastTransitionTime, `${cond.type}=${cond.status}`);
  for (const cs of pod.status?.containerStatuses ?? []) {
    at(cs.state?.running?.startedAt, `container ${cs.name} Running`);
    const t = cs.state?.terminated;
    if (t)
      at(
        t.finishedAt,
        `container ${cs.name} Terminated (${t.reason ?? ''}, exit ${t.exitCode ?? 0})`,
      );
  }
  const deadline = pod.metadata.deletionTimestamp;
  if (deadline) {
    // deletionTimestamp is the deadline: the request came the grace period before it
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    out.push({ at: virtualTime(c, deadline) - grace, what: 'Terminating (deletion requested)' });
  }
  // stable: equal times keep the order above (created, conditions, containers)
  return out
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.at - b.m.at || a.i - b.i)
    .map((x) => x.m);
}
