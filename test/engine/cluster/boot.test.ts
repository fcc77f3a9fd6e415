// The control plane boots as kubeadm's does: systemd starts containerd and the kubelet, the
// kubelet runs the static pods of /etc/kubernetes/manifests through the CRI, each component
// starts when its container does, and the add-ons follow once the apiserver answers.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster, Hop } from '../../../src/engine';
import { podStatusCells } from '../../../src/engine/api/printers/pod';
import type { Pod } from 'kubernetes-types/core/v1';

const CP = 'control-plane-1';
const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** When containerd answered StartContainer for the component's static pod. */
function containerStarted(c: Cluster, component: string): Hop | undefined {
  return c
    .hops()
    .find(
      (h) =>
        h.from === `containerd@${CP}` &&
        h.verb === 'StartContainer' &&
        h.resource === `pod/kube-system/${component}-${CP}` &&
        h.outcome === 'delivered',
    );
}

const processUp = (c: Cluster, id: string) =>
  c
    .components()
    .find((p) => p.id === id)!
    .isUp();
const mirrorStatus = (c: Cluster, component: string) => {
  const pod = c.get('pods', `${component}-${CP}`, 'kube-system');
  return pod ? podStatusCells(pod as unknown as Pod, c.sim.wallTime()).status : '<none>';
};
const restarts = (c: Cluster, component: string) =>
  (
    c.get('pods', `${component}-${CP}`, 'kube-system')?.status as {
      containerStatuses?: { restartCount: number }[];
    }
  )?.containerStatuses?.[0]?.restartCount;

describe('booting a control plane', () => {
  it("returns at t=0 with only systemd's units running when asked to let the boot be watched", () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false, boot: 'watch' });
    expect(c.now()).toBe(0);
    expect(c.isBooted()).toBe(false);
    for (const name of COMPONENTS) expect(processUp(c, `${name}@${CP}`)).toBe(false);
    for (const id of [`kubelet@${CP}`, `containerd@${CP}`, 'kubelet@worker-1'])
      expect(processUp(c, id)).toBe(true);
    expect(c.runUntil((x) => x.isBooted(), { timeoutMs: 60_000 })).toBe(true);
    for (const name of COMPONENTS) expect(processUp(c, `${name}@${CP}`)).toBe(true);
  });

  it('runs each static pod through the CRI with host networking and no image pull', () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false });
    for (const name of COMPONENTS) {
      const verbs = c
        .hops()
        .filter(
          (h) =>
            h.from === `kubelet@${CP}` &&
            h.to === `containerd@${CP}` &&
            h.resource === `pod/kube-system/${name}-${CP}`,
        )
        .map((h) => h.verb);
      expect(verbs).toEqual(['RunPodSandbox', 'ImageStatus', 'CreateContainer', 'StartContainer']);
    }
    const sandbox = c
      .hops()
      .find((h) => h.from === `containerd@${CP}` && h.verb === 'RunPodSandbox')!;
    // host network: no CNI ADD, the pod's address is the node's
    expect(c.hops().some((h) => h.to === `cni@${CP}`)).toBe(false);
    expect(sandbox.summary).toMatch(/^RunPodSandbox: sandbox [0-9a-f]{13} $/);
  });

  it('starts etcd first, then the apiserver, then the controller-manager and the scheduler', () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false });
    const at = Object.fromEntries(COMPONENTS.map((n) => [n, containerStarted(c, n)!.seq]));
    expect(at.etcd).toBeLessThan(at['kube-apiserver']);
    expect(at['kube-apiserver']).toBeLessThan(at['kube-controller-manager']);
    expect(at['kube-apiserver']).toBeLessThan(at['kube-scheduler']);
    // each component sends its first message only once its container has started
    for (const name of COMPONENTS.slice(1)) {
      const first = c.hops().find((h) => h.from === `${name}@${CP}`)!;
      expect(first.sentAt).toBeGreaterThanOrEqual(containerStarted(c, name)!.sentAt);
    }
    // the apiserver waits for etcd: its first reads are answered only once etcd has a leader
    const firstMirror = c
      .hops()
      .find(
        (h) => h.from === `kubelet@${CP}` && h.verb === 'POST' && h.resource.endsWith('/pods'),
      )!;
    expect(firstMirror.seq).toBeGreaterThan(at['kube-apiserver']);
    const registered = c
      .hops()
      .find(
        (h) => h.from === `kube-apiserver@${CP}` && h.to === `kubelet@${CP}` && h.verb === '201',
      )!;
    expect(registered.seq).toBeGreaterThan(at['kube-apiserver']);
  });

  it('lists the control plane, kube-proxy and CoreDNS in kube-system as a kubeadm cluster does', () => {
    const c = createCluster({ seed: 4, workers: 2 });
    c.advance(30_000);
    const rows = c
      .kubectl('get pods -n kube-system')
      .stdout.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/));
    const names = rows.map((r) => r[0]);
    expect(names.filter((n) => n.endsWith(`-${CP}`))).toEqual(COMPONENTS.map((n) => `${n}-${CP}`));
    expect(names.filter((n) => /^kube-proxy-[a-z0-9]{5}$/.test(n))).toHaveLength(3);
    expect(names.filter((n) => /^coredns-[a-z0-9]{8,10}-[a-z0-9]{5}$/.test(n))).toHaveLength(2);
    expect(names).toHaveLength(9);
    for (const r of rows) expect(r.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });

  it('restarts a static pod whose container was killed, and its component with it', () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false });
    c.advance(5_000);
    const runtime = c.kubelets[0].options.runtime!;
    expect(runtime.crashContainer('kube-system', `kube-scheduler-${CP}`, 'kube-scheduler', 2)).toBe(
      true,
    );
    expect(processUp(c, `kube-scheduler@${CP}`)).toBe(false);
    expect(c.runUntil((x) => processUp(x, `kube-scheduler@${CP}`), { timeoutMs: 5_000 })).toBe(
      true,
    );
    c.advance(1_000);
    expect(restarts(c, 'kube-scheduler')).toBe(1);
    expect(mirrorStatus(c, 'kube-scheduler')).toBe('Running');
  });

  it('shows a killed component crash-looping under the kubelet until it is recovered', () => {
    const c = createCluster({ seed: 4, workers: 1, addons: false });
    c.advance(5_000);
    c.fail(`kube-scheduler@${CP}`);
    // the shim notices within a second; every restart of the broken binary crashes
    c.advance(40_000);
    expect(processUp(c, `kube-scheduler@${CP}`)).toBe(false);
    expect(mirrorStatus(c, 'kube-scheduler')).toMatch(/^(CrashLoopBackOff|Error)$/);
    expect(restarts(c, 'kube-scheduler')).toBeGreaterThanOrEqual(2);
    c.recover(`kube-scheduler@${CP}`);
    expect(processUp(c, `kube-scheduler@${CP}`)).toBe(true);
    expect(
      c.runUntil((x) => mirrorStatus(x, 'kube-scheduler') === 'Running', { timeoutMs: 320_000 }),
    ).toBe(true);
    expect(processUp(c, `kube-scheduler@${CP}`)).toBe(true);
  });
});
