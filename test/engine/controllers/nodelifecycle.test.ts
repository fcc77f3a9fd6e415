import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import {
  boundPod,
  eventsFor,
  nodeCondition,
  nodeTaints,
  setPodStatus,
} from './nodelifecycle-kubelet-helpers';

/** What `kubectl cordon`/`uncordon` send: a strategic merge patch of spec.unschedulable. */
function cordon(c: Cluster, node: string, on: boolean): void {
  c.request({
    method: 'PATCH',
    path: `/api/v1/nodes/${node}`,
    headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    body: { spec: { unschedulable: on ? true : null } },
  });
}

describe('node lifecycle and taint-based eviction', () => {
  it('marks a dead worker Unknown, taints it, evicts its pods after 300 s and untaints it when it returns', () => {
    const c = createCluster({ seed: 7, workers: 3 });
    for (const name of ['web', 'db']) {
      c.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: boundPod(name, 'worker-1'),
      });
      setPodStatus(c, 'default', name, {
        phase: 'Running',
        podIP: name === 'web' ? '10.244.1.5' : '10.244.1.6',
      });
    }
    c.advance(20_000);
    expect(eventsFor(c, 'RegisteredNode').map((e) => e.message)).toContain(
      'Node worker-1 event: Registered Node worker-1 in Controller',
    );

    const killedAt = c.now();
    c.fail('node/worker-1');
    expect(
      c.runUntil(() => nodeCondition(c, 'worker-1', 'Ready')?.status === 'Unknown', {
        timeoutMs: 70_000,
      }),
    ).toBe(true);
    const unknownAfter = c.now() - killedAt;
    expect(unknownAfter).toBeGreaterThanOrEqual(40_000);
    // last renewal ≤ 10 s before the kill, seen ≤ 5 s after it, plus the 50 s grace: 40–55 s,
    // plus the few ms each 5 s monitor pass takes (wait.Until slides).
    expect(unknownAfter).toBeLessThanOrEqual(55_500);
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(nodeCondition(c, 'worker-1', type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    expect(nodeCondition(c, 'worker-2', 'Ready')?.status).toBe('True');

    expect(
      c.runUntil(
        () => nodeTaints(c, 'worker-1').includes('node.kubernetes.io/unreachable:NoExecute'),
        { timeoutMs: 10_000 },
      ),
    ).toBe(true);
    const taintedAt = c.now();
    expect(nodeTaints(c, 'worker-1').sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    const taints = (c.get('node', 'worker-1')!.spec as { taints: { timeAdded?: string }[] }).taints;
    expect(taints.every((t) => typeof t.timeAdded === 'string')).toBe(true);
    expect(eventsFor(c, 'NodeNotReady').map((e) => [e.name, e.message])).toEqual(
      expect.arrayContaining([
        ['worker-1', 'Node worker-1 status is now: NodeNotReady'],
        ['web', 'Node is not ready'],
        ['db', 'Node is not ready'],
      ]),
    );
    const webReady = (
      c.get('pod', 'web')!.status as { conditions: { type: string; status: string }[] }
    ).conditions.find((x) => x.type === 'Ready');
    expect(webReady?.status).toBe('False');

    // DefaultTolerationSeconds gave both pods 300 s of tolerance for unreachable:NoExecute.
    c.advance(290_000);
    expect(c.get('pod', 'web')!.metadata.deletionTimestamp).toBeUndefined();
    expect(
      c.runUntil(() => c.get('pod', 'web')?.metadata.deletionTimestamp !== undefined, {
        timeoutMs: 20_000,
      }),
    ).toBe(true);
    const evictedAfter = c.now() - taintedAt;
    expect(evictedAfter).toBeGreaterThanOrEqual(295_000);
    expect(evictedAfter).toBeLessThanOrEqual(306_000);
    c.advance(1_000);
    const evictions = eventsFor(c, 'TaintManagerEviction');
    expect(evictions.map((e) => e.message).sort()).toEqual([
      'Marking for deletion Pod default/db',
      'Marking for deletion Pod default/web',
    ]);
    expect((evictions[0].event.source as { component: string }).component).toBe(
      'taint-eviction-controller',
    );
    const disruption = (
      c.get('pod', 'web')!.status as { conditions: Record<string, string>[] }
    ).conditions.find((x) => x.type === 'DisruptionTarget');
    expect(disruption).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });

    c.recover('node/worker-1');
    expect(c.runUntil(() => nodeTaints(c, 'worker-1').length === 0, { timeoutMs: 360_000 })).toBe(
      true,
    );
    expect(nodeCondition(c, 'worker-1', 'Ready')?.status).toBe('True');
  });

  it('evicts a pod that does not tolerate the NoExecute taint as soon as the taint lands, and honours a shorter tolerationSeconds', () => {
    const c = createCluster({ seed: 3, workers: 2 });
    const tolerations = (seconds: number) => [
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: seconds,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: seconds,
      },
    ];
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: boundPod('quick', 'worker-2', { tolerations: tolerations(30) }),
    });
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: boundPod('forever', 'worker-2', { tolerations: [{ operator: 'Exists' }] }),
    });
    c.advance(10_000);
    c.fail('node/worker-2');
    expect(
      c.runUntil(
        () => nodeTaints(c, 'worker-2').includes('node.kubernetes.io/unreachable:NoExecute'),
        { timeoutMs: 80_000 },
      ),
    ).toBe(true);
    const taintedAt = c.now();
    expect(
      c.runUntil(() => c.get('pod', 'quick')?.metadata.deletionTimestamp !== undefined, {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
    expect(c.now() - taintedAt).toBeGreaterThanOrEqual(29_000);
    expect(c.now() - taintedAt).toBeLessThanOrEqual(33_000);
    c.advance(400_000);
    expect(c.get('pod', 'forever')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('taints a cordoned node unschedulable:NoSchedule and lifts it on uncordon', () => {
    const c = createCluster({ seed: 5, workers: 1 });
    cordon(c, 'worker-1', true);
    expect(
      c.runUntil(
        () => nodeTaints(c, 'worker-1').includes('node.kubernetes.io/unschedulable:NoSchedule'),
        { timeoutMs: 5_000 },
      ),
    ).toBe(true);
    cordon(c, 'worker-1', false);
    expect(c.runUntil(() => nodeTaints(c, 'worker-1').length === 0, { timeoutMs: 5_000 })).toBe(
      true,
    );
  });
});
