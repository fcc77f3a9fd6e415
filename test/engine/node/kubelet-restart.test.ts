// A restarted kubelet reads what containerd still runs (ListPodSandbox, PodSandboxStatus,
// ListContainers, ContainerStatus) and adopts it: no new sandboxes, no new containers, restart
// counts unchanged; sandboxes of pods deleted meanwhile are stopped and removed.
import { describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { applyFault } from '../../../src/engine';
import { cluster, createPod, statusOf } from './helpers';

const runtimeOf = (c: Cluster, node: string) =>
  c.kubelets.find((k) => k.options.name === node)!.options.runtime!;

interface StatusView {
  podIP: string;
  containerStatuses: {
    containerID: string;
    restartCount: number;
    lastState: { terminated?: { exitCode: number } };
  }[];
}
const statusView = (c: Cluster, name: string) =>
  c.get('pods', name)!.status as unknown as StatusView;

/** Kills a kubelet, waits, starts it again; returns the time it came back. */
function restartKubelet(c: Cluster, node: string, downMs = 5000): number {
  applyFault(c, { op: 'kill', component: `kubelet@${node}` });
  c.advance(downMs);
  applyFault(c, { op: 'restart', component: `kubelet@${node}` });
  return c.now();
}

/** The CRI methods a kubelet called since `from`, in order (node-level Status polls left out). */
function criCalls(c: Cluster, node: string, from: number): string[] {
  return c
    .hops()
    .filter(
      (h) =>
        h.from === `kubelet@${node}` &&
        h.to === `containerd@${node}` &&
        h.sentAt >= from &&
        !['Status', 'UpdateRuntimeConfig'].includes(h.verb),
    )
    .map((h) => h.summary);
}

describe('a restarted kubelet adopts the running containers', () => {
  it('keeps the running container, its ID, pod IP and restart count, starting nothing new', () => {
    const c = cluster();
    createPod(c, 'web', { containers: [{ name: 'app', image: 'nginx' }] });
    c.advance(10_000);
    const before = statusView(c, 'web');
    const from = restartKubelet(c, 'worker-1');
    c.advance(30_000);
    expect(criCalls(c, 'worker-1', from)).toEqual([
      'ListPodSandbox default/web',
      'ListPodSandbox worker-1',
      'PodSandboxStatus default/web',
      'ListContainers default/web',
      'ContainerStatus default/web',
    ]);
    const after = statusView(c, 'web');
    expect(after.podIP).toBe(before.podIP);
    expect(after.containerStatuses[0].containerID).toBe(before.containerStatuses[0].containerID);
    expect(after.containerStatuses[0].restartCount).toBe(0);
    expect(statusOf(c, 'web')).toBe('Running');
    expect(
      runtimeOf(c, 'worker-1')
        .listContainers()
        .map((x) => [x.name, x.state, x.attempt]),
    ).toEqual([['app', 'CONTAINER_RUNNING', 0]]);
  });

  it('keeps the restart count and last state of a container that had crashed', () => {
    const c = cluster();
    createPod(c, 'crashy', { containers: [{ name: 'app', image: 'nginx' }] });
    c.advance(10_000);
    applyFault(c, { op: 'crash', pod: 'default/crashy', exitCode: 3 });
    c.advance(20_000);
    const before = statusView(c, 'crashy').containerStatuses[0];
    expect(before.restartCount).toBe(1);
    const from = restartKubelet(c, 'worker-1');
    c.advance(30_000);
    const after = statusView(c, 'crashy').containerStatuses[0];
    expect(after.restartCount).toBe(1);
    expect(after.containerID).toBe(before.containerID);
    expect(after.lastState.terminated?.exitCode).toBe(3);
    expect(
      criCalls(c, 'worker-1', from).filter((s) => /^(RunPodSandbox|Create|Start)/.test(s)),
    ).toEqual([]);
  });

  it('stops and removes the sandbox of a pod deleted while the kubelet was down', () => {
    const c = cluster();
    createPod(c, 'gone', { containers: [{ name: 'app', image: 'nginx' }] });
    createPod(c, 'stays', { containers: [{ name: 'app', image: 'nginx' }] });
    c.advance(10_000);
    applyFault(c, { op: 'kill', component: 'kubelet@worker-1' });
    c.kubectl('delete pod gone --grace-period=0 --force');
    c.advance(5000);
    const from = c.now();
    applyFault(c, { op: 'restart', component: 'kubelet@worker-1' });
    c.advance(30_000);
    expect(criCalls(c, 'worker-1', from).filter((s) => s.includes('gone'))).toEqual([
      'StopPodSandbox default/gone',
      'RemovePodSandbox default/gone',
    ]);
    const running = runtimeOf(c, 'worker-1')
      .listContainers()
      .filter((x) => x.state === 'CONTAINER_RUNNING');
    expect(running).toHaveLength(1);
    expect(statusOf(c, 'stays')).toBe('Running');
  });

  it('adopts the static control-plane pods without starting a second etcd or apiserver', () => {
    const c = cluster();
    const from = restartKubelet(c, 'control-plane-1');
    c.advance(30_000);
    expect(
      runtimeOf(c, 'control-plane-1')
        .listContainers()
        .map((x) => `${x.name} ${x.state} ${x.attempt}`)
        .sort(),
    ).toEqual([
      'etcd CONTAINER_RUNNING 0',
      'kube-apiserver CONTAINER_RUNNING 0',
      'kube-controller-manager CONTAINER_RUNNING 0',
      'kube-scheduler CONTAINER_RUNNING 0',
    ]);
    expect(
      criCalls(c, 'control-plane-1', from).filter((s) => s.startsWith('RunPodSandbox')),
    ).toEqual([]);
    const rows = c.kubectl('get pods -n kube-system --no-headers').stdout.trim().split('\n');
    expect(rows.map((r) => r.split(/\s+/).slice(1, 4).join(' '))).toEqual(
      Array(4).fill('1/1 Running 0'),
    );
  });
});
