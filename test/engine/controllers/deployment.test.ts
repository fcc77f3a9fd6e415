import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { computeHash } from '../../../src/engine/controllers/deployment-util';
import {
  deploymentManifest,
  eventLines,
  isReady,
  livePods,
  markAllReady,
  markPodReady,
} from './replicaset-kubelet-helpers';

const annotations = (o: KubeObject | undefined) => o?.metadata.annotations ?? {};
const spec = (o: KubeObject | undefined) =>
  (o?.spec ?? {}) as { replicas?: number; template?: unknown };
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;
const replicaSets = (c: Cluster) =>
  c
    .list('replicasets', 'default')
    .sort(
      (a, b) =>
        Number(annotations(a)['deployment.kubernetes.io/revision']) -
        Number(annotations(b)['deployment.kubernetes.io/revision']),
    );

function apply(c: Cluster, manifest: string): void {
  const r = c.kubectl('apply -f -', manifest);
  expect(r.stderr).toBe('');
}

function deployWeb(c: Cluster, replicas: number, extra = ''): void {
  apply(c, deploymentManifest('web', replicas, 'nginx:1.27', extra));
  c.runUntil(() => livePods(c).length === replicas, { timeoutMs: 20_000 });
}

/** Runs the clock in small steps, playing the kubelet (pods turn ready `readyAfterMs` after
 *  they appear) and calling `check` at every step until `until` holds. */
function stepRollout(
  c: Cluster,
  until: () => boolean,
  check: () => void,
  options: { readyAfterMs?: number; timeoutMs?: number; ready?: (p: KubeObject) => boolean } = {},
): boolean {
  const firstSeen = new Map<string, number>();
  const deadline = c.now() + (options.timeoutMs ?? 120_000);
  while (c.now() < deadline) {
    check();
    if (until()) return true;
    for (const p of livePods(c)) {
      if (!firstSeen.has(p.metadata.uid!)) firstSeen.set(p.metadata.uid!, c.now());
      if (isReady(p) || !(options.ready?.(p) ?? true)) continue;
      if (c.now() - firstSeen.get(p.metadata.uid!)! >= (options.readyAfterMs ?? 1000))
        markPodReady(c, p);
    }
    c.advance(50);
  }
  return false;
}

