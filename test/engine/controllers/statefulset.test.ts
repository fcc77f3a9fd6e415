// StatefulSet controller scenarios through createCluster, on virtual time: the scheduler,
// kubelet and containerd really run the pods.
import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { eventsFor } from './nodelifecycle-kubelet-helpers';
import { isReady } from './replicaset-kubelet-helpers';

const statefulSet = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    serviceName: 'nginx',
    replicas: 3,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
    ...spec,
  },
});

const path = '/apis/apps/v1/namespaces/default/statefulsets';
const create = (c: Cluster, body: KubeObject) => {
  const res = c.request({ method: 'POST', path, body });
  expect(res.status).toBe(201);
};
const patch = (c: Cluster, name: string, body: unknown) => {
  const res = c.request({
    method: 'PATCH',
    path: `${path}/${name}`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body,
  });
  expect(res.status).toBe(200);
};
const pod = (c: Cluster, name: string) => c.get('pod', name, 'default');
const image = (p: KubeObject | undefined) =>
  (p?.spec as { containers: { image: string }[] } | undefined)?.containers[0].image;
type StsStatus = {
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas: number;
  currentRevision?: string;
  updateRevision?: string;
  observedGeneration?: number;
  collisionCount?: number;
};
const status = (c: Cluster, name: string) =>
  (c.get('statefulset', name)?.status ?? {}) as StsStatus;
const revisionOf = (p: KubeObject | undefined) => p?.metadata.labels?.['controller-revision-hash'];

/** Runs until `done`, noting at every step when each pod first exists and first is Ready. */
function watchPods(c: Cluster, names: string[], done: () => boolean, timeoutMs: number) {
  const created: Record<string, number> = {};
  const ready: Record<string, number> = {};
  const ok = c.runUntil(
    () => {
      for (const n of names) {
        const p = pod(c, n);
        if (p && created[n] === undefined) created[n] = c.now();
        if (p && isReady(p) && ready[n] === undefined) ready[n] = c.now();
      }
      return done();
    },
    { timeoutMs },
  );
  return { ok, created, ready };
}

