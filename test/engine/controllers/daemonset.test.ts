// DaemonSet controller scenarios through createCluster, on virtual time: the scheduler binds
// the pods through their node affinity and the kubelets run them.
import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { eventsFor } from './nodelifecycle-kubelet-helpers';
import { isReady } from './replicaset-kubelet-helpers';

const daemonSet = (name: string, podSpec: Record<string, unknown> = {}, spec = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'agent', image: 'nginx:1.27' }], ...podSpec },
    },
    ...spec,
  },
});

const path = '/apis/apps/v1/namespaces/default/daemonsets';
const create = (c: Cluster, body: KubeObject) =>
  expect(c.request({ method: 'POST', path, body }).status).toBe(201);
const patch = (c: Cluster, name: string, body: unknown) =>
  expect(
    c.request({
      method: 'PATCH',
      path: `${path}/${name}`,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body,
    }).status,
  ).toBe(200);
const podsOf = (c: Cluster, name: string) =>
  c.list('pod', 'default').filter((p) => p.metadata.labels?.app === name);
const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;
const image = (p: KubeObject) =>
  (p.spec as { containers: { image: string }[] }).containers[0].image;
const running = (p: KubeObject) => (p.status as { phase?: string }).phase === 'Running';
type DsStatus = Record<string, number>;
const status = (c: Cluster, name: string) => (c.get('daemonset', name)?.status ?? {}) as DsStatus;

