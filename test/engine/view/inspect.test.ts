import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import {
  containerdState,
  controllerManagerState,
  coreDnsState,
  etcdMemberState,
  kubeletState,
  nodeFiles,
  nodeState,
  podEvents,
  podTimeline,
  podYaml,
  registryTree,
  schedulerState,
  servedRequests,
} from '../../../src/engine/view';

let c: Cluster;
let node: string;

beforeAll(() => {
  c = createCluster({ seed: 1, workers: 2 });
  c.kubectl('run nginx --image=nginx');
  c.runUntil(
    (x) => (x.get('pods', 'nginx') as { status?: { phase?: string } })?.status?.phase === 'Running',
    { timeoutMs: 60_000 },
  );
  c.advance(11_000);
  node = (c.get('pods', 'nginx') as unknown as { spec: { nodeName: string } }).spec.nodeName;
});

describe('etcd views', () => {
  it('reports the single member as leader with its term, commit and applied index', () => {
    const m = etcdMemberState(c, 'etcd@control-plane-1')!;
    expect(m).toMatchObject({ up: true, role: 'leader', leader: 'etcd@control-plane-1' });
    expect(m.term).toBeGreaterThanOrEqual(1);
    expect(m.appliedIndex).toBe(m.commitIndex);
    expect(m.revision).toBe(c.etcd.members[0].disk.store.revision);
  });

  it('shows a stopped member with no role', () => {
    const other = createCluster({ seed: 2, workers: 1, controlPlaneNodes: 3, addons: false });
    const follower = other.etcd.members.find((m) => !m.isLeader())!;
    other.fail(follower.id);
    expect(etcdMemberState(other, follower.id)).toMatchObject({ up: false, role: 'stopped' });
    expect(etcdMemberState(other, 'etcd@nowhere')).toBeUndefined();
  });

  it('counts the keys under /registry per resource, namespace and name', () => {
    const tree = registryTree(c, 'etcd@control-plane-1');
    const pods = tree.children.find((n) => n.name === 'pods')!;
    const def = pods.children.find((n) => n.name === 'default')!;
    expect(def).toEqual({
      name: 'default',
      path: '/registry/pods/default',
      count: 1,
      children: [{ name: 'nginx', path: '/registry/pods/default/nginx', count: 1, children: [] }],
    });
    expect(pods.count).toBe(c.list('pods').length);
    expect(tree.count).toBe(tree.children.reduce((n, child) => n + child.count, 0));
    expect(tree.children.map((n) => n.name)).toContain('minions');
  });
});

describe('servedRequests', () => {
  it('pairs each response with its request: method, path, status and stages', () => {
    const fresh = createCluster({ seed: 3, workers: 1, addons: false });
    fresh.kubectl('run web --image=nginx');
    const served = servedRequests(fresh.hops(), 'kube-apiserver@control-plane-1', fresh.now(), 500);
    const create = served.find((r) => r.client === 'kubectl' && r.status === 201)!;
    expect(create).toMatchObject({ verb: 'POST', path: '/api/v1/namespaces/default/pods' });
    expect(create.stages.map((s) => s.name)).toEqual([
      'authentication',
      'authorization',
      'mutating admission',
      'validation',
      'validating admission',
      'storage',
    ]);
    expect(served.length).toBeLessThanOrEqual(500);
    expect(servedRequests(fresh.hops(), 'kube-apiserver@control-plane-1', 0, 10)).toEqual([]);
  });
});

describe('control-plane views', () => {
  it('shows the scheduler leading, its queue empty and its newest decision first', () => {
    const s = schedulerState(c, 'kube-scheduler@control-plane-1')!;
    expect(s).toMatchObject({
      up: true,
      leader: true,
      activeQ: [],
      backoffQ: [],
      unschedulable: [],
    });
    expect(s.lease.holderIdentity).toMatch(/^control-plane-1_/);
    expect(s.decisions.length).toBeGreaterThan(0);
    expect(s.decisions.map((d) => d.at)).toEqual(
      [...s.decisions.map((d) => d.at)].sort((a, b) => b - a),
    );
    expect(s.decisions.find((d) => d.pod === 'default/nginx')?.chosenNode).toBe(node);
  });

  it('lists the running controllers with their work queues', () => {
    const cm = controllerManagerState(c, 'kube-controller-manager@control-plane-1')!;
    expect(cm.leader).toBe(true);
    expect(cm.controllers.find((x) => x.name === 'garbagecollector')?.queues).toEqual([
      { name: 'garbage_collector_attempt_to_delete', depth: 0 },
      { name: 'garbage_collector_attempt_to_orphan', depth: 0 },
    ]);
    expect(cm.controllers.map((x) => x.name)).toEqual(
      expect.arrayContaining(['replicaset', 'deployment', 'nodelifecycle']),
    );
  });
});

