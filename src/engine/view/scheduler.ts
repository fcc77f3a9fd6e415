import type { Cluster } from '../cluster/cluster';
import type { SchedulingAttempt } from '../scheduler/decisions';
import type { LeaseHolder } from './leases';
import { leaseHolder } from './leases';

/** A kube-scheduler instance: its queue, whether it leads, its newest decisions. */
export interface SchedulerState {
  id: string;
  up: boolean;
  leader: boolean;
  lease: LeaseHolder;
  /** pods (namespace/name) in each of the scheduling queue's three parts */
  activeQ: string[];
  backoffQ: string[];
  unschedulable: string[];
  /** the newest attempts this instance made, newest first, with the pod they placed */
  decisions: (SchedulingAttempt & { pod: string })[];
}

/**
 * Reads one kube-scheduler's queue (activeQ, podBackoffQ, unschedulablePods), leadership and
 * newest scheduling decisions (at most `limit`, newest first). No request is sent.
 */
export function schedulerState(c: Cluster, id: string, limit = 3): SchedulerState | undefined {
  const s = c.schedulers.find((x) => x.id === id);
  if (!s) return undefined;
  const q = s.scheduler?.queue;
  const names = (list: readonly { info: { key: string } }[]) => list.map((p) => p.info.key);
  const decisions: (SchedulingAttempt & { pod: string })[] = [];
  for (const pod of c.list('pods')) {
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    for (const a of s.schedulingDecisions(ns, name)) decisions.push({ ...a, pod: `${ns}/${name}` });
  }
  decisions.sort((a, b) => b.at - a.at);
  return {
    id,
    up: s.isUp(),
    leader: s.isUp() && s.isLeader,
    lease: leaseHolder(c, 'kube-scheduler'),
    activeQ: q ? names(q.activeQ.list()) : [],
    backoffQ: q ? names(q.backoffQ.list()) : [],
    unschedulable: q ? names([...q.unschedulablePods.values()]) : [],
    decisions: decisions.slice(0, limit),
  };
}
