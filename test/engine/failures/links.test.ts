import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import type { Fault } from '../../../src/engine/cluster/faults';
import { applyFault, describeFault, faultsFor } from '../../../src/engine/cluster/faults';
import type { Containerd } from '../../../src/engine/node/runtime';
import { clusterTopology, linkView } from '../../../src/engine/view';
import type { KubeObject } from '../../../src/engine';
import { curl, deployWeb, nodeCondition, nodeOf, podsOf, readyPods } from './helpers';

const LOOPBACK = 'talk over loopback (127.0.0.1), which no network fault cuts';
const SOCKET =
  'talk over the unix socket /run/containerd/containerd.sock, which no network fault cuts';

describe('link faults', () => {
  it.each<[Fault, string]>([
    [
      { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] },
      'Cut the network link between worker-1 and control-plane-1',
    ],
    [
      { op: 'restore-link', hosts: ['control-plane-2', 'control-plane-1'] },
      'Restore the network link between control-plane-2 and control-plane-1',
    ],
  ])('describes %j as %s', (fault, text) => {
    expect(describeFault(fault)).toBe(text);
  });

  const c = createCluster({ seed: 5, workers: 1 });

  it.each<[string, { label: string; disabled?: string }[]]>([
    [
      'link/kubelet@worker-1--kube-apiserver@control-plane-1',
      [
        { label: 'Cut the network link between worker-1 and control-plane-1' },
        {
          label: 'Restore the network link between worker-1 and control-plane-1',
          disabled: 'the link between worker-1 and control-plane-1 is not cut',
        },
      ],
    ],
    [
      'link/kube-apiserver@control-plane-1--etcd@control-plane-1',
      [
        {
          label: 'Cut the link between kube-apiserver@control-plane-1 and etcd@control-plane-1',
          disabled: `both ends run on control-plane-1 and ${LOOPBACK}`,
        },
        {
          label: 'Restore the link between kube-apiserver@control-plane-1 and etcd@control-plane-1',
          disabled: `both ends run on control-plane-1 and ${LOOPBACK}`,
        },
      ],
    ],
    [
      'link/kubelet@worker-1--containerd@worker-1',
      [
        {
          label: 'Cut the link between kubelet@worker-1 and containerd@worker-1',
          disabled: `both ends run on worker-1 and ${SOCKET}`,
        },
        {
          label: 'Restore the link between kubelet@worker-1 and containerd@worker-1',
          disabled: `both ends run on worker-1 and ${SOCKET}`,
        },
      ],
    ],
    [
      'link/kubectl--kube-apiserver@control-plane-1',
      [
        { label: 'Cut the network link between client and control-plane-1' },
        {
          label: 'Restore the network link between client and control-plane-1',
          disabled: 'the link between client and control-plane-1 is not cut',
        },
      ],
    ],
    ['link/kubelet@worker-9--kube-apiserver@control-plane-1', []],
    ['link/nonsense', []],
  ])('offers for %s the choices %j', (target, expected) => {
    expect(faultsFor(c, target).map(({ label, disabled }) => ({ label, disabled }))).toEqual(
      expected.map((e) => ({ disabled: undefined, ...e })),
    );
  });

  it.each<[Fault, string]>([
    [{ op: 'cut-link', hosts: ['worker-1', 'worker-9'] }, 'no host named worker-9'],
    [
      { op: 'cut-link', hosts: ['worker-1', 'worker-1'] },
      'a link joins two different hosts, got worker-1 twice',
    ],
    // no load balancer without several control-plane nodes
    [{ op: 'cut-link', hosts: ['load-balancer', 'worker-1'] }, 'no host named load-balancer'],
  ])('refuses %j with "%s"', (fault, message) => {
    expect(() => applyFault(c, fault)).toThrow(message);
  });

  it('shows a cut link in the topology and on the menu, both ways, until it is restored', () => {
    applyFault(c, { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] });
    expect(clusterTopology(c).cutLinks).toEqual([['control-plane-1', 'worker-1']]);
    // the same host pair seen from kube-proxy's path is the same cable
    expect(
      faultsFor(c, 'link/kube-proxy@worker-1--kube-apiserver@control-plane-1').map(
        (x) => x.disabled,
      ),
    ).toEqual(['the link between worker-1 and control-plane-1 is already cut', undefined]);
    expect(c.sim.net.reachable('control-plane-1', 'worker-1')).toBe(false);
    expect(linkView(c, 'kubelet@worker-1--kube-apiserver@control-plane-1')).toEqual({
      source: 'kubelet@worker-1',
      target: 'kube-apiserver@control-plane-1',
      hosts: ['worker-1', 'control-plane-1'],
      medium: 'network',
      cut: true,
      partitioned: [],
      poweredOff: [],
    });
    expect(
      [
        'kube-apiserver@control-plane-1--etcd@control-plane-1',
        'kubelet@worker-1--containerd@worker-1',
      ].map((id) => linkView(c, id)?.medium),
    ).toEqual(['loopback', 'unix-socket']);
    expect(linkView(c, 'kubelet@worker-9--kube-apiserver@control-plane-1')).toBeUndefined();
    applyFault(c, { op: 'restore-link', hosts: ['control-plane-1', 'worker-1'] });
    expect(clusterTopology(c).cutLinks).toBeUndefined();
    expect(c.sim.net.reachable('worker-1', 'control-plane-1')).toBe(true);
  });

  it('make kubectl on a machine cut from the control plane fail after client-go’s 30 s dial timeout, and work once restored', () => {
    applyFault(c, { op: 'cut-link', hosts: ['client', 'control-plane-1'] });
    const t = c.now();
    expect(c.kubectl('get nodes').stderr).toBe(
      'Unable to connect to the server: dial tcp 10.0.0.11:6443: i/o timeout\n',
    );
    expect(c.now() - t).toBe(30_000);
    applyFault(c, { op: 'restore-link', hosts: ['client', 'control-plane-1'] });
    expect(c.kubectl('get nodes').stdout).toMatch(/^NAME\s+STATUS.*\ncontrol-plane-1\s+Ready\s/);
  });
});

