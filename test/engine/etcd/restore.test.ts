// etcdutl snapshot restore and the kubeadm restore procedure: a member runs from the restored
// data dir once its static pod points there.
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { createEtcdCluster } from '../../../src/engine/etcd';
import { etcdDataDirOf } from '../../../src/engine/etcd/data-dir-path';
import { DataDir } from '../../../src/engine/etcd/disk';
import { runEtcdctl } from '../../../src/engine/etcd/etcdctl';
import { runEtcdutl } from '../../../src/engine/etcd/etcdutl';
import { etcdFiles } from '../../../src/engine/etcd/files';
import { computeClusterId, computeMemberId } from '../../../src/engine/etcd/ids';
import { kubeadmManifests } from '../../../src/engine/node/static-pods';
import { Simulation } from '../../../src/engine/sim';

const MANIFESTS = '/etc/kubernetes/manifests';

function savedSnapshot() {
  const sim = new Simulation({ seed: 1 });
  const cluster = createEtcdCluster(sim, ['control-plane-1']);
  sim.runUntil(() => cluster.leader() !== undefined, 10_000);
  runEtcdctl('put /registry/a 1', { sim, cluster });
  runEtcdctl('put /registry/b 2', { sim, cluster });
  runEtcdctl('snapshot save snapshot.db', { sim, cluster });
  return { sim, cluster };
}

describe('member and cluster ids', () => {
  it.each([
    [['http://localhost:2380'], 'etcd-cluster', '8e9e05c52164694d'],
    [
      ['http://localhost:2380'],
      'etcd-cluster-1',
      computeMemberId(['http://localhost:2380'], 'etcd-cluster-1'),
    ],
  ])('derives the member id of %j with token %s as etcd does', (urls, token, id) => {
    expect(computeMemberId(urls, token)).toBe(id);
  });

  it('gives a default restore the cluster id every fresh single-member etcd has', () => {
    expect(computeClusterId(['8e9e05c52164694d'])).toBe('cdf818194e3a8c32');
  });
});

