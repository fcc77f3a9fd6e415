import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import type { Cluster, KubeObject } from '../../../src/engine';
import { applyFault } from '../../../src/engine/cluster/faults';
import { Containerd } from '../../../src/engine/node/runtime';
import { deployWeb, isReady, nodeOf, podsOf } from './helpers';

function containerStatus(pod: KubeObject) {
  return (pod as unknown as Pod).status?.containerStatuses?.[0];
}

function runtimeOf(c: Cluster, node: string): Containerd {
  const p = c.components().find((x) => x.id === `containerd@${node}`);
  if (!(p instanceof Containerd)) throw new Error(`no containerd on ${node}`);
  return p;
}

function staticPod(c: Cluster, component: string): KubeObject | undefined {
  return c.get('pods', `${component}-control-plane-1`, 'kube-system');
}

describe('a worker power-cycled (a reboot)', () => {
  it('loses its containers and the kubelet re-creates them for the pods still bound to it', () => {
    const c = createCluster({ seed: 91, workers: 1 });
    deployWeb(c, 'web', 2);
    expect(c.runUntil(() => podsOf(c, 'web').every(isReady), { timeoutMs: 60_000 })).toBe(true);
    const before = podsOf(c, 'web').map((p) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      ip: (p as unknown as Pod).status?.podIP,
      containerID: containerStatus(p)?.containerID,
    }));
    expect(before.every((p) => p.containerID?.startsWith('containerd://'))).toBe(true);

    applyFault(c, { op: 'power-off', node: 'worker-1' });
    c.advance(20_000); // back before the 50 s grace period: nothing is evicted
    expect(c.iptablesSave('worker-1')).toContain('-A KUBE-SERVICES');
    applyFault(c, { op: 'power-on', node: 'worker-1' });
    const poweredOnAt = c.now();
    // the kernel's rules are gone until kube-proxy has synced again
    expect(c.iptablesSave('worker-1')).not.toContain('KUBE-SERVICES');

    expect(
      c.runUntil(
        () => podsOf(c, 'web').every((p) => isReady(p) && containerStatus(p)?.restartCount === 1),
        { timeoutMs: 60_000 },
      ),
    ).toBe(true);
    const after = podsOf(c, 'web');
    // the same pods, still on worker-1, with new containers
    expect(after.map((p) => p.metadata.uid).sort()).toEqual(before.map((p) => p.uid).sort());
    expect(after.map(nodeOf)).toEqual(['worker-1', 'worker-1']);
    for (const pod of after) {
      const was = before.find((p) => p.uid === pod.metadata.uid)!;
      const status = containerStatus(pod)!;
      expect(status.containerID).not.toBe(was.containerID);
      expect(status.state?.running).toBeDefined();
      // containerd's recovery: the vanished task exited 255 "Unknown" when containerd came back
      expect(status.lastState?.terminated).toMatchObject({
        exitCode: 255,
        reason: 'Unknown',
        containerID: was.containerID,
      });
      expect(status.lastState!.terminated!.finishedAt).toBe(c.sim.timestamp(poweredOnAt));
    }
    const changed = c
      .list('events')
      .map(
        (e) =>
          e as unknown as { reason?: string; message?: string; involvedObject: { name: string } },
      )
      .filter((e) => e.reason === 'SandboxChanged')
      .map((e) => [e.involvedObject.name, e.message]);
    expect(changed).toEqual(
      expect.arrayContaining(
        before.map((p) => [p.name, 'Pod sandbox changed, it will be killed and re-created.']),
      ),
    );
    expect(c.iptablesSave('worker-1')).toContain('-A KUBE-SERVICES');
    // the runtime keeps the dead attempt next to the running one
    const nginx = runtimeOf(c, 'worker-1')
      .listContainers()
      .filter((x) => x.name === 'nginx');
    expect(nginx.map((x) => [x.attempt, x.state, x.exitCode]).sort()).toEqual([
      [0, 'CONTAINER_EXITED', 255],
      [0, 'CONTAINER_EXITED', 255],
      [1, 'CONTAINER_RUNNING', 0],
      [1, 'CONTAINER_RUNNING', 0],
    ]);
    // and each pod's lost sandbox next to its new one, the next attempt (computePodActions)
    const sandboxes = runtimeOf(c, 'worker-1')
      .listPodSandboxes()
      .filter((s) => s.metadata.name.startsWith('web-'));
    expect(sandboxes.map((s) => [s.metadata.attempt, s.state]).sort()).toEqual([
      [0, 'SANDBOX_NOTREADY'],
      [0, 'SANDBOX_NOTREADY'],
      [1, 'SANDBOX_READY'],
      [1, 'SANDBOX_READY'],
    ]);
  });
});

describe('a pod that never restarts, on a worker power-cycled', () => {
  it('is not given a new sandbox: it fails with its container exited 255 "Unknown"', () => {
    const c = createCluster({ seed: 93, workers: 1 });
    c.kubectl('run once --image=nginx:1.27 --restart=Never');
    const once = () => c.get('pods', 'once')!;
    expect(c.runUntil(() => isReady(once()), { timeoutMs: 60_000 })).toBe(true);
    applyFault(c, { op: 'power-off', node: 'worker-1' });
    c.advance(20_000);
    applyFault(c, { op: 'power-on', node: 'worker-1' });
    expect(
      c.runUntil(() => (once() as unknown as Pod).status?.phase === 'Failed', {
        timeoutMs: 60_000,
      }),
    ).toBe(true);
    const status = containerStatus(once())!;
    expect(status.restartCount).toBe(0);
    expect(status.state?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(
      runtimeOf(c, 'worker-1')
        .listContainers()
        .filter((x) => x.name === 'once')
        .map((x) => x.state),
    ).toEqual(['CONTAINER_EXITED']);
  });
});

describe('a control-plane node power-cycled', () => {
  it('comes back through its static pods: each component restarts once', () => {
    const c = createCluster({ seed: 92, workers: 1 });
    applyFault(c, { op: 'power-off', node: 'control-plane-1' });
    c.advance(20_000);
    // a machine that is off answers nothing: the connection times out
    expect(c.kubectl('get nodes').stderr).toBe(
      'Unable to connect to the server: dial tcp 10.0.0.11:6443: i/o timeout\n',
    );
    applyFault(c, { op: 'power-on', node: 'control-plane-1' });
    // the machine boots: the components wait for the kubelet to start their containers
    expect(c.apiServers[0].isUp()).toBe(false);
    expect(c.runUntil(() => c.isBooted(), { timeoutMs: 120_000 })).toBe(true);
    expect(
      c.runUntil(
        () =>
          ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].every(
            (k) => containerStatus(staticPod(c, k)!)?.restartCount === 1,
          ),
        { timeoutMs: 60_000 },
      ),
    ).toBe(true);
    expect(containerStatus(staticPod(c, 'etcd')!)?.lastState?.terminated).toMatchObject({
      exitCode: 255,
      reason: 'Unknown',
    });
    expect(c.kubectl('get nodes').exitCode).toBe(0);
  });
});
