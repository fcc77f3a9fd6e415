import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { curl, deployWeb, readyPods } from './helpers';

describe('etcd members of a three-node control plane', () => {
  const c = createCluster({ seed: 91, workers: 2, controlPlaneNodes: 3 });
  deployWeb(c, 'web', 2);
  c.advance(30_000);

  it('changes nothing visible when a follower dies', () => {
    const leader = c.etcd.leader()!;
    const follower = c.etcd.members.find((m) => m !== leader)!;
    applyFault(c, { op: 'kill', component: follower.id });
    try {
      // kubeadm's stacked etcd: each apiserver talks to its own member only, so the one beside
      // the dead follower fails /healthz and the load balancer's 3 checks 2 s apart take it out
      c.advance(8_000);
      const host = follower.id.split('@')[1];
      expect(c.loadBalancer?.inRotation()).not.toContain(`kube-apiserver@${host}`);
      expect(c.kubectl('scale deployment web --replicas=3').stderr).toBe('');
      expect(c.etcd.leader()).toBe(leader);
      expect(c.runUntil(() => readyPods(c, 'web').length === 3, { timeoutMs: 60_000 })).toBe(true);
    } finally {
      applyFault(c, { op: 'restart', component: follower.id });
      c.advance(5_000);
    }
  });

  it('elects a new leader in a higher term within two election timeouts when the leader dies', () => {
    const leader = c.etcd.leader()!;
    const term = leader.raft!.term;
    const killedAt = c.now();
    applyFault(c, { op: 'kill', component: leader.id });
    expect(
      c.runUntil(() => c.etcd.leader() !== undefined && c.etcd.leader() !== leader, {
        timeoutMs: 10_000,
      }),
    ).toBe(true);
    // followers wait a randomized [1 s, 2 s) election timeout, then vote
    expect(c.now() - killedAt).toBeLessThan(3_000);
    expect(c.etcd.leader()!.raft!.term).toBeGreaterThan(term);
    // the apiserver beside the dead member fails /healthz: 3 checks 2 s apart take it out
    c.advance(8_000);
    const host = leader.id.split('@')[1];
    expect(c.loadBalancer?.inRotation()).not.toContain(`kube-apiserver@${host}`);
    expect(c.kubectl('scale deployment web --replicas=2').stderr).toBe('');
    applyFault(c, { op: 'restart', component: leader.id });
    c.advance(10_000);
  });

  it('fails writes without quorum while the data plane keeps serving, and loses nothing', () => {
    const leader = c.etcd.leader()!;
    const followers = c.etcd.members.filter((m) => m !== leader);
    for (const f of followers) applyFault(c, { op: 'kill', component: f.id });
    // the surviving member times out the proposal (5 s + 2 × the 1 s election timeout); an
    // apiserver beside a dead member cannot reach its etcd at all
    const write = c.kubectl('scale deployment web --replicas=3');
    expect(write.exitCode).toBe(1);
    expect(write.stderr).toMatch(
      /^Error from server: (etcdserver: request timed out|rpc error: code = Unavailable desc = connection refused)\n$/,
    );
    expect(curl(c, readyPods(c, 'web')[0], 'http://web')).toBe('HTTP 200');
    for (const f of followers) applyFault(c, { op: 'restart', component: f.id });
    expect(
      c.runUntil(() => c.kubectl('get deployment web -o name').exitCode === 0, {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
    expect(c.kubectl('get deployment web -o name').stdout).toBe('deployment.apps/web\n');
    expect((c.get('deployments', 'web')!.spec as { replicas: number }).replicas).toBe(2);
  });
});
