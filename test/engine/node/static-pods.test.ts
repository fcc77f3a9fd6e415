// Control-plane kubelets run kubeadm's static pods and publish mirror pods in kube-system.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import { kubeadmManifests } from '../../../src/engine/node/static-pods';

describe('static pods', () => {
  it('lists the control plane mirror pods, Running, in kube-system', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    c.advance(30_000);
    const out = c.kubectl('get pods -n kube-system').stdout.split('\n');
    expect(out[0]).toBe(
      'NAME                                      READY   STATUS    RESTARTS   AGE',
    );
    expect(out.slice(1, 5).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'etcd-control-plane-1 1/1 Running 0',
      'kube-apiserver-control-plane-1 1/1 Running 0',
      'kube-controller-manager-control-plane-1 1/1 Running 0',
      'kube-scheduler-control-plane-1 1/1 Running 0',
    ]);
  });

  it('marks mirror pods with the config annotations and a controller reference to the Node', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    c.advance(5000);
    const pod = c.get('pods', 'etcd-control-plane-1', 'kube-system')!;
    const node = c.get('nodes', 'control-plane-1', '')!;
    const annotations = pod.metadata.annotations!;
    expect(annotations['kubernetes.io/config.mirror']).toBe(
      annotations['kubernetes.io/config.hash'],
    );
    expect(annotations['kubernetes.io/config.source']).toBe('file');
    expect(annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls']).toBe(
      'https://10.0.0.11:2379',
    );
    expect(pod.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: 'control-plane-1',
        uid: node.metadata.uid,
        controller: true,
      },
    ]);
    expect((pod.status as { podIP: string }).podIP).toBe('10.0.0.11');
  });

  it('writes kubeadm manifests for a three-member etcd', () => {
    const m = kubeadmManifests({
      name: 'control-plane-2',
      ip: '10.0.0.12',
      peers: [1, 2, 3].map((i) => ({ name: `control-plane-${i}`, ip: `10.0.0.1${i}` })),
    });
    expect(Object.keys(m)).toEqual([
      'etcd.yaml',
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml',
    ]);
    const etcd = (m['etcd.yaml'].spec as { containers: { command: string[] }[] }).containers[0];
    expect(etcd.command).toContain(
      '--initial-cluster=control-plane-1=https://10.0.0.11:2380,control-plane-2=https://10.0.0.12:2380,control-plane-3=https://10.0.0.13:2380',
    );
    expect(etcd.command).toContain('--name=control-plane-2');
  });
});
