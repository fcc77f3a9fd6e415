import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { activeTimers, parseGoDuration } from '../../../src/engine/cluster/timers';
import { deployWeb, nodeCondition, nodeOf, readyPods } from './helpers';

describe('parseGoDuration', () => {
  it.each<[string, number | undefined]>([
    ['10s', 10_000],
    ['2m40s', 160_000],
    ['5m0s', 300_000],
    ['1h0m0s', 3_600_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['', undefined],
    ['soon', undefined],
  ])('reads %j as %j ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});

describe('countdown timers of a dying worker', () => {
  const c = createCluster({ seed: 41, workers: 3 });
  deployWeb(c, 'web', 3);
  c.advance(30_000);
  const victim = nodeOf(readyPods(c, 'web')[0])!;

  it('shows none while everything is healthy', () => {
    expect(activeTimers(c)).toEqual([]);
  });

  it('counts the 50 s node grace period from the last lease renewal once the node fails', () => {
    const offAt = c.now();
    applyFault(c, { op: 'power-off', node: victim });
    c.advance(1_000);
    const [grace] = activeTimers(c);
    expect(grace).toMatchObject({ target: `node/${victim}`, kind: 'node-grace' });
    expect(grace.endsAt - grace.startedAt).toBe(50_000);
    expect(offAt - grace.startedAt).toBeGreaterThanOrEqual(0);
    expect(offAt - grace.startedAt).toBeLessThanOrEqual(10_000);
    // the node controller acts on it within one 5 s monitor pass of the deadline
    c.runUntil(() => nodeCondition(c, victim, 'Ready')?.status === 'Unknown', {
      timeoutMs: 70_000,
    });
    expect(c.now() - grace.endsAt).toBeLessThanOrEqual(6_000);
    expect(activeTimers(c).filter((t) => t.kind === 'node-grace')).toEqual([]);
  });

  it('then counts each of its pods down the 300 s unreachable toleration to eviction', () => {
    c.advance(6_000);
    const tolerations = activeTimers(c).filter((t) => t.kind === 'toleration');
    const onVictim = c
      .list('pods')
      .filter((p) => nodeOf(p) === victim && !p.metadata.deletionTimestamp)
      .filter(
        (p) => p.metadata.labels?.app === 'web' || p.metadata.labels?.['k8s-app'] === 'kube-dns',
      );
    // the DaemonSet's kube-proxy tolerates every taint for ever: no countdown for it
    expect(tolerations.map((t) => t.target).sort()).toEqual(
      onVictim.map((p) => `pod/${p.metadata.namespace}/${p.metadata.name}`).sort(),
    );
    const [t] = tolerations;
    expect(t.label).toBe('tolerates node.kubernetes.io/unreachable for 300s, then evicted');
    expect(t.endsAt - t.startedAt).toBe(300_000);
    c.runUntil(
      () =>
        onVictim.every(
          (p) => c.get('pods', p.metadata.name!, p.metadata.namespace)?.metadata.deletionTimestamp,
        ),
      {
        timeoutMs: 320_000,
      },
    );
    // evicted when the toleration ran out (timeAdded has second precision)
    expect(Math.abs(c.now() - t.endsAt)).toBeLessThanOrEqual(6_000);
    c.advance(2_000);
    expect(activeTimers(c).filter((x) => x.kind === 'toleration')).toEqual([]);
  });
});

describe('countdown timers of components', () => {
  it('counts down the leader lease of a killed kube-scheduler: 15 s from its last renewal', () => {
    const c = createCluster({ seed: 42, workers: 1 });
    // the cluster is booted once its nodes are Ready, which may be before the scheduler leads
    c.runUntil(() => c.get('leases', 'kube-scheduler', 'kube-system') !== undefined, {
      timeoutMs: 30_000,
    });
    applyFault(c, { op: 'kill', component: 'kube-scheduler@control-plane-1' });
    const [lease] = activeTimers(c).filter((t) => t.kind === 'leader-lease');
    expect(lease).toMatchObject({
      target: 'kube-scheduler@control-plane-1',
      label: 'kube-scheduler leader lease expires: a standby may take over',
    });
    expect(lease.endsAt - lease.startedAt).toBe(15_000);
    expect(c.now() - lease.startedAt).toBeLessThanOrEqual(2_100);
  });

  it('counts down the crash-loop back-off to the next restart, doubling from 10 s', () => {
    const c = createCluster({ seed: 43, workers: 1 });
    c.kubectl('run crasher --image=busybox -- sh -c "exit 3"');
    const delays: number[] = [];
    for (let i = 0; i < 90 && delays.length < 3; i++) {
      c.advance(1_000);
      const t = activeTimers(c).find((x) => x.kind === 'crashloop-backoff');
      const delay = t && t.endsAt - t.startedAt;
      if (delay && delay !== delays.at(-1)) delays.push(delay);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000]);
    const t = activeTimers(c).find((x) => x.kind === 'crashloop-backoff')!;
    expect(t).toMatchObject({
      target: 'pod/default/crasher',
      label: 'CrashLoopBackOff: container crasher restarts after 40s',
    });
  });

  it('counts down the Raft election timeout of members left without a leader', () => {
    const c = createCluster({ seed: 44, workers: 1, controlPlaneNodes: 3 });
    const leader = c.etcd.leader()!;
    applyFault(c, { op: 'kill', component: leader.id });
    c.advance(150);
    const elections = activeTimers(c).filter((t) => t.kind === 'raft-election');
    expect(elections.map((t) => t.target).sort()).toEqual(
      c.etcd.members
        .filter((m) => m !== leader)
        .map((m) => m.id)
        .sort(),
    );
    for (const t of elections) {
      // randomized in [electionTimeout, 2 × electionTimeout) = [1 s, 2 s)
      expect(t.endsAt - t.startedAt).toBeGreaterThanOrEqual(1_000);
      expect(t.endsAt - t.startedAt).toBeLessThan(2_000);
    }
    c.runUntil(() => c.etcd.leader() !== undefined, { timeoutMs: 10_000 });
    c.advance(500); // the new leader's first heartbeat reaches the other follower
    expect(activeTimers(c).filter((t) => t.kind === 'raft-election')).toEqual([]);
  });
});
