import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import type { Fault } from '../../../src/engine/cluster/faults';
import { applyFault, describeFault, faultsFor } from '../../../src/engine/cluster/faults';

describe('describeFault', () => {
  it.each<[Fault, string]>([
    [{ op: 'power-off', node: 'worker-2' }, 'Power off worker-2'],
    [{ op: 'power-on', node: 'worker-2' }, 'Power on worker-2'],
    [{ op: 'partition', node: 'worker-1' }, 'Partition worker-1 from the network'],
    [{ op: 'heal', node: 'worker-1' }, "Heal worker-1's network partition"],
    [{ op: 'cordon', node: 'worker-3' }, 'Cordon worker-3'],
    [{ op: 'uncordon', node: 'worker-3' }, 'Uncordon worker-3'],
    [{ op: 'drain', node: 'worker-3' }, 'Drain worker-3'],
    [{ op: 'remove-node', node: 'worker-3' }, 'Remove worker-3 (kubectl delete node)'],
    [
      { op: 'kill', component: 'kube-scheduler@control-plane-1' },
      'Kill kube-scheduler@control-plane-1',
    ],
    [{ op: 'restart', component: 'etcd@control-plane-2' }, 'Restart etcd@control-plane-2'],
    [{ op: 'delete-pod', pod: 'default/web-1' }, 'Delete pod default/web-1'],
    [{ op: 'crash', pod: 'default/web-1', exitCode: 2 }, 'Crash default/web-1 (exit code 2)'],
    [
      { op: 'crash', pod: 'default/web-1', container: 'app' },
      'Crash container app of default/web-1 (exit code 1)',
    ],
    [{ op: 'oom', pod: 'default/web-1' }, 'Exceed the memory limit of default/web-1 (OOMKilled)'],
    [
      { op: 'fail-liveness', pod: 'kube-system/coredns-1' },
      'Make the liveness probe of kube-system/coredns-1 fail',
    ],
    [
      { op: 'fail-readiness', pod: 'default/web-1' },
      'Make the readiness probe of default/web-1 fail',
    ],
    [{ op: 'heal-probes', pod: 'default/web-1' }, 'Make the probes of default/web-1 pass again'],
    [{ op: 'add-worker' }, 'Add a worker'],
    [{ op: 'add-worker', cpu: '2', memory: '4Gi' }, 'Add a worker (2 CPU, 4Gi memory)'],
  ])('describes %j as %s', (fault, text) => {
    expect(describeFault(fault)).toBe(text);
  });
});

