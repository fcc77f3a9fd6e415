import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { clusterTopology, communicationPaths } from '../../../src/engine/view';

describe('clusterTopology', () => {
  it('lists every node with the components the engine runs on it', () => {
    const t = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 1, workers: 3 }));
    expect(t.nodes.map((n) => [n.name, n.role, n.ready])).toEqual([
      ['control-plane-1', 'control-plane', 'True'],
      ['worker-1', 'worker', 'True'],
      ['worker-2', 'worker', 'True'],
      ['worker-3', 'worker', 'True'],
    ]);
    const cp = t.nodes[0].components.map((c) => c.id);
    expect(cp).toContain('kube-apiserver@control-plane-1');
    expect(cp).toContain('etcd@control-plane-1');
    expect(cp).toContain('kubelet@control-plane-1');
    expect(t.nodes[1].components.map((c) => c.id)).toContain('kubelet@worker-1');
    expect(t.loadBalancer).toBeUndefined();
    expect(t.etcdLeader).toBe('etcd@control-plane-1');
  });

  it('reports the etcd leader and term and a load balancer in the HA topology', () => {
    const c = createCluster({ seed: 1, controlPlaneNodes: 3, workers: 1 });
    const t = clusterTopology(c);
    const members = t.nodes.flatMap((n) => n.components.filter((x) => x.kind === 'etcd'));
    expect(members).toHaveLength(3);
    expect(members.filter((m) => m.etcd?.leader)).toHaveLength(1);
    expect(members.every((m) => m.etcd!.term >= 1)).toBe(true);
    expect(t.loadBalancer).toEqual({
      id: 'load-balancer',
      up: true,
      inRotation: [
        'kube-apiserver@control-plane-1',
        'kube-apiserver@control-plane-2',
        'kube-apiserver@control-plane-3',
      ],
    });
  });

  it('marks a failed component down and a powered-off node down', () => {
    const c = createCluster({ seed: 1, workers: 2 });
    c.fail('kubelet@worker-1');
    c.fail('node/worker-2');
    const t = clusterTopology(c);
    const w1 = t.nodes.find((n) => n.name === 'worker-1')!;
    const w2 = t.nodes.find((n) => n.name === 'worker-2')!;
    expect(w1.components.find((x) => x.kind === 'kubelet')?.up).toBe(false);
    expect(w1.up).toBe(true);
    expect(w2.up).toBe(false);
  });

  it('lists a pod without a node as unscheduled, with its phase', () => {
    const c = createCluster({ seed: 1, workers: 1, addons: false });
    c.kubectl('run nginx --image=nginx');
    const t = clusterTopology(c);
    const nginx = [...t.unscheduledPods, ...t.nodes.flatMap((n) => n.pods)].find(
      (p) => p.name === 'nginx',
    );
    expect(nginx).toMatchObject({
      id: 'pod/default/nginx',
      namespace: 'default',
      phase: 'Pending',
    });
  });

  it('reads an unchanged pod as the same view and a changed one afresh', () => {
    const c = createCluster({ seed: 1, workers: 1, addons: false });
    // pods no scheduler claims: nothing but the label below changes them
    const pod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  schedulerName: none\n  containers:\n  - name: app\n    image: nginx\n`;
    c.kubectl('apply -f -', pod('a') + '---\n' + pod('b'));
    const views = () =>
      new Map(
        [...clusterTopology(c).unscheduledPods, ...clusterTopology(c).nodes.flatMap((n) => n.pods)]
          .filter((p) => p.namespace === 'default')
          .map((p) => [p.name, p]),
      );
    const before = views();
    expect(views().get('a')).toBe(before.get('a'));
    c.kubectl('label pod b tier=web');
    const after = views();
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(c.get('pod', 'b')?.metadata.labels).toMatchObject({ tier: 'web' });
  });

  it('adds components of unknown kinds seen elsewhere when they exist on the network', () => {
    const c = createCluster({ seed: 1, workers: 1 });
    const t = clusterTopology(c, ['coredns-operator@worker-1', 'kubectl']);
    // not registered on the network: not shown
    expect(t.nodes[1].components.map((x) => x.kind)).not.toContain('coredns-operator');
  });
});

describe('communicationPaths', () => {
  it('wires one control plane as kubeadm does', () => {
    const t = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 1, workers: 2 }));
    const ids = communicationPaths(t).map((p) => `${p.kind} ${p.id}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'client kubectl--kube-apiserver@control-plane-1',
        'storage kube-apiserver@control-plane-1--etcd@control-plane-1',
        'api kubelet@control-plane-1--kube-apiserver@control-plane-1',
        'api kubelet@worker-1--kube-apiserver@control-plane-1',
        'api kubelet@worker-2--kube-apiserver@control-plane-1',
      ]),
    );
    expect(ids.filter((i) => i.startsWith('raft'))).toEqual([]);
  });

  it('puts the load balancer between clients and apiservers and links every etcd pair', () => {
    const t = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 3, workers: 1 }));
    const paths = communicationPaths(t);
    const ids = paths.map((p) => p.id);
    expect(ids).toContain('kubectl--load-balancer');
    expect(ids).toContain('load-balancer--kube-apiserver@control-plane-2');
    expect(ids).toContain('kubelet@worker-1--load-balancer');
    expect(ids).toContain('kubelet@control-plane-2--kube-apiserver@control-plane-2');
    expect(paths.filter((p) => p.kind === 'raft').map((p) => p.id)).toEqual([
      'etcd@control-plane-1--etcd@control-plane-2',
      'etcd@control-plane-1--etcd@control-plane-3',
      'etcd@control-plane-2--etcd@control-plane-3',
    ]);
  });
});