describe('node views', () => {
  it("shows the kubelet's pods, its lease renewal within 10 s and Ready", () => {
    const k = kubeletState(c, `kubelet@${node}`)!;
    expect(k.pods.find((p) => p.name === 'nginx')).toEqual({
      namespace: 'default',
      name: 'nginx',
      phase: 'Running',
      running: true,
      deleting: false,
    });
    expect(k.leaseDurationSeconds).toBe(40);
    expect(c.now() - k.leaseRenewedAt!).toBeLessThanOrEqual(10_000);
    expect(k.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
  });

  it("lists containerd's sandboxes, containers (with their pod) and images", () => {
    const rt = containerdState(c, `containerd@${node}`)!;
    const sandbox = rt.sandboxes.find((s) => s.pod === 'default/nginx')!;
    expect(sandbox.state).toBe('SANDBOX_READY');
    expect(sandbox.ip).toBe(
      (c.get('pods', 'nginx') as unknown as { status: { podIP: string } }).status.podIP,
    );
    expect(rt.containers.find((x) => x.name === 'nginx')).toMatchObject({
      pod: 'default/nginx',
      state: 'CONTAINER_RUNNING',
      image: 'docker.io/library/nginx:latest',
    });
    expect(rt.images.flatMap((i) => i.repoTags)).toContain('registry.k8s.io/pause:3.10');
  });

  it('answers the Service names from CoreDNS, and nothing while it is down', () => {
    // a serving CoreDNS: a coredns pod's process
    const id = c
      .components()
      .map((p) => p.id)
      .find((x) => x.startsWith('pod/kube-system/coredns-') && coreDnsState(c, x)?.ready)!;
    expect(coreDnsState(c, id)!.records).toEqual(
      expect.arrayContaining([
        { name: 'kubernetes.default.svc.cluster.local', type: 'A', values: ['10.96.0.1'] },
        { name: 'kube-dns.kube-system.svc.cluster.local', type: 'A', values: ['10.96.0.10'] },
      ]),
    );
    c.fail(id);
    expect(coreDnsState(c, id)).toEqual({ id, up: false, ready: false, records: [] });
    c.recover(id);
  });

  it("reads a worker's capacity, allocatable, pod CIDR and conditions", () => {
    const n = nodeState(c, 'worker-1')!;
    expect(n).toMatchObject({ role: 'worker', up: true, partitioned: false, registered: true });
    expect(n.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(n.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(n.conditions.map((x) => x.type)).toEqual([
      'MemoryPressure',
      'DiskPressure',
      'PIDPressure',
      'Ready',
    ]);
  });
});

describe('nodeFiles', () => {
  it('lays out the init control plane as kubeadm does', () => {
    const files = nodeFiles(c, 'control-plane-1');
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => p.endsWith('.conf'))).toEqual([
      '/etc/kubernetes/admin.conf',
      '/etc/kubernetes/controller-manager.conf',
      '/etc/kubernetes/kubelet.conf',
      '/etc/kubernetes/scheduler.conf',
      '/etc/kubernetes/super-admin.conf',
    ]);
    expect(paths.filter((p) => p.includes('/manifests/'))).toEqual([
      '/etc/kubernetes/manifests/etcd.yaml',
      '/etc/kubernetes/manifests/kube-apiserver.yaml',
      '/etc/kubernetes/manifests/kube-controller-manager.yaml',
      '/etc/kubernetes/manifests/kube-scheduler.yaml',
    ]);
    expect(paths).toContain('/etc/kubernetes/pki/etcd/peer.key');
    const admin = files.find((f) => f.path === '/etc/kubernetes/admin.conf')!.content!;
    expect(admin).toContain('current-context: kubernetes-admin@kubernetes');
    expect(admin).toContain('server: https://10.0.0.11:6443');
    const etcd = files.find((f) => f.path.endsWith('etcd.yaml'))!.content!;
    expect(etcd).toContain('- --advertise-client-urls=https://10.0.0.11:2379');
    expect(files.find((f) => f.path.endsWith('apiserver.key'))!.content).toBeUndefined();
  });

  it('gives a worker only the bootstrap kubelet.conf, the CA and the kubelet config', () => {
    const files = nodeFiles(c, 'worker-1');
    expect(files.map((f) => f.path)).toEqual([
      '/etc/kubernetes/kubelet.conf',
      '/etc/kubernetes/pki/ca.crt',
      '/var/lib/kubelet/config.yaml',
    ]);
    expect(files[0].content).toContain('current-context: default-context');
    expect(files[2].content).toContain('staticPodPath: /etc/kubernetes/manifests');
    expect(files[2].content).toContain('clusterDNS:\n- 10.96.0.10\n');
  });
});

describe('pod views', () => {
  it('prints the pod as kubectl get -o yaml does, without managed fields', () => {
    const yaml = podYaml(c, 'default', 'nginx')!;
    expect(yaml.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n')).toBe(true);
    expect(yaml).toContain(`  nodeName: ${node}\n`);
    expect(yaml).toContain('  phase: Running\n');
    expect(yaml).not.toContain('managedFields');
    expect(podYaml(c, 'default', 'missing')).toBeUndefined();
  });

  it("lists the pod's events and its timeline in time order", () => {
    const reasons = podEvents(c, 'default', 'nginx').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Started']));
    const timeline = podTimeline(c, 'default', 'nginx');
    expect(timeline[0].what).toBe('Created (phase Pending)');
    expect(timeline.map((m) => m.what)).toEqual(
      expect.arrayContaining(['PodScheduled=True', 'Ready=True', 'container nginx Running']),
    );
    const times = timeline.map((m) => m.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)!).toBeLessThanOrEqual(c.now());
  });
});