describe('StatefulSet controller', () => {
  it('creates web-0, web-1, web-2 strictly in order, each only once the previous is Running and Ready', () => {
    const c = createCluster({ seed: 31, workers: 3 });
    create(c, statefulSet('web'));
    const names = ['web-0', 'web-1', 'web-2'];
    const { ok, created, ready } = watchPods(
      c,
      names,
      () => status(c, 'web').readyReplicas === 3,
      120_000,
    );
    expect(ok).toBe(true);
    expect(created['web-1']).toBeGreaterThan(ready['web-0']);
    expect(created['web-2']).toBeGreaterThan(ready['web-1']);
    expect(
      eventsFor(c, 'SuccessfulCreate')
        .filter((e) => e.name === 'web')
        .map((e) => [e.message, (e.event.source as { component: string }).component]),
    ).toEqual([
      ['create Pod web-0 in StatefulSet web successful', 'statefulset-controller'],
      ['create Pod web-1 in StatefulSet web successful', 'statefulset-controller'],
      ['create Pod web-2 in StatefulSet web successful', 'statefulset-controller'],
    ]);
    const web1 = pod(c, 'web-1')!;
    const [rev] = c.list('controllerrevision', 'default');
    expect(rev.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(web1.metadata.labels).toEqual({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': rev.metadata.name,
    });
    expect(web1.metadata.generateName).toBe('web-');
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    expect(web1.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'StatefulSet',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect(status(c, 'web')).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: rev.metadata.name,
      updateRevision: rev.metadata.name,
      collisionCount: 0,
    });
  });

  it('creates every pod at once with the Parallel policy', () => {
    const c = createCluster({ seed: 32, workers: 3 });
    create(c, statefulSet('web', { podManagementPolicy: 'Parallel' }));
    const { ok, created, ready } = watchPods(
      c,
      ['web-0', 'web-1', 'web-2'],
      () => status(c, 'web').readyReplicas === 3,
      120_000,
    );
    expect(ok).toBe(true);
    // all three exist before the first is ready
    expect(Math.max(created['web-0'], created['web-1'], created['web-2'])).toBeLessThan(
      Math.min(ready['web-0'], ready['web-1'], ready['web-2']),
    );
  });

  it('scales down from the highest ordinal, one pod at a time', () => {
    const c = createCluster({ seed: 33, workers: 3 });
    create(c, statefulSet('web'));
    expect(c.runUntil(() => status(c, 'web').readyReplicas === 3, { timeoutMs: 120_000 })).toBe(
      true,
    );
    patch(c, 'web', { spec: { replicas: 1 } });
    let web2GoneAt: number | undefined;
    let web1DeletingAt: number | undefined;
    const ok = c.runUntil(
      () => {
        if (!pod(c, 'web-2') && web2GoneAt === undefined) web2GoneAt = c.now();
        if (pod(c, 'web-1')?.metadata.deletionTimestamp && web1DeletingAt === undefined)
          web1DeletingAt = c.now();
        return !pod(c, 'web-1') && !pod(c, 'web-2') && status(c, 'web').replicas === 1;
      },
      { timeoutMs: 120_000 },
    );
    expect(ok).toBe(true);
    expect(web1DeletingAt).toBeGreaterThan(web2GoneAt!);
    expect(pod(c, 'web-0')?.metadata.deletionTimestamp).toBeUndefined();
    expect(
      eventsFor(c, 'SuccessfulDelete')
        .filter((e) => e.name === 'web')
        .map((e) => e.message),
    ).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('recreates a deleted pod under the same name', () => {
    const c = createCluster({ seed: 34, workers: 3 });
    create(c, statefulSet('web', { replicas: 2 }));
    expect(c.runUntil(() => status(c, 'web').readyReplicas === 2, { timeoutMs: 120_000 })).toBe(
      true,
    );
    const before = pod(c, 'web-0')!.metadata.uid;
    expect(c.kubectl('delete pod web-0').exitCode).toBe(0);
    expect(
      c.runUntil(
        () =>
          !!pod(c, 'web-0') &&
          pod(c, 'web-0')!.metadata.uid !== before &&
          isReady(pod(c, 'web-0')!),
        {
          timeoutMs: 120_000,
        },
      ),
    ).toBe(true);
    expect(pod(c, 'web-0')!.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
  });

  it('rolls a partitioned update in reverse ordinal order and leaves ordinals below the partition alone', () => {
    const c = createCluster({ seed: 35, workers: 3 });
    create(c, statefulSet('web'));
    expect(c.runUntil(() => status(c, 'web').readyReplicas === 3, { timeoutMs: 120_000 })).toBe(
      true,
    );
    const oldRev = status(c, 'web').currentRevision!;
    patch(c, 'web', {
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } },
      },
    });
    const updatedAt: Record<string, number> = {};
    const ok = c.runUntil(
      () => {
        for (const n of ['web-0', 'web-1', 'web-2'])
          if (image(pod(c, n)) === 'nginx:1.28' && updatedAt[n] === undefined)
            updatedAt[n] = c.now();
        const s = status(c, 'web');
        return s.updatedReplicas === 2 && s.readyReplicas === 3;
      },
      { timeoutMs: 180_000 },
    );
    expect(ok).toBe(true);
    expect(updatedAt['web-1']).toBeGreaterThan(updatedAt['web-2']);
    c.advance(30_000);
    expect(updatedAt['web-0']).toBeUndefined();
    expect(image(pod(c, 'web-0'))).toBe('nginx:1.27');
    const s = status(c, 'web');
    expect(s.updateRevision).not.toBe(oldRev);
    expect([
      revisionOf(pod(c, 'web-0')),
      revisionOf(pod(c, 'web-1')),
      revisionOf(pod(c, 'web-2')),
    ]).toEqual([oldRev, s.updateRevision, s.updateRevision]);
    expect(s).toMatchObject({
      currentRevision: oldRev,
      currentReplicas: 1,
      updatedReplicas: 2,
      replicas: 3,
    });

    // lowering the partition to 0 finishes the rollout; the update revision becomes current
    patch(c, 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    expect(
      c.runUntil(
        () =>
          status(c, 'web').currentRevision === s.updateRevision &&
          status(c, 'web').readyReplicas === 3,
        {
          timeoutMs: 120_000,
        },
      ),
    ).toBe(true);
    expect(image(pod(c, 'web-0'))).toBe('nginx:1.28');
    expect(status(c, 'web')).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    expect(
      c.list('controllerrevision', 'default').map((r) => [r.metadata.name, r.revision]),
    ).toEqual(
      expect.arrayContaining([
        [oldRev, 1],
        [s.updateRevision, 2],
      ]),
    );
  });

  it('leaves pods alone on a template change with OnDelete until they are deleted', () => {
    const c = createCluster({ seed: 36, workers: 2 });
    create(c, statefulSet('web', { replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    expect(c.runUntil(() => status(c, 'web').readyReplicas === 2, { timeoutMs: 120_000 })).toBe(
      true,
    );
    patch(c, 'web', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    c.advance(30_000);
    expect([image(pod(c, 'web-0')), image(pod(c, 'web-1'))]).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(status(c, 'web')).toMatchObject({ currentReplicas: 2, replicas: 2 });
    // updatedReplicas is omitempty: zero updated replicas leave it out of the status
    expect(status(c, 'web').updatedReplicas).toBeUndefined();
    expect(c.kubectl('delete pod web-1').exitCode).toBe(0);
    expect(c.runUntil(() => image(pod(c, 'web-1')) === 'nginx:1.28', { timeoutMs: 120_000 })).toBe(
      true,
    );
    expect(image(pod(c, 'web-0'))).toBe('nginx:1.27');
  });
});