describe('DaemonSet controller', () => {
  it('runs one pod on every worker and none on the tainted control plane', () => {
    const c = createCluster({ seed: 11, workers: 3 });
    create(c, daemonSet('agent'));
    expect(
      c.runUntil(
        () =>
          podsOf(c, 'agent').filter((p) => running(p) && isReady(p)).length === 3 &&
          status(c, 'agent').numberAvailable === 3,
        {
          timeoutMs: 60_000,
        },
      ),
    ).toBe(true);
    const pods = podsOf(c, 'agent');
    expect(pods.map(nodeOf).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const [rev] = c.list('controllerrevision', 'default');
    const hash = rev.metadata.labels!['controller-revision-hash'];
    expect(rev.metadata.name).toBe(`agent-${hash}`);
    expect(rev.revision).toBe(1);
    const p = pods.find((x) => nodeOf(x) === 'worker-2')!;
    expect(p.metadata.generateName).toBe('agent-');
    expect(p.metadata.labels).toEqual({
      app: 'agent',
      'controller-revision-hash': hash,
      // from the apiserver's deprecated.daemonset.template.generation annotation
      'pod-template-generation': '1',
    });
    // the scheduler binds it: the controller only names the node in a required affinity
    expect((p.spec as { affinity: unknown }).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] },
          ],
        },
      },
    });
    expect((p.spec as { tolerations: unknown }).tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(eventsFor(c, 'Scheduled').find((e) => e.name === p.metadata.name)?.message).toBe(
      `Successfully assigned default/${p.metadata.name} to worker-2`,
    );
    const created = eventsFor(c, 'SuccessfulCreate').filter((e) => e.name === 'agent');
    expect(created.map((e) => e.message).sort()).toEqual(
      pods.map((x) => `Created pod: ${x.metadata.name}`).sort(),
    );
    expect(created[0].event.source).toMatchObject({ component: 'daemonset-controller' });
    expect(status(c, 'agent')).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      observedGeneration: 1,
    });
  });

  it('also runs on the control plane when the pods tolerate its taint', () => {
    const c = createCluster({ seed: 12, workers: 2 });
    create(
      c,
      daemonSet('agent', {
        tolerations: [
          {
            key: 'node-role.kubernetes.io/control-plane',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ],
      }),
    );
    expect(c.runUntil(() => status(c, 'agent').numberReady === 3, { timeoutMs: 60_000 })).toBe(
      true,
    );
    expect(podsOf(c, 'agent').map(nodeOf).sort()).toEqual([
      'control-plane-1',
      'worker-1',
      'worker-2',
    ]);
    // the user's toleration comes first, the daemon ones after it
    expect(
      (podsOf(c, 'agent')[0].spec as { tolerations: { key: string }[] }).tolerations[0].key,
    ).toBe('node-role.kubernetes.io/control-plane');
  });

  it('runs the kubeadm kube-proxy DaemonSet on every node, control plane included', () => {
    const c = createCluster({ seed: 13, workers: 2 });
    expect(
      c.runUntil(
        () =>
          (c.get('daemonset', 'kube-proxy', 'kube-system')?.status as DsStatus | undefined)
            ?.numberReady === 3,
        {
          timeoutMs: 60_000,
        },
      ),
    ).toBe(true);
    const pods = c
      .list('pod', 'kube-system')
      .filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy');
    expect(pods.map(nodeOf).sort()).toEqual(['control-plane-1', 'worker-1', 'worker-2']);
    // hostNetwork pods also tolerate network-unavailable
    expect(
      (pods[0].spec as { tolerations: { key?: string }[] }).tolerations.map((t) => t.key ?? ''),
    ).toContain('node.kubernetes.io/network-unavailable');
  });

  it('follows a nodeSelector as node labels change', () => {
    const c = createCluster({ seed: 14, workers: 3 });
    create(c, daemonSet('ssd', { nodeSelector: { disk: 'ssd' } }));
    c.advance(10_000);
    expect(podsOf(c, 'ssd')).toEqual([]);
    expect(status(c, 'ssd')).toMatchObject({
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
    });
    expect(c.kubectl('label node worker-2 disk=ssd').exitCode).toBe(0);
    expect(c.runUntil(() => status(c, 'ssd').numberReady === 1, { timeoutMs: 60_000 })).toBe(true);
    expect(podsOf(c, 'ssd').map(nodeOf)).toEqual(['worker-2']);
    expect(c.kubectl('label node worker-2 disk-').exitCode).toBe(0);
    // while it terminates the pod counts as misscheduled; once gone, nothing does
    let misscheduledSeen = 0;
    expect(
      c.runUntil(
        () => {
          misscheduledSeen = Math.max(misscheduledSeen, status(c, 'ssd').numberMisscheduled ?? 0);
          return podsOf(c, 'ssd').length === 0 && status(c, 'ssd').numberMisscheduled === 0;
        },
        { timeoutMs: 60_000 },
      ),
    ).toBe(true);
    expect(misscheduledSeen).toBe(1);
    expect(eventsFor(c, 'SuccessfulDelete').map((e) => [e.name, e.message.split(': ')[0]])).toEqual(
      [['ssd', 'Deleted pod']],
    );
    expect(status(c, 'ssd')).toMatchObject({
      desiredNumberScheduled: 0,
      numberMisscheduled: 0,
      numberReady: 0,
    });
  });

  it('rolls an image change one node at a time, never more than one node without an available pod', () => {
    const c = createCluster({ seed: 15, workers: 3 });
    create(c, daemonSet('agent'));
    expect(c.runUntil(() => status(c, 'agent').numberAvailable === 3, { timeoutMs: 60_000 })).toBe(
      true,
    );
    patch(c, 'agent', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.28' }] } } },
    });
    let minAvailable = 3;
    let maxDeleting = 0;
    const ok = c.runUntil(
      () => {
        const live = podsOf(c, 'agent').filter((p) => !p.metadata.deletionTimestamp);
        const availableNodes = new Set(live.filter((p) => running(p) && isReady(p)).map(nodeOf));
        minAvailable = Math.min(minAvailable, availableNodes.size);
        maxDeleting = Math.max(
          maxDeleting,
          podsOf(c, 'agent').filter((p) => p.metadata.deletionTimestamp).length,
        );
        const s = status(c, 'agent');
        return (
          s.updatedNumberScheduled === 3 && s.numberAvailable === 3 && s.observedGeneration === 2
        );
      },
      { timeoutMs: 240_000 },
    );
    expect(ok).toBe(true);
    expect(minAvailable).toBe(2);
    expect(maxDeleting).toBe(1);
    expect(podsOf(c, 'agent').map(image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    // one deletion per node, each old pod replaced in turn
    const deletes = eventsFor(c, 'SuccessfulDelete').filter((e) => e.name === 'agent');
    expect(deletes).toHaveLength(3);
    const revs = c
      .list('controllerrevision', 'default')
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([1, 2]);
  });

  it('keeps old pods with OnDelete until they are deleted', () => {
    const c = createCluster({ seed: 16, workers: 2 });
    create(c, daemonSet('agent', {}, { updateStrategy: { type: 'OnDelete' } }));
    expect(c.runUntil(() => status(c, 'agent').numberAvailable === 2, { timeoutMs: 60_000 })).toBe(
      true,
    );
    patch(c, 'agent', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.28' }] } } },
    });
    c.advance(30_000);
    expect(podsOf(c, 'agent').map(image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(status(c, 'agent').updatedNumberScheduled).toBeUndefined();
    const victim = podsOf(c, 'agent').find((p) => nodeOf(p) === 'worker-1')!;
    expect(c.kubectl(`delete pod ${victim.metadata.name}`).exitCode).toBe(0);
    expect(
      c.runUntil(
        () =>
          status(c, 'agent').updatedNumberScheduled === 1 &&
          status(c, 'agent').numberAvailable === 2,
        { timeoutMs: 60_000 },
      ),
    ).toBe(true);
    expect(
      podsOf(c, 'agent')
        .map((p) => [nodeOf(p), image(p)])
        .sort(),
    ).toEqual([
      ['worker-1', 'nginx:1.28'],
      ['worker-2', 'nginx:1.27'],
    ]);
  });
});