describe('etcdutl snapshot restore', () => {
  it('logs the restore as etcd 3.5 does and makes a one-member data dir of a new cluster', () => {
    const { sim } = savedSnapshot();
    const ts = sim.timestamp();
    const r = runEtcdutl(
      'etcdutl snapshot restore snapshot.db --data-dir /var/lib/etcd-from-backup',
      { sim, host: 'control-plane-1' },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    const paths =
      '{"path": "snapshot.db", "wal-dir": "/var/lib/etcd-from-backup/member/wal", "data-dir": "/var/lib/etcd-from-backup", "snap-dir": "/var/lib/etcd-from-backup/member/snap", "initial-memory-map-size": 0}';
    expect(r.stderr.split('\n')).toEqual([
      `${ts}\tinfo\tsnapshot/v3_snapshot.go:265\trestoring snapshot\t${paths}`,
      `${ts}\tinfo\tmembership/store.go:141\tTrimming membership information from the backend...`,
      `${ts}\tinfo\tmembership/cluster.go:421\tadded member\t{"cluster-id": "cdf818194e3a8c32", "local-member-id": "0", "added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": ["http://localhost:2380"]}`,
      `${ts}\tinfo\tsnapshot/v3_snapshot.go:293\trestored snapshot\t${paths}`,
      '',
    ]);
    const dir = etcdFiles(sim, 'control-plane-1').get('/var/lib/etcd-from-backup') as DataDir;
    expect(dir).toBeInstanceOf(DataDir);
    expect(dir.membership).toEqual({
      clusterId: 'cdf818194e3a8c32',
      memberId: '8e9e05c52164694d',
      members: [{ id: '8e9e05c52164694d', name: 'default', peerURLs: ['http://localhost:2380'] }],
    });
    expect(dir.store.range('/registry/', '/registry0').kvs.map((kv) => kv.value)).toEqual([
      '1',
      '2',
    ]);
  });

  it('moves the revision ahead and marks it compacted with --bump-revision and --mark-compacted', () => {
    const { sim } = savedSnapshot();
    const before = (etcdFiles(sim, 'control-plane-1').get('snapshot.db') as { revision: number })
      .revision;
    const r = runEtcdutl(
      'etcdutl snapshot restore snapshot.db --data-dir /restored --bump-revision 1000000000 --mark-compacted',
      { sim, host: 'control-plane-1' },
    );
    expect(r.stderr).toContain(
      `bumping latest revision\t{"latest-revision": ${before}, "bump-amount": 1000000000, "new-latest-revision": ${before + 1_000_000_000}}`,
    );
    expect(r.stderr).toContain(
      `marking revision compacted\t{"revision": ${before + 1_000_000_000}}`,
    );
    const dir = etcdFiles(sim, 'control-plane-1').get('/restored') as DataDir;
    expect(dir.store.revision).toBe(before + 1_000_000_000);
    expect(dir.store.compactRevision).toBe(before + 1_000_000_000);
  });

  it.each([
    [
      'snapshot restore missing.db --data-dir /x',
      'Error: open missing.db: no such file or directory',
    ],
    [
      'snapshot restore snapshot.db --data-dir /var/lib/etcd',
      'Error: data-dir "/var/lib/etcd" not empty or could not be read',
    ],
    [
      'snapshot restore snapshot.db --name m1',
      `Error: couldn't find local name "m1" in the initial cluster configuration`,
    ],
    ['snapshot restore', 'Error: snapshot restore requires exactly one argument'],
    ['snapshot frobnicate', 'Error: unknown command "frobnicate" for "etcdutl snapshot"'],
  ])('refuses `etcdutl %s` and changes nothing', (command, error) => {
    const { sim } = savedSnapshot();
    etcdFiles(sim, 'control-plane-1').set('/var/lib/etcd/member/snap/db', new DataDir());
    const keys = [...etcdFiles(sim, 'control-plane-1').keys()];
    const r = runEtcdutl(`etcdutl ${command}`, { sim, host: 'control-plane-1' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(error);
    expect([...etcdFiles(sim, 'control-plane-1').keys()]).toEqual(keys);
  });

  it('is what etcdctl snapshot restore runs, after its deprecation warning', () => {
    const { sim, cluster } = savedSnapshot();
    const r = runEtcdctl('snapshot restore snapshot.db --data-dir /restored', { sim, cluster });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(
      /^Deprecated: Use `etcdutl snapshot restore` instead\.\n\n\S+\tinfo\t/,
    );
  });
});

describe('restoring every member of a three-member cluster', () => {
  it('forms one new cluster from the same snapshot when each member restores with its --name and the shared --initial-cluster', () => {
    const names = ['control-plane-1', 'control-plane-2', 'control-plane-3'];
    const sim = new Simulation({ seed: 2 });
    const cluster = createEtcdCluster(sim, names);
    sim.runUntil(() => cluster.leader() !== undefined, 10_000);
    runEtcdctl('put /registry/kept 1', { sim, cluster });
    runEtcdctl('snapshot save snapshot.db', { sim, cluster });
    const snapshot = etcdFiles(sim, names[0]).get('snapshot.db')!;
    const initialCluster = names.map((n) => `${n}=https://${n}:2380`).join(',');
    for (const n of names) {
      etcdFiles(sim, n).set('snapshot.db', snapshot);
      const r = runEtcdutl(
        `etcdutl snapshot restore snapshot.db --name ${n} --initial-cluster ${initialCluster} --initial-cluster-token etcd-cluster-1 --data-dir /restored`,
        { sim, host: n },
      );
      expect(r.exitCode).toBe(0);
    }
    runEtcdctl('put /registry/lost 1', { sim, cluster });
    for (const m of cluster.members) m.kill();
    for (const m of cluster.members) {
      m.dataDirPath = () => '/restored';
      m.start();
    }
    expect(sim.runUntil(() => cluster.leader() !== undefined, 10_000)).toBe(true);
    const ids = new Set(cluster.members.map((m) => m.currentClusterId));
    expect(ids.size).toBe(1);
    expect(ids.has(cluster.members[0].clusterId)).toBe(false);
    expect(runEtcdctl('get /registry/ --prefix --keys-only', { sim, cluster }).stdout).toBe(
      '/registry/kept\n\n',
    );
    expect(runEtcdctl('put /registry/after 1', { sim, cluster }).stdout).toBe('OK\n');
    const list = runEtcdctl('member list', { sim, cluster }).stdout.trim().split('\n');
    expect(list.map((l) => l.split(', ').slice(2, 4).join(' '))).toEqual(
      expect.arrayContaining(names.map((n) => `${n} https://${n}:2380`)),
    );
  });

  it('leaves a member restored alone with the defaults in a one-member cluster of its own', () => {
    const names = ['control-plane-1', 'control-plane-2', 'control-plane-3'];
    const sim = new Simulation({ seed: 2 });
    const cluster = createEtcdCluster(sim, names);
    sim.runUntil(() => cluster.leader() !== undefined, 10_000);
    runEtcdctl('snapshot save snapshot.db', { sim, cluster });
    runEtcdutl('etcdutl snapshot restore snapshot.db --data-dir /restored', {
      sim,
      host: names[0],
    });
    const [alone, ...others] = cluster.members;
    alone.kill();
    alone.dataDirPath = () => '/restored';
    alone.start();
    expect(sim.runUntil(() => alone.isLeader(), 10_000)).toBe(true);
    sim.advance(5000);
    // the other two keep the old cluster (and its leader) and never hear from it
    expect(others.filter((m) => m.isLeader())).toHaveLength(1);
    expect(others.every((m) => m.currentClusterId === m.clusterId)).toBe(true);
    expect(alone.peers()).toEqual(['etcd@control-plane-1']);
  });
});

describe('the etcd static pod data dir', () => {
  it('is the etcd-data hostPath, and follows the sed the restore procedure runs', () => {
    const node = {
      name: 'control-plane-1',
      ip: '10.0.0.11',
      peers: [{ name: 'control-plane-1', ip: '10.0.0.11' }],
    };
    const pod = kubeadmManifests(node)['etcd.yaml'];
    expect(etcdDataDirOf(pod)).toBe('/var/lib/etcd');
    const edited = JSON.parse(
      JSON.stringify(pod).replaceAll('/var/lib/etcd"', '/var/lib/etcd-from-backup"'),
    );
    expect(etcdDataDirOf(edited)).toBe('/var/lib/etcd-from-backup');
  });
});

/** The kubeadm procedure on control-plane-1: API server out, restore, repoint etcd, API server back. */
function restoreOnControlPlane(c: Cluster): void {
  const fs = c.hostFs.get('control-plane-1')!;
  const apiserverYaml = fs.read(`${MANIFESTS}/kube-apiserver.yaml`)!;
  fs.remove(`${MANIFESTS}/kube-apiserver.yaml`);
  expect(c.runUntil(() => !c.apiServers[0].isUp(), { timeoutMs: 20_000 })).toBe(true);
  const sim = c.sim;
  runEtcdutl(
    'etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd-from-backup --bump-revision 1000000000 --mark-compacted',
    { sim, host: 'control-plane-1' },
  );
  const etcdYaml = `${MANIFESTS}/etcd.yaml`;
  fs.write(
    etcdYaml,
    fs.read(etcdYaml)!.replace(/\/var\/lib\/etcd$/gm, '/var/lib/etcd-from-backup'),
  );
  expect(c.runUntil(() => c.etcd.members[0].isLeader(), { timeoutMs: 60_000 })).toBe(true);
  fs.write(`${MANIFESTS}/kube-apiserver.yaml`, apiserverYaml);
  expect(c.runUntil(() => c.apiServers[0].ready, { timeoutMs: 60_000 })).toBe(true);
}

describe('restoring the cluster from a snapshot, the kubeadm way', () => {
  it('stops the containers of a pod created after the snapshot: the kubelet relists and it is gone', () => {
    const c = createCluster({ seed: 5, workers: 1, addons: false });
    c.etcdctl('snapshot save /var/lib/etcd/snapshot.db');
    c.kubectl('run late --image=nginx:1.27');
    const kubelet = c.kubelets.find((k) => k.options.name === 'worker-1')!;
    const runs = () =>
      [...kubelet.pods!.workers.values()].some((w) => w.pod.metadata.name === 'late');
    expect(c.runUntil(runs, { timeoutMs: 30_000 })).toBe(true);
    restoreOnControlPlane(c);
    expect(c.get('pods', 'late')).toBeUndefined();
    expect(c.runUntil(() => !runs(), { timeoutMs: 30_000 })).toBe(true);
  });

  it('brings back what the snapshot held under a new cluster id, with revisions still moving forward', () => {
    const c = createCluster({ seed: 5, workers: 1, addons: false });
    const fs = c.hostFs.get('control-plane-1')!;
    const member = c.etcd.members[0];
    const oldClusterId = member.currentClusterId;
    c.kubectl('create configmap kept --from-literal=a=1');
    expect(c.etcdctl('snapshot save /var/lib/etcd/snapshot.db').stdout).toBe(
      'Snapshot saved at /var/lib/etcd/snapshot.db\n',
    );
    c.kubectl('create configmap made-after --from-literal=a=1');
    c.kubectl('delete configmap kept');
    const seenRevision = c.etcd.leader()!.disk.store.revision;

    // stop the API server: its manifest leaves the static pod path
    const apiserverYaml = fs.read(`${MANIFESTS}/kube-apiserver.yaml`)!;
    fs.remove(`${MANIFESTS}/kube-apiserver.yaml`);
    fs.write('/tmp/kube-apiserver.yaml', apiserverYaml);
    expect(c.runUntil(() => !c.apiServers[0].isUp(), { timeoutMs: 20_000 })).toBe(true);

    const restore = runEtcdutl(
      'etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd-from-backup --bump-revision 1000000000 --mark-compacted',
      { sim: c.sim, host: 'control-plane-1' },
    );
    expect(restore.exitCode).toBe(0);
    // point etcd at it, as `sed -i 's#/var/lib/etcd#/var/lib/etcd-from-backup#'` does
    const etcdYaml = `${MANIFESTS}/etcd.yaml`;
    fs.write(
      etcdYaml,
      fs.read(etcdYaml)!.replace(/\/var\/lib\/etcd$/gm, '/var/lib/etcd-from-backup'),
    );
    const restored = () =>
      member.isUp() && member.currentClusterId === 'cdf818194e3a8c32' && member.isLeader();
    expect(c.runUntil(restored, { timeoutMs: 60_000 })).toBe(true);
    expect(member.currentClusterId).not.toBe(oldClusterId);
    expect(member.currentMemberId).toBe('8e9e05c52164694d');

    fs.remove('/tmp/kube-apiserver.yaml');
    fs.write(`${MANIFESTS}/kube-apiserver.yaml`, apiserverYaml);
    expect(c.runUntil(() => c.apiServers[0].ready, { timeoutMs: 60_000 })).toBe(true);
    expect(c.kubectl('get configmap kept -o name').stdout).toBe('configmap/kept\n');
    expect(c.kubectl('get configmap made-after').stderr).toBe(
      'Error from server (NotFound): configmaps "made-after" not found\n',
    );
    expect(c.etcd.leader()!.disk.store.revision).toBeGreaterThan(seenRevision + 999_000_000);
    expect(c.etcdctl('member list').stdout).toBe(
      '8e9e05c52164694d, started, control-plane-1, http://localhost:2380, https://control-plane-1:2379, false\n',
    );
  });
});