describe('two workers', () => {
  // one cluster for both: the first test restores what it cut
  const c = createCluster({ seed: 3, workers: 2 });
  deployWeb(c, 'web', 4);
  c.advance(30_000);

  it('lose pod traffic across a link cut between them while traffic inside each node flows, until restored', () => {
    const on = (node: string) => readyPods(c, 'web').filter((p) => nodeOf(p) === node);
    const ip = (p: KubeObject) => `http://${(p.status as { podIP: string }).podIP}`;
    const [a] = on('worker-1');
    const [b, b2] = on('worker-2');
    applyFault(c, { op: 'cut-link', hosts: ['worker-1', 'worker-2'] });
    expect(curl(c, b, ip(a))).toBe('curl: (28) Connection timed out after 10000 milliseconds');
    expect(curl(c, b, ip(b2))).toBe('HTTP 200');
    // the control plane still hears from both: no node goes Unknown
    c.advance(60_000);
    expect(nodeCondition(c, 'worker-1', 'Ready')?.status).toBe('True');
    applyFault(c, { op: 'restore-link', hosts: ['worker-1', 'worker-2'] });
    expect(curl(c, b, ip(a))).toBe('HTTP 200');
  });

  it('see a worker cut off from the control plane stop renewing its lease and go Unknown after the 50 s grace while its pods keep running, then heal', () => {
    const lease = () =>
      (c.get('leases', 'worker-1', 'kube-node-lease')?.spec as { renewTime?: string }).renewTime;
    const cutAt = c.now();
    applyFault(c, { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] });
    const renewed = lease();
    c.runUntil(() => nodeCondition(c, 'worker-1', 'Ready')?.status === 'Unknown', {
      timeoutMs: 70_000,
    });
    // --node-monitor-grace-period 50s since the last renewal (≤ 10 s before the cut), checked
    // every --node-monitor-period 5s
    expect(c.now() - cutAt).toBeGreaterThanOrEqual(40_000);
    expect(c.now() - cutAt).toBeLessThanOrEqual(56_000);
    expect(lease()).toBe(renewed);
    expect(nodeCondition(c, 'worker-1', 'Ready')?.message).toBe(
      'Kubelet stopped posting node status.',
    );
    // only that cable is cut: worker-2 keeps its lease and stays Ready
    expect(nodeCondition(c, 'worker-2', 'Ready')?.status).toBe('True');
    // the data plane does not need the control plane: worker-1's containers still run
    const runtime = c.components().find((p) => p.id === 'containerd@worker-1') as Containerd;
    const onWorker1 = podsOf(c, 'web').filter((p) => nodeOf(p) === 'worker-1').length;
    expect(
      runtime.listContainers().filter((x) => x.name === 'nginx' && x.state === 'CONTAINER_RUNNING'),
    ).toHaveLength(onWorker1);

    applyFault(c, { op: 'restore-link', hosts: ['worker-1', 'control-plane-1'] });
    expect(
      c.runUntil(() => nodeCondition(c, 'worker-1', 'Ready')?.status === 'True', {
        timeoutMs: 20_000,
      }),
    ).toBe(true);
    // and renews its lease within the 40 s nodeLeaseDurationSeconds
    expect(c.runUntil(() => lease() !== renewed, { timeoutMs: 40_000 })).toBe(true);
  });
});

