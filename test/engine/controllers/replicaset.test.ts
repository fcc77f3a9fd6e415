import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import {
  deleteBefore,
  getPodsToDelete,
  slowStartBatch,
} from '../../../src/engine/controllers/util/controller-utils';
import { NO_SCHEDULER, eventLines, livePods, markPodReady } from './replicaset-kubelet-helpers';

function createReplicaSet(c: Cluster, name: string, replicas: number): KubeObject {
  const r = c.request({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/replicasets',
    body: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name, tier: 'web' } },
          spec: { schedulerName: NO_SCHEDULER, containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    },
  });
  expect(r.status).toBe(201);
  return r.body as KubeObject;
}

function scale(c: Cluster, name: string, replicas: number): void {
  const r = c.request({
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/default/replicasets/${name}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: { spec: { replicas } },
  });
  expect(r.status).toBe(200);
}

interface P {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  created?: string;
  restarts?: number;
  cost?: string;
  uid?: string;
}
function pod(p: P): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      uid: p.uid ?? p.name,
      creationTimestamp: p.created ?? '2026-01-01T09:00:00Z',
      ...(p.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } } : {}),
    },
    spec: { nodeName: p.node ?? '' },
    status: {
      phase: p.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: p.ready ? 'True' : 'False',
          lastTransitionTime: p.readySince ?? '2026-01-01T09:00:00Z',
        },
      ],
      containerStatuses: [{ restartCount: p.restarts ?? 0 }],
    },
  };
}

describe('ActivePodsWithRanks', () => {
  const NOW = Date.parse('2026-01-01T10:00:00Z');
  it.each([
    { rule: 'unassigned before assigned', a: { name: 'a' }, b: { name: 'b', node: 'n1' } },
    {
      rule: 'Pending before Unknown',
      a: { name: 'a', node: 'n', phase: 'Pending' },
      b: { name: 'b', node: 'n', phase: 'Unknown' },
    },
    {
      rule: 'Unknown before Running',
      a: { name: 'a', node: 'n', phase: 'Unknown' },
      b: { name: 'b', node: 'n', phase: 'Running' },
    },
    {
      rule: 'not ready before ready',
      a: { name: 'a', node: 'n' },
      b: { name: 'b', node: 'n', ready: true },
    },
    {
      rule: 'lower deletion cost first',
      a: { name: 'a', node: 'n', ready: true, cost: '-5' },
      b: { name: 'b', node: 'n', ready: true },
    },
    {
      rule: 'ready for less time first',
      a: { name: 'a', node: 'n', ready: true, readySince: '2026-01-01T09:59:00Z' },
      b: { name: 'b', node: 'n', ready: true, readySince: '2026-01-01T09:00:00Z' },
    },
    {
      rule: 'more restarts first',
      a: { name: 'a', node: 'n', ready: true, restarts: 3 },
      b: { name: 'b', node: 'n', ready: true },
    },
    {
      rule: 'newer first',
      a: { name: 'a', node: 'n', ready: true, created: '2026-01-01T09:50:00Z' },
      b: { name: 'b', node: 'n', ready: true, created: '2026-01-01T08:00:00Z' },
    },
  ] as { rule: string; a: P; b: P }[])('deletes $rule', ({ a, b }) => {
    expect(deleteBefore(pod(a), 1, pod(b), 1, NOW)).toBe(true);
    expect(deleteBefore(pod(b), 1, pod(a), 1, NOW)).toBe(false);
  });

  it('deletes doubled-up pods (more related pods on the node) first', () => {
    expect(
      deleteBefore(
        pod({ name: 'a', node: 'n1', ready: true }),
        2,
        pod({ name: 'b', node: 'n2', ready: true }),
        1,
        NOW,
      ),
    ).toBe(true);
  });

  it('treats ready times in the same power-of-two bucket as equal and breaks the tie by UID', () => {
    // 50 and 55 minutes ago are both in the 2^41..2^42 ns bucket
    const a = pod({
      name: 'a',
      uid: 'b-uid',
      node: 'n',
      ready: true,
      readySince: '2026-01-01T09:05:00Z',
    });
    const b = pod({
      name: 'b',
      uid: 'a-uid',
      node: 'n',
      ready: true,
      readySince: '2026-01-01T09:10:00Z',
    });
    expect(deleteBefore(b, 1, a, 1, NOW)).toBe(true);
    expect(deleteBefore(a, 1, b, 1, NOW)).toBe(false);
  });

  it('getPodsToDelete ranks by the related pods on each node', () => {
    const pods = [
      pod({ name: 'x', node: 'n1', ready: true }),
      pod({ name: 'y', node: 'n2', ready: true }),
      pod({ name: 'z', node: 'n2', ready: true }),
    ];
    expect(getPodsToDelete(pods, pods, 1, NOW).map((p) => p.metadata.name)).toEqual(['y']);
  });
});

