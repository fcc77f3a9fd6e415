// Regression tests for two schedules the invariant fuzzer found: a pod status write lost while
// the apiserver (or its etcd) was down must be sent again by the kubelet's status manager.
import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { applyFault, createCluster } from '../../../src/engine';
import { statusOf } from './helpers';

/** Advances the clock in 100 ms steps until `done()` or `limitMs` pass; returns the ms taken. */
function waitFor(c: Cluster, done: () => boolean, limitMs: number): number {
  const start = c.now();
  while (!done() && c.now() - start < limitMs) c.advance(100);
  return c.now() - start;
}

describe('pod status after the apiserver or etcd comes back', () => {
  it('the kube-proxy pod of a control plane whose apiserver was killed at boot reaches Running', () => {
    // fast-check seed 2121834482, path "0": 3 control planes, 5 workers, cluster seed 5
    const c = createCluster({ seed: 5, controlPlaneNodes: 3, workers: 5 });
    applyFault(c, { op: 'kill', component: 'kube-apiserver@control-plane-2' });
    c.advance(1000);
    applyFault(c, { op: 'restart', component: 'kube-apiserver@control-plane-2' });
    const proxy = () =>
      c
        .list('pods', 'kube-system')
        .find(
          (p) =>
            p.metadata.name!.startsWith('kube-proxy-') &&
            (p.spec as { nodeName?: string }).nodeName === 'control-plane-2',
        );
    const running = () => {
      const pod = proxy();
      return pod !== undefined && statusOf(c, pod.metadata.name!, 'kube-system') === 'Running';
    };
    // the lost write is sent again by the next syncBatch (every 10 s)
    const took = waitFor(c, running, 30_000);
    expect(running()).toBe(true);
    expect(took).toBeLessThanOrEqual(11_000);
  });

  it('a Deployment rolled out just before its only etcd member is killed ends with every replica ready', () => {
    // fast-check seed 20261121, path "4": 1 control plane, 5 workers, cluster seed 918754
    const c = createCluster({ seed: 918754, controlPlaneNodes: 1, workers: 5 });
    c.kubectl('create deployment web --image=nginx --replicas=3');
    c.advance(1000);
    c.kubectl('rollout restart deployment web');
    c.advance(1000);
    applyFault(c, { op: 'kill', component: 'etcd@control-plane-1' });
    c.advance(1000);
    applyFault(c, { op: 'restart', component: 'etcd@control-plane-1' });
    const deployment = () => c.get('deployments', 'web', 'default');
    const status = () => deployment()?.status as Record<string, number> | undefined;
    // Three ready pods is not the end: with maxSurge 1 a fourth, updated pod may still be
    // starting. Wait for what kubectl rollout status waits for (rollout_status.go
    // DeploymentStatusViewer): the restart observed, every replica updated and available, no
    // old replica left (status.replicas counts every non-terminating pod of the Deployment).
    const rolledOut = () =>
      (status()?.observedGeneration ?? 0) >= (deployment()?.metadata.generation ?? 1) &&
      ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'].every(
        (k) => status()?.[k] === 3,
      );
    const took = waitFor(c, rolledOut, 120_000);
    expect(status()).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3 });
    expect(took).toBeLessThanOrEqual(60_000);
    expect(
      c
        .list('pods', 'default')
        .filter((p) => !p.metadata.deletionTimestamp)
        .map((p) => statusOf(c, p.metadata.name!)),
    ).toEqual(['Running', 'Running', 'Running']);
  });

  it('a status write refused while etcd is down is retried every 10 s until it succeeds', () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false });
    c.kubectl('run solo --image=nginx');
    c.advance(200);
    applyFault(c, { op: 'kill', component: 'etcd@control-plane-1' });
    c.advance(25_000);
    applyFault(c, { op: 'restart', component: 'etcd@control-plane-1' });
    c.advance(30_000);
    const path = '/api/v1/namespaces/default/pods/solo/status';
    const writes = c.hops().filter((h) => h.from === 'kubelet@worker-1' && h.resource === path);
    const answers = c.hops().filter((h) => h.to === 'kubelet@worker-1' && h.resource === path);
    // ContainerCreating written, the Running write refused, then syncBatch's retries
    expect(answers.map((h) => h.verb)).toEqual(['200', '500', '500', '500', '200']);
    const retries = writes.slice(2).map((h) => h.sentAt);
    expect(retries.slice(1).map((t, i) => t - retries[i])).toEqual([10_000, 10_000]);
    expect(statusOf(c, 'solo')).toBe('Running');
    expect(
      (
        c.get('pods', 'solo', 'default')?.status as {
          conditions: { type: string; status: string }[];
        }
      ).conditions.find((x) => x.type === 'Ready')?.status,
    ).toBe('True');
  });
});
