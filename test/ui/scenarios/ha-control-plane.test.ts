import { describe, expect, it } from 'vitest';

import { haControlPlane, leaseHolderNode } from '../../../src/scenarios/ha-control-plane';
import { runScenario } from './run-scenario';

describe('the ha-control-plane walkthrough on the live simulation', () => {
  it('reaches every step through the engine: the Lease moves after 15 s and kubectl never fails', () => {
    const { store, steps } = runScenario(haControlPlane, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(haControlPlane.steps.map((s) => s.id));
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    const c = store.cluster;
    const w = store.getState().walkthrough!;
    const { leader, newLeader } = w.vars;

    // every kubectl request went through the load balancer and was answered
    expect(steps[0].hop).toBe('load-balancer → kubectl 200 /api/v1/nodes');
    const terminal = store.getState().terminal;
    expect(terminal.every((e) => e.exitCode === 0)).toBe(true);
    const leases = terminal.find((e) => e.shown === 'kubectl get leases -n kube-system')!;
    expect(leases.stdout).toMatch(new RegExp(`^kube-scheduler\\s+${leader}_[0-9a-f-]{36}\\s`, 'm'));
    expect(leases.stdout).toMatch(/^kube-controller-manager\s+control-plane-\d_[0-9a-f-]{36}\s/m);
    const yaml = terminal.find((e) => e.shown?.endsWith('-o yaml'))!;
    expect(yaml.stdout).toContain('  leaseDurationSeconds: 15\n');
    expect(yaml.stdout).toMatch(new RegExp(`  holderIdentity: ${leader}_`));
    const etcd = terminal.find((e) => e.shown?.includes('component=etcd'))!;
    expect(
      etcd.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(/\s+/)[0]),
    ).toEqual(['etcd-control-plane-1', 'etcd-control-plane-2', 'etcd-control-plane-3']);

    // the dead leader's Lease expires 15 s after its last renewal (at most 2 s before the kill)
    expect(newLeader).toMatch(/^control-plane-[123]$/);
    expect(newLeader).not.toBe(leader);
    const takeover = at['kill-leader'] - at.lease;
    expect(takeover).toBeGreaterThan(13_000);
    expect(takeover).toBeLessThan(17_500);
    expect(c.schedulingDecisions('default', 'after')[0].scheduler).toBe(
      `kube-scheduler@${newLeader}`,
    );

    // losing an API server is invisible to kubectl; the load balancer drops it within ~6 s
    const nodes = terminal.filter((e) => e.shown === 'kubectl get nodes');
    expect(nodes).toHaveLength(2);
    expect(nodes[1].stdout.trim().split('\n')).toHaveLength(6);
    expect(steps.find((s) => s.id === 'kill-apiserver')!.hop).toBe(
      'load-balancer → kubectl 200 /api/v1/nodes',
    );
    expect(at['out-of-rotation'] - at['kill-apiserver']).toBeLessThan(8_000);

    // restored: everything in rotation, leadership stayed with the new leader
    expect(c.loadBalancer!.inRotation()).toHaveLength(3);
    expect(leaseHolderNode(c, 'kube-scheduler')).toBe(newLeader);
    expect(c.schedulers.filter((s) => s.isLeader).map((s) => s.id)).toEqual([
      `kube-scheduler@${newLeader}`,
    ]);

    const q = w.quizzes!;
    expect(q.leases.choices[q.leases.answer!]).toBe('One');
    expect(q['kill-leader']).toMatchObject({ prediction: 1, answer: 1 });
    expect(q['kill-apiserver'].answer).toBe(0);
    expect(q.restore.choices[q.restore.answer!]).toBe(`${newLeader}, still`);
  }, 300_000);
});