describe('fault targets and menus', () => {
  const c = createCluster({ seed: 11, workers: 2 });
  // CoreDNS and kube-proxy pods up
  c.advance(30_000);

  it.each<[Fault, string]>([
    [{ op: 'power-off', node: 'worker-9' }, 'no node named worker-9'],
    [{ op: 'cordon', node: 'nope' }, 'no node named nope'],
    [{ op: 'kill', component: 'kube-scheduler@worker-1' }, 'no component kube-scheduler@worker-1'],
    [
      { op: 'kill', component: 'node/worker-1' },
      'node/worker-1 is not a component; use a node or pod fault',
    ],
    [{ op: 'crash', pod: 'default/ghost' }, 'no pod named default/ghost'],
    [{ op: 'crash', pod: 'ghost' }, 'a pod is named namespace/name, got ghost'],
    [
      { op: 'fail-liveness', pod: 'kube-system/kube-proxy-x' },
      'no pod named kube-system/kube-proxy-x',
    ],
  ])('refuses %j with "%s"', (fault, message) => {
    expect(() => applyFault(c, fault)).toThrow(message);
  });

  it('offers a node every node fault, disabling what does not apply now', () => {
    expect(faultsFor(c, 'node/worker-1').map((f) => [f.label, f.disabled ?? ''])).toEqual([
      ['Power off worker-1', ''],
      ['Power on worker-1', 'worker-1 is powered on'],
      ['Partition worker-1 from the network', ''],
      ["Heal worker-1's network partition", 'worker-1 is not partitioned'],
      ['Cordon worker-1', ''],
      ['Uncordon worker-1', 'worker-1 is not cordoned'],
      ['Drain worker-1', ''],
      ['Remove worker-1 (kubectl delete node)', ''],
    ]);
    expect(faultsFor(c, 'node/control-plane-1').at(-1)?.disabled).toBe(
      'control-plane-1 runs the control plane',
    );
  });

  it('offers a component kill while it runs and a restart once it is down', () => {
    const id = 'kube-scheduler@control-plane-1';
    expect(faultsFor(c, id).map((f) => f.disabled)).toEqual([undefined, `${id} is running`]);
    applyFault(c, { op: 'kill', component: id });
    expect(faultsFor(c, id).map((f) => f.disabled)).toEqual([`${id} is not running`, undefined]);
    applyFault(c, { op: 'restart', component: id });
    expect(
      c
        .components()
        .find((p) => p.id === id)
        ?.isUp(),
    ).toBe(true);
  });

  it('offers CoreDNS pods their probe faults and heals only what was broken', () => {
    const dns = c.list('pods', 'kube-system').find((p) => p.metadata.name!.startsWith('coredns'))!;
    const target = `pod/kube-system/${dns.metadata.name}`;
    const menu = () => faultsFor(c, target).map((f) => [f.label, f.disabled ?? '']);
    expect(menu()).toEqual([
      ['Delete the pod', ''],
      ['Crash the container (exit code 1)', ''],
      ['Exceed the memory limit of the container (OOMKilled)', ''],
      ['Make the liveness probe of the container fail', ''],
      ['Make the readiness probe of the container fail', ''],
      ['Make the probes of the container pass again', 'no probe of it is failing'],
    ]);
    applyFault(c, { op: 'fail-readiness', pod: `kube-system/${dns.metadata.name}` });
    expect(menu()[4][1]).toBe('its readiness probe is already failing');
    expect(menu()[5][1]).toBe('');
    applyFault(c, { op: 'heal-probes', pod: `kube-system/${dns.metadata.name}` });
    expect(menu()[4][1]).toBe('');
  });

  it('offers the cluster a new worker and the removal of each worker', () => {
    expect(faultsFor(c, 'cluster').map((f) => f.label)).toEqual([
      'Add a worker',
      'Remove worker-1 (kubectl delete node)',
      'Remove worker-2 (kubectl delete node)',
    ]);
  });

  it('has no menu for unknown targets', () => {
    expect(faultsFor(c, 'node/worker-7')).toEqual([]);
    expect(faultsFor(c, 'pod/default/ghost')).toEqual([]);
    expect(faultsFor(c, 'kube-router@worker-1')).toEqual([]);
  });
});

describe('node faults through kubectl', () => {
  it('cordons, uncordons and drains with kubectl, returning what it printed', () => {
    const c = createCluster({ seed: 12, workers: 2 });
    expect(applyFault(c, { op: 'cordon', node: 'worker-1' })?.stdout).toBe(
      'node/worker-1 cordoned\n',
    );
    expect(faultsFor(c, 'node/worker-1')[4].disabled).toBe('worker-1 is cordoned');
    expect(applyFault(c, { op: 'uncordon', node: 'worker-1' })?.stdout).toBe(
      'node/worker-1 uncordoned\n',
    );
    c.kubectl('create deployment web --image=nginx --replicas=2');
    c.advance(20_000);
    const drained = applyFault(c, { op: 'drain', node: 'worker-2' })!;
    expect(drained.exitCode).toBe(0);
    expect(drained.stdout).toContain('node/worker-2 cordoned\n');
    expect(drained.stdout).toContain('node/worker-2 drained\n');
    expect(drained.stderr).toMatch(
      /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-/,
    );
    c.advance(20_000);
    const web = c.list('pods', 'default');
    expect(web.map((p) => (p.spec as { nodeName?: string }).nodeName)).toEqual([
      'worker-1',
      'worker-1',
    ]);
  });
});
