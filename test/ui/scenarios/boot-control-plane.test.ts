import { describe, expect, it } from 'vitest';

import {
  addonPods,
  allNodesReady,
  bootControlPlane,
  mirrorPods,
  staticPodStarts,
} from '../../../src/scenarios/boot-control-plane';
import { runScenario } from './run-scenario';

describe('the boot-control-plane walkthrough on the live simulation', () => {
  it('boots from the static pods to Ready nodes, each stage reached by the simulation in order', () => {
    const { store, steps } = runScenario(bootControlPlane, { predict: () => 1 });
    const c = store.cluster;
    expect(steps.map((s) => s.id)).toEqual(bootControlPlane.steps.map((s) => s.id));
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    // the walkthrough starts with the machines: the static pods start in the first 100 ms
    expect(at['static-pods']).toBeLessThan(200);
    const ids = steps.map((s) => s.id);
    for (let i = 1; i < ids.length; i++) expect(at[ids[i]]).toBeGreaterThanOrEqual(at[ids[i - 1]]);
    expect(c.isBooted()).toBe(true);

    // the four static pods were started together; their mirror pods are in the API
    const starts = Object.values(staticPodStarts(c)) as number[];
    expect(starts).toHaveLength(4);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(50);
    expect(mirrorPods(c)).toEqual([
      'etcd-control-plane-1',
      'kube-apiserver-control-plane-1',
      'kube-controller-manager-control-plane-1',
      'kube-scheduler-control-plane-1',
    ]);

    // pod CIDRs, Ready nodes, kube-proxy everywhere, CoreDNS on the workers
    const nodes = c.list('nodes') as unknown as {
      metadata: { name: string };
      spec: { podCIDR?: string };
    }[];
    expect(Object.fromEntries(nodes.map((n) => [n.metadata.name, n.spec.podCIDR]))).toEqual({
      'control-plane-1': '10.244.0.0/24',
      'worker-1': '10.244.1.0/24',
      'worker-2': '10.244.2.0/24',
    });
    expect(allNodesReady(c)).toBe(true);
    expect(
      addonPods(c, 'kube-proxy')
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(['control-plane-1', 'worker-1', 'worker-2']);
    expect(
      addonPods(c, 'kube-dns')
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(['worker-1', 'worker-2']);

    const get = store.getState().terminal.at(-1)!;
    expect(get.shown).toBe('kubectl get pods -n kube-system -o wide');
    const rows = get.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+/);
    expect(rows.slice(1)).toHaveLength(9);
    for (const name of mirrorPods(c))
      expect(rows.find((r) => r.startsWith(`${name} `))).toMatch(
        /\s0\/1\s+Running\s+0\s+\d+s\s+10\.0\.0\.11\s+control-plane-1\s/,
      );
    expect(rows.filter((r) => /^kube-proxy-[a-z0-9]{5}\s+1\/1\s+Running\s/.test(r))).toHaveLength(
      3,
    );
    expect(
      rows.filter((r) =>
        /^coredns-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s.*\sworker-\d\s/.test(r),
      ),
    ).toHaveLength(2);

    // the engine answered: all four at once; no pod network until the pod CIDR
    const q = store.getState().walkthrough!.quizzes!;
    expect(q['static-pods'].answer).toBe(1);
    expect(q.ready.answer).toBe(1);
  }, 300_000);
});
