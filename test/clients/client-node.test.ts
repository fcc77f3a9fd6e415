import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningApi } from './support/api-server';
import { startApi } from './support/api-server';

let api: RunningApi;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  api = await startApi(['--speed', '5']);
  kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfig);
});
afterAll(async () => {
  await api?.stop();
});

const pod = (name: string): k8s.V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'demo' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
});

function statusCode(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

describe('@kubernetes/client-node against the simulated apiserver', () => {
  it('creates, reads, lists, updates and deletes a pod', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    // No scheduler picks this pod up, so nothing but this test writes it.
    const quiet = pod('client-node');
    quiet.spec!.schedulerName = 'no-such-scheduler';
    const created = await core.createNamespacedPod({ namespace: 'default', body: quiet });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await core.readNamespacedPod({ namespace: 'default', name: 'client-node' });
    expect(read.status?.phase).toBe('Pending');
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=demo' });
    expect(list.items.map((p) => p.metadata?.name)).toContain('client-node');

    read.metadata!.labels = { app: 'demo', updated: 'yes' };
    const updated = await core.replaceNamespacedPod({
      namespace: 'default',
      name: 'client-node',
      body: read,
    });
    expect(updated.metadata?.labels?.updated).toBe('yes');

    // The copy we read before the update is now stale: 409.
    const stale = { ...read, metadata: { ...read.metadata, labels: { app: 'stale' } } };
    const conflict = await core
      .replaceNamespacedPod({ namespace: 'default', name: 'client-node', body: stale })
      .catch((e: unknown) => e);
    expect(statusCode(conflict)).toBe(409);

    await core.deleteNamespacedPod({ namespace: 'default', name: 'client-node' });
    const gone = await core
      .readNamespacedPod({ namespace: 'default', name: 'client-node' })
      .catch((e: unknown) => e);
    expect(statusCode(gone)).toBe(404);
  });

  it('creates and scales a deployment', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'demo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'demo' } },
          template: {
            metadata: { labels: { app: 'demo' } },
            spec: { containers: [{ name: 'app', image: 'nginx' }] },
          },
        },
      },
    });
    const d = await apps.readNamespacedDeployment({ namespace: 'default', name: 'demo' });
    expect(d.spec?.strategy?.rollingUpdate?.maxSurge).toBe('25%');
    d.spec!.replicas = 2;
    const replaced = await apps.replaceNamespacedDeployment({
      namespace: 'default',
      name: 'demo',
      body: d,
    });
    expect(replaced.spec?.replicas).toBe(2);
    expect(replaced.metadata?.generation).toBe(2);
    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'demo' });
  });

  it('watches pods and sees ADDED then DELETED', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const done = new Promise<void>((resolve) => {
      void watch
        .watch(
          '/api/v1/namespaces/default/pods',
          { labelSelector: 'app=watched' },
          (type: string, obj: k8s.V1Pod) => {
            seen.push(`${type} ${obj.metadata?.name}`);
            if (type === 'DELETED') resolve();
          },
          () => undefined,
        )
        .then((req) => {
          void done.then(() => req.abort());
        });
    });
    await new Promise((r) => setTimeout(r, 300));
    await core.createNamespacedPod({
      namespace: 'default',
      body: { ...pod('watched'), metadata: { name: 'watched', labels: { app: 'watched' } } },
    });
    await core.deleteNamespacedPod({ namespace: 'default', name: 'watched' });
    await done;
    // In between, the scheduler and the kubelet modify it (binding, status).
    expect(seen[0]).toBe('ADDED watched');
    expect(seen.at(-1)).toBe('DELETED watched');
    expect(seen.slice(1, -1).every((e) => e === 'MODIFIED watched')).toBe(true);
  });
});
