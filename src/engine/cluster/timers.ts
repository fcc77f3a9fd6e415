// The real timers running in the cluster right now, for countdown badges: read from stored
// objects (leases, node taints, pod statuses) and from the processes (etcd's Raft).
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { toleratesTaint } from '../api/tolerations';
import type { Cluster } from './cluster';

export type TimerKind =
  'node-grace' | 'toleration' | 'crashloop-backoff' | 'raft-election' | 'leader-lease';

/** One running timer, in virtual ms. */
export interface Timer {
  /** diagram id: node/<name>, pod/<ns>/<name> or a component id */
  target: string;
  kind: TimerKind;
  label: string;
  startedAt: number;
  endsAt: number;
}

// kube-controller-manager --node-monitor-grace-period: 50s since v1.32
const NODE_MONITOR_GRACE_MS = 50_000;
// kubelet: the node lease is renewed every 10 s (40 s × nodeLeaseRenewIntervalFraction 0.25);
// a renewal later than this (plus a second of slack) is overdue
const LEASE_RENEW_INTERVAL_MS = 10_000;
const OVERDUE_SLACK_MS = 1_000;
// the control-plane components that elect a leader through a Lease in kube-system
const ELECTED = ['kube-scheduler', 'kube-controller-manager'];

/**
 * Every timer running now: node grace periods (only while a node's lease is overdue or it is
 * failing), NoExecute tolerations running out on tainted nodes' pods, CrashLoopBackOff waits,
 * Raft election timeouts of members without a leader, and leader leases whose holder is down.
 *
 *   activeTimers(c).filter((t) => t.target === 'node/worker-2');
 */
export function activeTimers(cluster: Cluster): Timer[] {
  const now = cluster.now();
  return [
    ...nodeGraceTimers(cluster, now),
    ...tolerationTimers(cluster),
    ...crashLoopTimers(cluster),
    ...raftTimers(cluster),
    ...leaderLeaseTimers(cluster, now),
  ];
}

function nodeGraceTimers(cluster: Cluster, now: number): Timer[] {
  const timers: Timer[] = [];
  for (const node of cluster.list('nodes')) {
    const name = node.metadata.name!;
    const ready = conditions(node).find((c) => c.type === 'Ready');
    if (ready?.status === 'Unknown') continue; // the grace period is over
    const renewed = leaseRenewTime(cluster, cluster.get('leases', name, 'kube-node-lease'));
    if (renewed === undefined) continue;
    const failing =
      !cluster.sim.net.isHostUp(name) ||
      cluster.sim.net.isPartitioned(name) ||
      cluster.components().some((p) => p.id === `kubelet@${name}` && !p.isUp());
    if (!failing && now - renewed <= LEASE_RENEW_INTERVAL_MS + OVERDUE_SLACK_MS) continue;
    timers.push({
      target: `node/${name}`,
      kind: 'node-grace',
      label: `node lease not renewed: Unknown after ${NODE_MONITOR_GRACE_MS / 1000}s`,
      startedAt: renewed,
      endsAt: renewed + NODE_MONITOR_GRACE_MS,
    });
  }
  return timers;
}

function tolerationTimers(cluster: Cluster): Timer[] {
  const tainted = new Map<string, Taint[]>();
  for (const node of cluster.list('nodes')) {
    const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
      (t) => t.effect === 'NoExecute' && t.timeAdded,
    );
    if (taints.length > 0) tainted.set(node.metadata.name!, taints);
  }
  if (tainted.size === 0) return [];
  const timers: Timer[] = [];
  for (const pod of cluster.list('pods')) {
    if (pod.metadata.deletionTimestamp) continue;
    const spec = (pod as unknown as Pod).spec;
    const taints = spec?.nodeName ? tainted.get(spec.nodeName) : undefined;
    for (const taint of taints ?? []) {
      // the taint manager evicts at the shortest matching tolerationSeconds (none: never)
      const seconds = (spec?.tolerations ?? [])
        .filter((t: Toleration) => toleratesTaint(t, taint))
        .map((t) => t.tolerationSeconds);
      if (seconds.length === 0 || seconds.some((s) => s === undefined)) continue;
      const startedAt = Date.parse(taint.timeAdded!) - wallOffset(cluster);
      const shortest = Math.min(...(seconds as number[]));
      timers.push({
        target: `pod/${pod.metadata.namespace}/${pod.metadata.name}`,
        kind: 'toleration',
        label: `tolerates ${taint.key} for ${shortest}s, then evicted`,
        startedAt,
        endsAt: startedAt + Math.max(0, shortest) * 1000,
      });
    }
  }
  return timers;
}

