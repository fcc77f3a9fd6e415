import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { curl, deployWeb, nodeCondition, podsOf, readyPods } from './helpers';

describe('kube-apiserver down on a single control plane', () => {
  const c = createCluster({ seed: 31, workers: 2 });
  deployWeb(c, 'web', 2);
  c.advance(30_000);
  const client = readyPods(c, 'web')[0];
  applyFault(c, { op: 'kill', component: 'kube-apiserver@control-plane-1' });

  it('refuses kubectl with the real message', () => {
    expect(c.kubectl('get pods')).toEqual({
      stdout: '',
      stderr:
        'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
      exitCode: 1,
    });
  });

  it('leaves running pods running and serving, by Service name and by IP', () => {
    c.advance(120_000);
    expect(curl(c, client, 'http://web')).toBe('HTTP 200');
    const other = podsOf(c, 'web').find((p) => p !== client)!;
    expect(curl(c, client, `http://${(other.status as { podIP: string }).podIP}`)).toBe('HTTP 200');
    for (const w of ['worker-1', 'worker-2']) {
      const containers = c.components().find((p) => p.id === `containerd@${w}`) as unknown as {
        listContainers(): { state: string; name: string }[];
      };
      expect(containers.listContainers().filter((x) => x.name === 'nginx')[0]?.state).toBe(
        'CONTAINER_RUNNING',
      );
    }
  });

  it('lets controllers, scheduler and kubelets resume when it returns', () => {
    applyFault(c, { op: 'restart', component: 'kube-apiserver@control-plane-1' });
    expect(c.runUntil(() => c.kubectl('get nodes').exitCode === 0, { timeoutMs: 30_000 })).toBe(
      true,
    );
    // the nodes never went Unknown: the node controller had no apiserver to act through and
    // gives kubelets a fresh grace period once it hears from them again
    for (const w of ['worker-1', 'worker-2']) {
      expect(nodeCondition(c, w, 'Ready')?.status).toBe('True');
    }
    expect(c.kubectl('scale deployment web --replicas=4').exitCode).toBe(0);
    expect(c.runUntil(() => readyPods(c, 'web').length === 4, { timeoutMs: 60_000 })).toBe(true);
  });
});

describe('kube-apiserver down on one of three control planes', () => {
  it('causes no outage: the load balancer sends kubectl to the others', () => {
    const c = createCluster({ seed: 32, workers: 2, controlPlaneNodes: 3 });
    deployWeb(c, 'web', 2);
    c.advance(30_000);
    applyFault(c, { op: 'kill', component: 'kube-apiserver@control-plane-1' });
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(c.kubectl('get deployment web -o name'));
      c.advance(1_000);
    }
    expect(results.map((r) => r.stdout)).toEqual(Array(6).fill('deployment.apps/web\n'));
    expect(c.kubectl('scale deployment web --replicas=3').exitCode).toBe(0);
    expect(c.runUntil(() => readyPods(c, 'web').length === 3, { timeoutMs: 60_000 })).toBe(true);
    expect(c.loadBalancer?.inRotation()).toEqual([
      'kube-apiserver@control-plane-2',
      'kube-apiserver@control-plane-3',
    ]);
  });
});