describe('slowStartBatch', () => {
  it('runs 1, 2, 4, … calls concurrently per batch', () => {
    const pending: (() => void)[] = [];
    const batches: number[] = [];
    let result: number | undefined;
    slowStartBatch(
      10,
      1,
      (done) => pending.push(() => done()),
      (n) => (result = n),
    );
    while (pending.length > 0) {
      batches.push(pending.length);
      for (const d of pending.splice(0)) d();
    }
    expect(batches).toEqual([1, 2, 4, 3]);
    expect(result).toBe(10);
  });

  it('stops after a batch with an error and reports the successes', () => {
    let calls = 0;
    let out: [number, string | undefined] | undefined;
    slowStartBatch(
      10,
      1,
      (done) => done(++calls === 3 ? 'boom' : undefined),
      (n, err) => (out = [n, err]),
    );
    expect(out).toEqual([2, 'boom']);
    expect(calls).toBe(3);
  });
});

describe('ReplicaSet controller', () => {
  it('creates pods from the template with generateName and a controller reference', () => {
    const c = createCluster({ seed: 21, workers: 1 });
    const rs = createReplicaSet(c, 'front', 2);
    c.advance(3000);
    const pods = livePods(c);
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.generateName).toBe('front-');
      expect(p.metadata.labels).toEqual({ app: 'front', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'front',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(c.get('replicasets', 'front')!.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      observedGeneration: 1,
    });
  });

  it('replaces a deleted pod', () => {
    const c = createCluster({ seed: 22, workers: 1 });
    createReplicaSet(c, 'front', 2);
    c.advance(3000);
    const victim = livePods(c)[0].metadata.name!;
    expect(
      c.request({ method: 'DELETE', path: `/api/v1/namespaces/default/pods/${victim}` }).status,
    ).toBe(200);
    c.advance(3000);
    const names = livePods(c).map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(victim);
    const created = eventLines(c).filter((l) => l.startsWith('front SuccessfulCreate'));
    expect(created).toHaveLength(3);
  });

  it('scales down the pods that are not ready before the ready ones', () => {
    const c = createCluster({ seed: 23, workers: 1 });
    createReplicaSet(c, 'front', 4);
    c.advance(3000);
    const pods = livePods(c);
    const ready = [pods[1], pods[3]].map((p) => p.metadata.name);
    markPodReady(c, pods[1]);
    markPodReady(c, pods[3]);
    c.advance(2000);
    expect(c.get('replicasets', 'front')!.status).toMatchObject({
      readyReplicas: 2,
      availableReplicas: 2,
    });
    scale(c, 'front', 2);
    c.advance(3000);
    expect(
      livePods(c)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual([...ready].sort());
    const deleted = eventLines(c)
      .filter((l) => l.startsWith('front SuccessfulDelete'))
      .sort();
    expect(deleted).toEqual(
      [pods[0], pods[2]]
        .map((p) => `front SuccessfulDelete Deleted pod: ${p.metadata.name}`)
        .sort(),
    );
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', () => {
    const c = createCluster({ seed: 24, workers: 1 });
    const orphan = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stray', labels: { app: 'front' } },
        spec: { schedulerName: NO_SCHEDULER, containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    expect(orphan.status).toBe(201);
    const rs = createReplicaSet(c, 'front', 2);
    c.advance(3000);
    expect(c.get('pods', 'stray')!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'front',
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(livePods(c)).toHaveLength(2);
    const r = c.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/stray',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { metadata: { labels: { app: 'other' } } },
    });
    expect(r.status).toBe(200);
    c.advance(3000);
    expect(c.get('pods', 'stray')!.metadata.ownerReferences ?? []).toEqual([]);
    expect(livePods(c)).toHaveLength(3);
  });
});
