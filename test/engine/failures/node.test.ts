import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { deployWeb, nodeCondition, nodeOf, nodeTaints, podsOf, readyPods } from './helpers';

const UNREACHABLE = [
  { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
];

describe('a worker powered off', () => {
  const c = createCluster({ seed: 21, workers: 3 });
  deployWeb(c, 'web', 3);
  c.advance(30_000);
  const victim = nodeOf(readyPods(c, 'web')[0])!;
  const before = podsOf(c, 'web').map((p) => p.metadata.name);
  const offAt = c.now();
  applyFault(c, { op: 'power-off', node: victim });

  it('spreads the three replicas over the three workers to begin with', () => {
    expect(new Set(podsOf(c, 'web').map(nodeOf)).size).toBe(3);
  });

  it('goes Ready=Unknown within the 50 s grace period of its last lease renewal', () => {
    expect(
      c.runUntil(() => nodeCondition(c, victim, 'Ready')?.status === 'Unknown', {
        timeoutMs: 70_000,
      }),
    ).toBe(true);
    const after = c.now() - offAt;
    // last renewal up to 10 s before the power-off, then 50 s, seen by a 5 s monitor pass
    expect(after).toBeGreaterThanOrEqual(40_000);
    expect(after).toBeLessThanOrEqual(56_000);
    expect(nodeCondition(c, victim, 'Ready')).toMatchObject({
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
  });

  it('gets the unreachable NoSchedule and NoExecute taints', () => {
    c.runUntil(() => nodeTaints(c, victim).length === 2, { timeoutMs: 10_000 });
    expect(nodeTaints(c, victim)).toEqual(expect.arrayContaining(UNREACHABLE));
  });

  it('keeps its pods until their 300 s unreachable toleration runs out', () => {
    const taintedAt = c.now();
    c.advance(290_000);
    expect(
      podsOf(c, 'web').filter((p) => nodeOf(p) === victim && !p.metadata.deletionTimestamp),
    ).toHaveLength(1);
    expect(
      c.runUntil(
        () => podsOf(c, 'web').some((p) => nodeOf(p) === victim && p.metadata.deletionTimestamp),
        { timeoutMs: 20_000 },
      ),
    ).toBe(true);
    const evictedAfter = c.now() - taintedAt;
    expect(evictedAfter).toBeGreaterThanOrEqual(295_000);
    expect(evictedAfter).toBeLessThanOrEqual(306_000);
  });

  it('replaces the evicted replica on a healthy worker, where it runs', () => {
    expect(c.runUntil(() => readyPods(c, 'web').length === 3, { timeoutMs: 60_000 })).toBe(true);
    const running = readyPods(c, 'web');
    expect(running.map(nodeOf)).not.toContain(victim);
    expect(running.filter((p) => !before.includes(p.metadata.name))).toHaveLength(1);
    const wide = c.kubectl('get pods -o wide').stdout;
    // the old pod stays Terminating on the dead node: no kubelet confirms it stopped
    expect(wide).toMatch(new RegExp(`Terminating .* ${victim} `));
    expect(c.kubectl('get nodes').stdout).toMatch(new RegExp(`${victim} +NotReady`));
  });

  it('comes back Ready when powered on, loses its taints and deletes the old pod', () => {
    applyFault(c, { op: 'power-on', node: victim });
    expect(
      c.runUntil(
        () =>
          nodeCondition(c, victim, 'Ready')?.status === 'True' &&
          nodeTaints(c, victim).length === 0 &&
          podsOf(c, 'web').length === 3,
        { timeoutMs: 90_000 },
      ),
    ).toBe(true);
    expect(readyPods(c, 'web')).toHaveLength(3);
  });
});

describe('a worker partitioned from the network', () => {
  it('is treated as dead, its pods are replaced, and on healing its old pods are deleted', () => {
    const c = createCluster({ seed: 22, workers: 3 });
    deployWeb(c, 'web', 3);
    c.advance(30_000);
    const victim = nodeOf(readyPods(c, 'web')[0])!;
    const cutAt = c.now();
    applyFault(c, { op: 'partition', node: victim });
    c.runUntil(() => nodeCondition(c, victim, 'Ready')?.status === 'Unknown', {
      timeoutMs: 70_000,
    });
    expect(c.now() - cutAt).toBeLessThanOrEqual(56_000);
    expect(
      c.runUntil(() => readyPods(c, 'web').filter((p) => nodeOf(p) !== victim).length === 3, {
        timeoutMs: 400_000,
      }),
    ).toBe(true);
    // the partitioned kubelet cannot hear of the deletion: the container still runs there
    const stale = podsOf(c, 'web').filter((p) => nodeOf(p) === victim);
    expect(stale).toHaveLength(1);
    expect(stale[0].metadata.deletionTimestamp).toBeDefined();

    applyFault(c, { op: 'heal', node: victim });
    expect(
      c.runUntil(
        () =>
          podsOf(c, 'web').every((p) => nodeOf(p) !== victim) &&
          nodeCondition(c, victim, 'Ready')?.status === 'True' &&
          nodeTaints(c, victim).length === 0,
        { timeoutMs: 90_000 },
      ),
    ).toBe(true);
    expect(readyPods(c, 'web')).toHaveLength(3);
  });
});
