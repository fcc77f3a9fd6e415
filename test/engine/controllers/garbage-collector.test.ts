import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { deploymentManifest, livePods } from './replicaset-kubelet-helpers';

/** DELETE with a propagation policy; retried on 409, which the simulated apiserver answers when
 *  the object changed between its read and its finalizer write (upstream retries internally). */
function deleteWith(c: Cluster, policy: string): number {
  for (let i = 0; i < 5; i++) {
    const r = c.request({
      method: 'DELETE',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy },
    });
    if (r.status !== 409) return r.status;
  }
  return 409;
}

function deployWeb(c: Cluster): void {
  expect(c.kubectl('apply -f -', deploymentManifest('web', 2)).exitCode).toBe(0);
  expect(c.runUntil(() => livePods(c).length === 2, { timeoutMs: 20_000 })).toBe(true);
}

describe('garbage collector', () => {
  it('Background: deletes the ReplicaSet and pods after the Deployment is gone', () => {
    const c = createCluster({ seed: 31, workers: 1 });
    deployWeb(c);
    expect(c.kubectl('delete deployment web').stdout).toBe('deployment.apps "web" deleted\n');
    expect(c.get('deployments', 'web')).toBeUndefined();
    expect(
      c.runUntil(
        () =>
          c.list('replicasets', 'default').length === 0 && c.list('pods', 'default').length === 0,
        { timeoutMs: 30_000 },
      ),
    ).toBe(true);
  });

  it('Foreground: the Deployment waits with the foregroundDeletion finalizer until its dependents are gone', () => {
    const c = createCluster({ seed: 32, workers: 1 });
    deployWeb(c);
    expect(deleteWith(c, 'Foreground')).toBe(200);
    const d = c.get('deployments', 'web')!;
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(d.metadata.deletionTimestamp).toBeDefined();
    // the Deployment outlives its ReplicaSet and pods
    let ownerOutlived = false;
    const gone = c.runUntil(
      () => {
        if (
          c.list('replicasets', 'default').length === 0 &&
          c.list('pods', 'default').length === 0 &&
          c.get('deployments', 'web')
        )
          ownerOutlived = true;
        return !c.get('deployments', 'web');
      },
      { timeoutMs: 30_000 },
    );
    expect(gone).toBe(true);
    expect(ownerOutlived).toBe(true);
    expect(c.list('replicasets', 'default')).toEqual([]);
    expect(c.list('pods', 'default')).toEqual([]);
  });

  it('Orphan: removes the owner references from the dependents, then the orphan finalizer', () => {
    const c = createCluster({ seed: 33, workers: 1 });
    deployWeb(c);
    const rsName = c.list('replicasets', 'default')[0].metadata.name!;
    expect(deleteWith(c, 'Orphan')).toBe(200);
    expect(c.runUntil(() => !c.get('deployments', 'web'), { timeoutMs: 30_000 })).toBe(true);
    c.advance(3000);
    const rs = c.get('replicasets', rsName)!;
    expect(rs.metadata.ownerReferences ?? []).toEqual([]);
    expect(livePods(c)).toHaveLength(2);
    for (const p of livePods(c))
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rsName });
  });

  it('deletes a dependent created with an owner reference to an owner that does not exist', () => {
    const c = createCluster({ seed: 34, workers: 1 });
    const r = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'leftover',
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'ghost',
              uid: '00000000-0000-0000-0000-000000000001',
            },
          ],
        },
      },
    });
    expect(r.status).toBe(201);
    expect(c.runUntil(() => !c.get('configmaps', 'leftover'), { timeoutMs: 20_000 })).toBe(true);
  });
});
