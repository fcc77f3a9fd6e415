import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { deployWeb, nodeCondition, nodeOf, podsOf, readyPods } from './helpers';

describe('a worker joining after boot', () => {
  it('registers, gets a podCIDR, runs the kube-proxy DaemonSet pod and takes new pods', () => {
    const c = createCluster({ seed: 81, workers: 1 });
    applyFault(c, { op: 'add-worker', cpu: '2', memory: '4Gi' });
    expect(
      c.runUntil(() => nodeCondition(c, 'worker-2', 'Ready')?.status === 'True', {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
    const node = c.get('nodes', 'worker-2')!;
    expect((node.spec as { podCIDR?: string }).podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect((node.status as { capacity: { cpu: string } }).capacity.cpu).toBe('2');
    expect(
      c.runUntil(
        () =>
          c
            .list('pods', 'kube-system')
            .some((p) => p.metadata.name!.startsWith('kube-proxy-') && nodeOf(p) === 'worker-2'),
        { timeoutMs: 30_000 },
      ),
    ).toBe(true);
    deployWeb(c, 'web', 4);
    expect(c.runUntil(() => readyPods(c, 'web').length === 4, { timeoutMs: 60_000 })).toBe(true);
    expect(readyPods(c, 'web').map(nodeOf)).toContain('worker-2');
  });
});

describe('a worker removed with kubectl delete node', () => {
  it('has its pods deleted by the pod garbage collector and recreated elsewhere', () => {
    const c = createCluster({ seed: 82, workers: 3 });
    deployWeb(c, 'web', 3);
    c.advance(30_000);
    const victim = nodeOf(readyPods(c, 'web')[0])!;
    expect(applyFault(c, { op: 'remove-node', node: victim })?.stdout).toBe(
      `node "${victim}" deleted\n`,
    );
    expect(
      c.runUntil(
        () =>
          podsOf(c, 'web').every((p) => nodeOf(p) !== victim) && readyPods(c, 'web').length === 3,
        { timeoutMs: 120_000 },
      ),
    ).toBe(true);
    expect(c.get('nodes', victim)).toBeUndefined();
  });
});

describe('kubectl delete node while the machine keeps running', () => {
  it('leaves the Node gone (the kubelet registers only at start) until the kubelet restarts', () => {
    const c = createCluster({ seed: 83, workers: 2 });
    deployWeb(c, 'web', 2);
    c.advance(30_000);
    const victim = nodeOf(readyPods(c, 'web')[0])!;
    expect(c.kubectl(`delete node ${victim}`).stdout).toBe(`node "${victim}" deleted\n`);
    // pod GC deletes the pods bound to a node that is gone (after its 40 s quarantine) and the
    // ReplicaSet replaces them on the node that is left
    expect(
      c.runUntil(
        () =>
          podsOf(c, 'web').every((p) => nodeOf(p) !== victim) && readyPods(c, 'web').length === 2,
        { timeoutMs: 120_000 },
      ),
    ).toBe(true);
    expect(c.sim.net.isHostUp(victim)).toBe(true);
    expect(c.get('nodes', victim)).toBeUndefined();
    // kubelet.go registerWithAPIServer runs until it succeeds once: a restart registers again
    applyFault(c, { op: 'kill', component: `kubelet@${victim}` });
    applyFault(c, { op: 'restart', component: `kubelet@${victim}` });
    expect(
      c.runUntil(() => nodeCondition(c, victim, 'Ready')?.status === 'True', {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
  });
});