function crashLoopTimers(cluster: Cluster): Timer[] {
  const timers: Timer[] = [];
  for (const pod of cluster.list('pods')) {
    const statuses = (pod as unknown as Pod).status?.containerStatuses ?? [];
    for (const s of statuses) {
      const waiting = s.state?.waiting;
      const finished = s.lastState?.terminated?.finishedAt;
      if (waiting?.reason !== 'CrashLoopBackOff' || !finished) continue;
      // "back-off 20s restarting failed container=…" (kuberuntime_manager.go)
      const delay = parseGoDuration(/^back-off (\S+) /.exec(waiting.message ?? '')?.[1] ?? '');
      if (delay === undefined) continue;
      const startedAt = Date.parse(finished) - wallOffset(cluster);
      timers.push({
        target: `pod/${pod.metadata.namespace}/${pod.metadata.name}`,
        kind: 'crashloop-backoff',
        label: `CrashLoopBackOff: container ${s.name} restarts after ${delay / 1000}s`,
        startedAt,
        endsAt: startedAt + delay,
      });
    }
  }
  return timers;
}

function raftTimers(cluster: Cluster): Timer[] {
  const timers: Timer[] = [];
  const reachable = (id: string) => {
    const m = cluster.etcd.members.find((x) => x.id === id);
    return !!m && m.isUp() && !cut(cluster, m.host);
  };
  for (const member of cluster.etcd.members) {
    if (!member.isUp() || !member.raft) continue;
    // a follower still names its leader until the timeout fires: count once the leader is gone
    const lead = member.raft.lead;
    if (lead !== undefined && (lead === member.id || reachable(lead))) continue;
    const countdown = member.raft.electionCountdown();
    if (!countdown) continue;
    timers.push({
      target: member.id,
      kind: 'raft-election',
      label: `no leader: campaigns after a ${countdown.endsAt - countdown.startedAt}ms election timeout`,
      ...countdown,
    });
  }
  return timers;
}

function leaderLeaseTimers(cluster: Cluster, now: number): Timer[] {
  const timers: Timer[] = [];
  for (const component of ELECTED) {
    const lease = cluster.get('leases', component, 'kube-system');
    const spec = lease?.spec as
      { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string } | undefined;
    const holderNode = spec?.holderIdentity?.split('_')[0];
    const renewed = leaseRenewTime(cluster, lease);
    if (!holderNode || renewed === undefined) continue;
    const holder = `${component}@${holderNode}`;
    const alive =
      cluster.components().some((p) => p.id === holder && p.isUp()) &&
      cluster.sim.net.isHostUp(holderNode) &&
      !cluster.sim.net.isPartitioned(holderNode);
    const endsAt = renewed + (spec?.leaseDurationSeconds ?? 15) * 1000;
    if (alive || now > endsAt + LEASE_RENEW_INTERVAL_MS) continue;
    timers.push({
      target: holder,
      kind: 'leader-lease',
      label: `${component} leader lease expires: a standby may take over`,
      startedAt: renewed,
      endsAt,
    });
  }
  return timers;
}

function cut(cluster: Cluster, host: string): boolean {
  return !cluster.sim.net.isHostUp(host) || cluster.sim.net.isPartitioned(host);
}

function conditions(node: KubeObject): { type: string; status: string }[] {
  return (
    (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ??
    []
  );
}

/** A Lease's renewTime on the virtual clock. */
function leaseRenewTime(cluster: Cluster, lease: KubeObject | undefined): number | undefined {
  const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
  return renew ? Date.parse(renew) - wallOffset(cluster) : undefined;
}

// Stored times are wall-clock timestamps; the virtual clock counts from the simulation's epoch.
function wallOffset(cluster: Cluster): number {
  return cluster.sim.wallTime() - cluster.sim.now();
}

/** A Go duration as goDuration prints it (`10s`, `1m20s`, `500ms`), in ms. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  const [, h, min, s, ms] = m;
  return (
    Number(h ?? 0) * 3_600_000 +
    Number(min ?? 0) * 60_000 +
    Math.round(Number(s ?? 0) * 1000) +
    Number(ms ?? 0)
  );
}
