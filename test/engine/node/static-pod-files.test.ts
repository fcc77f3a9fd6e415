// The kubelet's file source: the control plane follows /etc/kubernetes/manifests.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import { HostFs } from '../../../src/engine/node/host-fs';
import { kubeadmHostFs } from '../../../src/engine/node/kubeadm-host-fs';
import { readStaticPods } from '../../../src/engine/node/static-pod-source';
import { nodeFiles } from '../../../src/engine/view/kubeadm-files';

const MANIFESTS = '/etc/kubernetes/manifests';
const APISERVER = `${MANIFESTS}/kube-apiserver.yaml`;

describe('the static pod path', () => {
  it('holds the four kubeadm manifests on a control plane and nothing on a worker', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    expect(c.hostFs.get('control-plane-1')!.list(MANIFESTS)).toEqual([
      'etcd.yaml',
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml',
    ]);
    expect(c.hostFs.get('worker-1')!.list(MANIFESTS)).toEqual([]);
  });

  it('stops the API server but not etcd when its manifest moves out, and starts it again when it comes back', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    const fs = c.hostFs.get('control-plane-1')!;
    const apiserver = c.apiServers[0];
    const text = fs.read(APISERVER)!;
    fs.remove(APISERVER);
    fs.write('/tmp/kube-apiserver.yaml', text);
    const start = c.now();
    expect(c.runUntil(() => !apiserver.isUp(), { timeoutMs: 20_000 })).toBe(true);
    expect(c.now() - start).toBeLessThanOrEqual(20_000);
    expect(c.etcd.members[0].isUp()).toBe(true);
    expect(c.kubectl('get nodes').stderr).toBe(
      'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
    );

    fs.remove('/tmp/kube-apiserver.yaml');
    fs.write(APISERVER, text);
    expect(c.runUntil(() => apiserver.ready, { timeoutMs: 60_000 })).toBe(true);
    // the mirror pod went with the static pod and is created again once the API answers
    const mirror = () => c.get('pods', 'kube-apiserver-control-plane-1', 'kube-system');
    const ready = () =>
      (mirror()?.status as { containerStatuses?: { ready: boolean }[] } | undefined)
        ?.containerStatuses?.[0]?.ready === true;
    expect(c.runUntil(ready, { timeoutMs: 30_000 })).toBe(true);
    expect(c.kubectl('get pods -n kube-system kube-apiserver-control-plane-1').stdout).toMatch(
      /^kube-apiserver-control-plane-1\s+1\/1\s+Running\s/m,
    );
  });

  it('restarts a static pod whose manifest changed under a new uid and mirrors the new version', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    const fs = c.hostFs.get('control-plane-1')!;
    const path = `${MANIFESTS}/kube-scheduler.yaml`;
    const before = c.get('pods', 'kube-scheduler-control-plane-1', 'kube-system')!;
    fs.write(path, fs.read(path)!.replace('--leader-elect=true', '--leader-elect=false'));
    const changed = () => {
      const p = c.get('pods', 'kube-scheduler-control-plane-1', 'kube-system');
      const hash = p?.metadata.annotations?.['kubernetes.io/config.mirror'];
      return (
        hash !== undefined && hash !== before.metadata.annotations!['kubernetes.io/config.mirror']
      );
    };
    expect(c.runUntil(changed, { timeoutMs: 60_000 })).toBe(true);
    const after = c.get('pods', 'kube-scheduler-control-plane-1', 'kube-system')!;
    const command = (after.spec as { containers: { command: string[] }[] }).containers[0].command;
    expect(command).toContain('--leader-elect=false');
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
  });

  it('reads the directory afresh when the kubelet starts again', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    const kubelet = c.kubelets[0];
    const fs = c.hostFs.get('control-plane-1')!;
    // a kubelet that was down while the file moved reads the directory when it starts
    kubelet.kill();
    fs.remove(`${MANIFESTS}/kube-scheduler.yaml`);
    kubelet.start();
    expect(kubelet.staticPods.workers.map((w) => w.pod.metadata.name)).toEqual([
      'etcd-control-plane-1',
      'kube-apiserver-control-plane-1',
      'kube-controller-manager-control-plane-1',
    ]);
  });
});

describe('the node’s files in the inspector', () => {
  it('show the manifests as edited and moved on the node', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    const fs = c.hostFs.get('control-plane-1')!;
    const etcd = `${MANIFESTS}/etcd.yaml`;
    fs.write(etcd, fs.read(etcd)!.replaceAll('/var/lib/etcd\n', '/var/lib/etcd-from-backup\n'));
    fs.write('/tmp/kube-apiserver.yaml', fs.read(APISERVER)!);
    fs.remove(APISERVER);
    const files = nodeFiles(c, 'control-plane-1');
    expect(files.filter((f) => f.path.includes('kube-apiserver.yaml')).map((f) => f.path)).toEqual([
      '/tmp/kube-apiserver.yaml',
    ]);
    expect(files.find((f) => f.path === etcd)!.content).toContain(
      '- hostPath:\n      path: /var/lib/etcd-from-backup\n      type: DirectoryOrCreate\n    name: etcd-data\n',
    );
  });
});

describe('readStaticPods', () => {
  it('decodes one Pod per file and skips dot-files, other kinds and YAML that does not parse', () => {
    const fs = new HostFs();
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n';
    fs.write(`${MANIFESTS}/web.yaml`, pod);
    fs.write(`${MANIFESTS}/.web.yaml.swp`, pod);
    fs.write(`${MANIFESTS}/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    fs.write(`${MANIFESTS}/broken.yaml`, 'kind: Pod\n  metadata: [\n');
    expect([...readStaticPods(fs).keys()]).toEqual(['web.yaml']);
  });
});

describe('parsed manifests', () => {
  it('hands the kubelet what parsing kubeadm’s YAML gives, without writing or parsing it', () => {
    const cps = ['10.0.0.11', '10.0.0.12', '10.0.0.13'].map((ip, i) => ({
      name: `control-plane-${i + 1}`,
      ip,
    }));
    const seeded = kubeadmHostFs({ ...cps[0], controlPlane: true }, cps);
    for (const path of seeded.paths()) {
      // the same file written as text, parsed the slow way
      const text = new HostFs();
      text.write(path, seeded.read(path)!);
      const name = path.split('/').pop()!;
      expect(JSON.stringify(readStaticPods(seeded).get(name))).toBe(
        JSON.stringify(readStaticPods(text).get(name)),
      );
    }
  });

  it('parses a file again once it changes, and gives each reader its own copy', () => {
    const fs = new HostFs();
    const path = `${MANIFESTS}/web.yaml`;
    const pod = (image: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: ${image}\n`;
    fs.write(path, pod('nginx:1.27'));
    const image = () =>
      (readStaticPods(fs).get('web.yaml')!.spec as { containers: { image: string }[] })
        .containers[0].image;
    const first = readStaticPods(fs).get('web.yaml')!;
    (first.spec as { containers: { image: string }[] }).containers[0].image = 'mutated';
    expect(image()).toBe('nginx:1.27');
    fs.write(path, pod('nginx:1.28'));
    expect(image()).toBe('nginx:1.28');
    fs.write(path, 'kind: Pod\n  metadata: [\n');
    expect(readStaticPods(fs).size).toBe(0);
  });
});
