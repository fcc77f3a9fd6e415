// Pod addresses come from the node's spec.podCIDR, which the controller-manager's node IPAM
// assigns; until the kubelet has handed it to containerd the node is NotReady and only
// host-network pods can start.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster, KubeObject } from '../../../src/engine';
import { createPod, events } from './helpers';

const NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

const podCIDR = (c: Cluster, node: string) =>
  (c.get('nodes', node, '')!.spec as { podCIDR?: string }).podCIDR;
const podIP = (c: Cluster, name: string) =>
  (c.get('pods', name)?.status as { podIP?: string })?.podIP;
const readyOf = (node: KubeObject | undefined) =>
  ((node?.status as { conditions?: Record<string, string>[] })?.conditions ?? []).find(
    (x) => x.type === 'Ready',
  );

/** Whether `ip` lies in the /24 `cidr`. */
function inside(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  expect(bits).toBe('24');
  return ip.split('.').slice(0, 3).join('.') === base.split('.').slice(0, 3).join('.');
}

describe("pod IPs from the node's podCIDR", () => {
  it('gives each node a /24 of 10.244.0.0/16 in registration order', () => {
    const c = createCluster({ seed: 7, workers: 2, addons: false });
    expect(['control-plane-1', 'worker-1', 'worker-2'].map((n) => podCIDR(c, n)).sort()).toEqual([
      '10.244.0.0/24',
      '10.244.1.0/24',
      '10.244.2.0/24',
    ]);
    expect(c.get('nodes', 'worker-1', '')!.spec).toMatchObject({
      podCIDRs: [podCIDR(c, 'worker-1')],
    });
  });

  it('assigns pod IPs inside the spec.podCIDR of the node the pod runs on', () => {
    const c = createCluster({ seed: 7, workers: 2, addons: false });
    const pods = [
      ['a', 'worker-1'],
      ['b', 'worker-1'],
      ['c', 'worker-2'],
    ];
    for (const [name, node] of pods)
      createPod(c, name, { containers: [{ name: 'web', image: 'nginx' }] }, node);
    c.runUntil((x) => pods.every(([name]) => podIP(x, name) !== undefined), { timeoutMs: 20_000 });
    for (const [name, node] of pods) expect(inside(podIP(c, name)!, podCIDR(c, node)!)).toBe(true);
    // host-local hands out .2, .3 … on each node's bridge (cni0 has .1)
    expect(podIP(c, 'a')!.split('.')[3]).toBe('2');
    expect(podIP(c, 'b')!.split('.')[3]).toBe('3');
  });

  it('hands the podCIDR to containerd through CRI UpdateRuntimeConfig after the node IPAM patch', () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false });
    const hops = c.hops();
    const patch = hops.findIndex(
      (h) =>
        h.from === 'kube-controller-manager@control-plane-1' &&
        h.verb === 'PATCH' &&
        h.resource === '/api/v1/nodes/worker-1',
    );
    const update = hops.findIndex(
      (h) => h.to === 'containerd@worker-1' && h.verb === 'UpdateRuntimeConfig',
    );
    expect(patch).toBeGreaterThanOrEqual(0);
    expect(update).toBeGreaterThan(patch);
    const reply = hops.find(
      (h) => h.from === 'containerd@worker-1' && h.verb === 'UpdateRuntimeConfig',
    );
    expect(reply?.summary).toBe(`UpdateRuntimeConfig: podCIDR ${podCIDR(c, 'worker-1')}`);
  });

  it('registers the node NotReady with the runtime network error until the podCIDR is set', () => {
    const c = createCluster({ seed: 7, workers: 1, addons: false, boot: 'watch' });
    expect(c.isBooted()).toBe(false);
    c.runUntil((x) => x.get('nodes', 'worker-1', '') !== undefined, { timeoutMs: 60_000 });
    const registered = c.get('nodes', 'worker-1', '')!;
    expect(readyOf(registered)).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
      message: NOT_READY,
    });
    // a pod that needs the pod network waits (once RBAC's bootstrap policy lets us create it)
    c.runUntil((x) => x.apiServers.every((a) => a.bootstrapDone), { timeoutMs: 60_000 });
    createPod(c, 'web', { containers: [{ name: 'web', image: 'nginx' }] });
    c.advance(200);
    expect(events(c, 'web')[0]).toEqual({
      reason: 'NetworkNotReady',
      message: `network is not ready: ${NOT_READY}`,
      count: 1,
    });
    expect(c.runUntil((x) => x.isBooted(), { timeoutMs: 60_000 })).toBe(true);
    expect(readyOf(c.get('nodes', 'worker-1', ''))).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    c.runUntil((x) => podIP(x, 'web') !== undefined, { timeoutMs: 20_000 });
    expect(inside(podIP(c, 'web')!, podCIDR(c, 'worker-1')!)).toBe(true);
  });

  it('gives a node that joins later the next /24 and its pods addresses from it', () => {
    const c = createCluster({ seed: 7, workers: 3, addons: false, boot: 'watch' });
    // worker-2's kubelet is not running while the others join
    c.fail('kubelet@worker-2');
    c.runUntil(
      (x) =>
        ['control-plane-1', 'worker-1', 'worker-3'].every(
          (n) => readyOf(x.get('nodes', n, ''))?.status === 'True',
        ),
      { timeoutMs: 60_000 },
    );
    expect(c.get('nodes', 'worker-2', '')).toBeUndefined();
    c.recover('kubelet@worker-2');
    expect(c.runUntil((x) => x.isBooted(), { timeoutMs: 60_000 })).toBe(true);
    expect(podCIDR(c, 'worker-2')).toBe('10.244.3.0/24');
    createPod(c, 'late', { containers: [{ name: 'web', image: 'nginx' }] }, 'worker-2');
    c.runUntil((x) => podIP(x, 'late') !== undefined, { timeoutMs: 20_000 });
    expect(podIP(c, 'late')).toBe('10.244.3.2');
  });
});