describe('Deployment controller', () => {
  it('creates one ReplicaSet named after the pod-template-hash and three pods it owns', () => {
    const c = createCluster({ seed: 3, workers: 2 });
    deployWeb(c, 3);
    const d = c.get('deployments', 'web')!;
    const hash = computeHash(spec(d).template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const rss = c.list('replicasets', 'default');
    expect(rss.map((r) => r.metadata.name)).toEqual([`web-${hash}`]);
    const rs = rss[0];
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(annotations(rs)).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const pods = livePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.generateName).toBe(`web-${hash}-`);
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `web-${hash}`,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    c.advance(2000);
    const lines = eventLines(c, 'default', ['Deployment', 'ReplicaSet']);
    expect(lines.filter((l) => l.startsWith('web '))).toEqual([
      `web ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 3`,
    ]);
    expect(lines.filter((l) => l.includes('SuccessfulCreate')).sort()).toEqual(
      pods.map((p) => `web-${hash} SuccessfulCreate Created pod: ${p.metadata.name}`).sort(),
    );
    expect(annotations(c.get('deployments', 'web'))['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('reports Available and Progressing as the pods become ready', () => {
    const c = createCluster({ seed: 4, workers: 1 });
    deployWeb(c, 2);
    c.advance(1000);
    const before = status(c.get('deployments', 'web'));
    expect(before).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      unavailableReplicas: 2,
    });
    const rsName = c.list('replicasets', 'default')[0].metadata.name;
    markAllReady(c);
    c.advance(2000);
    const after = status(c.get('deployments', 'web'));
    expect(after).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(after.unavailableReplicas).toBeUndefined();
    const conds = (
      after.conditions as { type: string; status: string; reason: string; message: string }[]
    ).map(({ type, status: s, reason, message }) => ({ type, status: s, reason, message }));
    expect(conds).toEqual([
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      },
    ]);
  });

  it.each([
    { replicas: 4, surge: 1, unavailable: 1 },
    { replicas: 10, surge: 3, unavailable: 2 },
  ])(
    'a rolling update of $replicas replicas never exceeds $surge surge or $unavailable unavailable pods',
    ({ replicas, surge, unavailable }) => {
      const c = createCluster({ seed: 5, workers: 2 });
      deployWeb(c, replicas);
      markAllReady(c);
      c.advance(2000);
      apply(c, deploymentManifest('web', replicas, 'nginx:1.28'));
      let maxTotal = 0;
      let minReady = Infinity;
      const done = stepRollout(
        c,
        () => {
          const rss = c.list('replicasets', 'default');
          const pods = livePods(c);
          return (
            rss.length === 2 &&
            pods.length === replicas &&
            pods.every(
              (p) =>
                isReady(p) &&
                (p.spec as { containers: { image: string }[] }).containers[0].image ===
                  'nginx:1.28',
            )
          );
        },
        () => {
          const pods = livePods(c);
          maxTotal = Math.max(maxTotal, pods.length);
          minReady = Math.min(minReady, pods.filter(isReady).length);
        },
      );
      expect(done).toBe(true);
      expect(maxTotal).toBe(replicas + surge);
      expect(minReady).toBe(replicas - unavailable);
      const [oldRS, newRS] = replicaSets(c);
      expect(spec(oldRS).replicas).toBe(0);
      expect(spec(newRS).replicas).toBe(replicas);
      expect(annotations(newRS)['deployment.kubernetes.io/revision']).toBe('2');
    },
  );

  it('scales the new ReplicaSet up and the old one down in surge-sized steps', () => {
    const c = createCluster({ seed: 6, workers: 2 });
    deployWeb(c, 4);
    markAllReady(c);
    c.advance(2000);
    apply(c, deploymentManifest('web', 4, 'nginx:1.28'));
    stepRollout(
      c,
      () =>
        livePods(c).filter(isReady).length === 4 &&
        replicaSets(c).length === 2 &&
        spec(replicaSets(c)[0]).replicas === 0 &&
        livePods(c).length === 4,
      () => undefined,
    );
    const [oldRS, newRS] = replicaSets(c).map((r) => r.metadata.name);
    const scaling = eventLines(c, 'default', ['Deployment'])
      .filter((l) => l.includes('ScalingReplicaSet'))
      .slice(1);
    expect(scaling).toEqual([
      `web ScalingReplicaSet Scaled up replica set ${newRS} from 0 to 1`,
      `web ScalingReplicaSet Scaled down replica set ${oldRS} from 4 to 3`,
      `web ScalingReplicaSet Scaled up replica set ${newRS} from 1 to 2`,
      `web ScalingReplicaSet Scaled down replica set ${oldRS} from 3 to 2`,
      `web ScalingReplicaSet Scaled up replica set ${newRS} from 2 to 3`,
      `web ScalingReplicaSet Scaled down replica set ${oldRS} from 2 to 1`,
      `web ScalingReplicaSet Scaled up replica set ${newRS} from 3 to 4`,
      `web ScalingReplicaSet Scaled down replica set ${oldRS} from 1 to 0`,
    ]);
  });

  it('rolls back by taking the template of an old ReplicaSet, which gets the next revision', () => {
    const c = createCluster({ seed: 7, workers: 2 });
    deployWeb(c, 3);
    markAllReady(c);
    apply(c, deploymentManifest('web', 3, 'nginx:1.28'));
    stepRollout(
      c,
      () =>
        spec(replicaSets(c)[0]).replicas === 0 &&
        livePods(c).length === 3 &&
        livePods(c).every(isReady),
      () => undefined,
    );
    const [first, second] = replicaSets(c);
    // kubectl rollout undo: the old ReplicaSet's template without its pod-template-hash label
    const template = structuredClone(spec(first).template) as {
      metadata: { labels: Record<string, string> };
    };
    delete template.metadata.labels['pod-template-hash'];
    const res = c.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      body: { spec: { template } },
    });
    expect(res.status).toBe(200);
    const back = stepRollout(
      c,
      () =>
        spec(c.get('replicasets', second.metadata.name!)).replicas === 0 &&
        livePods(c).length === 3 &&
        livePods(c).every(isReady),
      () => undefined,
    );
    expect(back).toBe(true);
    const restored = c.get('replicasets', first.metadata.name!)!;
    expect(c.list('replicasets', 'default')).toHaveLength(2);
    expect(spec(restored).replicas).toBe(3);
    expect(annotations(restored)['deployment.kubernetes.io/revision']).toBe('3');
    expect(annotations(restored)['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(annotations(c.get('deployments', 'web'))['deployment.kubernetes.io/revision']).toBe('3');
    expect(
      livePods(c).every(
        (p) =>
          p.metadata.labels!['pod-template-hash'] === first.metadata.labels!['pod-template-hash'],
      ),
    ).toBe(true);
  });

  it('scales proportionally during a stuck rollout (8 and 5 of 10 become 15 and 10 of 20)', () => {
    const c = createCluster({ seed: 8, workers: 2 });
    deployWeb(c, 10);
    markAllReady(c);
    c.advance(2000);
    apply(c, deploymentManifest('web', 10, 'nginx:does-not-start'));
    c.advance(10_000); // new pods never become ready
    const [oldRS, newRS] = replicaSets(c);
    expect([spec(oldRS).replicas, spec(newRS).replicas]).toEqual([8, 5]);
    expect(c.kubectl('scale deployment web --replicas=20').exitCode).toBe(0);
    c.advance(5000);
    expect(spec(c.get('replicasets', oldRS.metadata.name!)).replicas).toBe(15);
    expect(spec(c.get('replicasets', newRS.metadata.name!)).replicas).toBe(10);
    const lines = eventLines(c, 'default', ['Deployment']);
    expect(lines).toContain(
      `web ScalingReplicaSet Scaled up replica set ${oldRS.metadata.name} from 8 to 15`,
    );
    expect(lines).toContain(
      `web ScalingReplicaSet Scaled up replica set ${newRS.metadata.name} from 5 to 10`,
    );
    expect(annotations(c.get('replicasets', oldRS.metadata.name!))).toMatchObject({
      'deployment.kubernetes.io/desired-replicas': '20',
      'deployment.kubernetes.io/max-replicas': '25',
    });
  });

  it('Recreate scales the old ReplicaSet to zero before the new one gets pods', () => {
    const c = createCluster({ seed: 9, workers: 2 });
    deployWeb(c, 2, '  strategy:\n    type: Recreate\n'.replace(/^/, ''));
    markAllReady(c);
    apply(
      c,
      deploymentManifest('web', 2, 'nginx:1.28', '').replace(
        'spec:\n  replicas: 2',
        'spec:\n  strategy:\n    type: Recreate\n  replicas: 2',
      ),
    );
    let overlap = false;
    stepRollout(
      c,
      () => replicaSets(c).length === 2 && livePods(c).length === 2 && livePods(c).every(isReady),
      () => {
        const hashes = new Set(livePods(c).map((p) => p.metadata.labels!['pod-template-hash']));
        if (hashes.size > 1) overlap = true;
      },
    );
    expect(overlap).toBe(false);
    const [oldRS, newRS] = replicaSets(c).map((r) => r.metadata.name);
    expect(
      eventLines(c, 'default', ['Deployment']).filter((l) => l.includes('ScalingReplicaSet')),
    ).toEqual([
      `web ScalingReplicaSet Scaled up replica set ${oldRS} from 0 to 2`,
      `web ScalingReplicaSet Scaled down replica set ${oldRS} from 2 to 0`,
      `web ScalingReplicaSet Scaled up replica set ${newRS} from 0 to 2`,
    ]);
  });

  it('marks a rollout that makes no progress within progressDeadlineSeconds as ProgressDeadlineExceeded', () => {
    const c = createCluster({ seed: 10, workers: 1 });
    apply(
      c,
      deploymentManifest('web', 2).replace(
        'spec:\n  replicas: 2',
        'spec:\n  progressDeadlineSeconds: 30\n  replicas: 2',
      ),
    );
    c.advance(20_000);
    const progressing = () =>
      (
        status(c.get('deployments', 'web')).conditions as {
          type: string;
          status: string;
          reason: string;
          message: string;
        }[]
      ).find((x) => x.type === 'Progressing')!;
    expect(progressing().reason).toBe('ReplicaSetUpdated');
    c.advance(20_000);
    const rs = c.list('replicasets', 'default')[0].metadata.name;
    expect(progressing()).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs}" has timed out progressing.`,
    });
  });

  it('does not roll out a paused Deployment and reports DeploymentPaused, then DeploymentResumed', () => {
    const c = createCluster({ seed: 11, workers: 1 });
    deployWeb(c, 2);
    markAllReady(c);
    c.advance(2000);
    apply(
      c,
      deploymentManifest('web', 2, 'nginx:1.28').replace(
        'spec:\n  replicas: 2',
        'spec:\n  paused: true\n  replicas: 2',
      ),
    );
    c.advance(5000);
    expect(c.list('replicasets', 'default')).toHaveLength(1);
    const cond = () =>
      (
        status(c.get('deployments', 'web')).conditions as {
          type: string;
          status: string;
          reason: string;
          message: string;
        }[]
      ).find((x) => x.type === 'Progressing')!;
    expect(cond()).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    apply(c, deploymentManifest('web', 2, 'nginx:1.28'));
    c.advance(3000);
    expect(c.list('replicasets', 'default')).toHaveLength(2);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const c = createCluster({ seed: 12, workers: 1 });
    const withLimit = (image: string) =>
      deploymentManifest('web', 1, image).replace(
        'spec:\n  replicas: 1',
        'spec:\n  revisionHistoryLimit: 1\n  replicas: 1',
      );
    apply(c, withLimit('nginx:1'));
    for (const image of ['nginx:2', 'nginx:3', 'nginx:4']) {
      stepRollout(
        c,
        () => livePods(c).length === 1 && livePods(c).every(isReady),
        () => undefined,
      );
      apply(c, withLimit(image));
      c.advance(500);
    }
    stepRollout(
      c,
      () =>
        livePods(c).length === 1 &&
        livePods(c).every(isReady) &&
        c.list('replicasets', 'default').length === 2,
      () => undefined,
    );
    expect(replicaSets(c).map((r) => annotations(r)['deployment.kubernetes.io/revision'])).toEqual([
      '3',
      '4',
    ]);
  });
});