describe('three control-plane nodes', () => {
  // one cluster for all three, in order: each restores what it cut (the first creates web)
  const c = createCluster({ seed: 91, workers: 1, controlPlaneNodes: 3 });
  c.advance(5_000);

  it('keep working while an etcd follower cut off from its leader starts pre-vote elections it cannot win, and it rejoins when restored', () => {
    const leader = c.etcd.leader()!;
    const term = leader.raft!.term;
    const follower = c.etcd.members.find((m) => m !== leader)!;
    const other = c.etcd.members.find((m) => m !== leader && m !== follower)!;
    const host = (id: string) => id.split('@')[1];
    const since = c.hops().at(-1)!.seq;
    applyFault(c, { op: 'cut-link', hosts: [host(follower.id), host(leader.id)] });
    c.advance(10_000);

    const preVotes = c
      .hops()
      .filter((h) => h.seq > since && h.from === follower.id && h.verb === 'MsgPreVote');
    // the third member heard from the leader within an election timeout: it ignores them
    expect(preVotes.filter((h) => h.to === other.id && h.outcome === 'delivered')).not.toEqual([]);
    expect(preVotes.filter((h) => h.to === leader.id).map((h) => h.outcome)).toContain('dropped');
    // pre-vote keeps the term: nobody is disrupted
    expect(follower.raft!.term).toBe(term);
    expect(c.etcd.leader()).toBe(leader);
    expect(leader.raft!.term).toBe(term);
    // the apiserver beside the cut member fails /healthz; the load balancer routes around it
    expect(c.loadBalancer?.inRotation()).not.toContain(`kube-apiserver@${host(follower.id)}`);
    expect(c.kubectl('create deployment web --image=nginx').stdout).toBe(
      'deployment.apps/web created\n',
    );

    applyFault(c, { op: 'restore-link', hosts: [host(follower.id), host(leader.id)] });
    c.advance(8_000);
    expect(c.etcd.leader()).toBe(leader);
    expect(follower.isLeader()).toBe(false);
    expect(follower.raft!.term).toBe(term);
    expect(c.loadBalancer?.inRotation()).toContain(`kube-apiserver@${host(follower.id)}`);
  });

  it('delay a request routed to a node cut off from the load balancer by the 5 s connect timeout, until the checks take it out of rotation', () => {
    applyFault(c, { op: 'cut-link', hosts: ['load-balancer', 'control-plane-2'] });
    // round robin (shared with the nodes' traffic) sends some request to control-plane-2:
    // HAProxy's `timeout connect 5s`, then `option redispatch` to another apiserver
    const took: number[] = [];
    while (took.length < 6 && !took.some((ms) => ms >= 5_000)) {
      const start = c.now();
      expect(c.kubectl('get nodes').exitCode).toBe(0);
      took.push(c.now() - start);
    }
    expect(took.filter((ms) => ms >= 5_000 && ms < 5_100)).toHaveLength(1);
    // 3 failed checks 2 s apart
    c.advance(6_000);
    expect(c.loadBalancer?.inRotation()).toEqual([
      'kube-apiserver@control-plane-1',
      'kube-apiserver@control-plane-3',
    ]);
    applyFault(c, { op: 'restore-link', hosts: ['load-balancer', 'control-plane-2'] });
    // 2 good checks put it back
    c.advance(4_000);
    expect(c.loadBalancer?.inRotation()).toHaveLength(3);
  });

  it('elect a new leader in a higher term when the leader is cut off from both followers, and it steps down and rejoins', () => {
    const leader = c.etcd.leader()!;
    const term = leader.raft!.term;
    const isolated = leader.id.split('@')[1];
    const peers = c.etcd.members.filter((m) => m !== leader).map((m) => m.id.split('@')[1]);
    const cutAt = c.now();
    for (const peer of peers) applyFault(c, { op: 'cut-link', hosts: [isolated, peer] });
    // the followers time out ([1 s, 2 s)) and elect one of them; CheckQuorum makes the old
    // leader, hearing from no majority for an election timeout, step down
    expect(
      c.runUntil(() => !leader.isLeader() && (c.etcd.leader()?.raft?.term ?? 0) > term, {
        timeoutMs: 10_000,
      }),
    ).toBe(true);
    expect(c.now() - cutAt).toBeLessThan(3_000);
    const successor = c.etcd.leader()!;
    c.advance(8_000);
    expect(c.loadBalancer?.inRotation()).not.toContain(`kube-apiserver@${isolated}`);
    expect(c.kubectl('scale deployment web --replicas=2').stderr).toBe('');

    for (const peer of peers) applyFault(c, { op: 'restore-link', hosts: [isolated, peer] });
    c.advance(5_000);
    expect(c.etcd.leader()).toBe(successor);
    expect(leader.raft!.term).toBe(successor.raft!.term);
    expect(c.loadBalancer?.inRotation()).toHaveLength(3);
  });
});
