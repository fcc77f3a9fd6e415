import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';

describe('kubeadm add-ons at boot', () => {
  it('creates CoreDNS (ConfigMap, 2-replica Deployment, kube-dns at 10.96.0.10) and the kube-proxy DaemonSet', () => {
    const c = createCluster({ seed: 3, workers: 1 });
    c.runUntil(() => c.serviceNetwork.installer?.done === true, { timeoutMs: 30_000 });
    const svc = c.get('service', 'kube-dns', 'kube-system') as unknown as {
      spec: { clusterIP: string; ports: { name: string; port: number; protocol: string }[] };
    };
    expect(svc.spec.clusterIP).toBe('10.96.0.10');
    expect(svc.spec.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual([
      'dns 53/UDP',
      'dns-tcp 53/TCP',
      'metrics 9153/TCP',
    ]);
    const deploy = c.get('deployment', 'coredns', 'kube-system') as unknown as {
      spec: { replicas: number };
    };
    expect(deploy.spec.replicas).toBe(2);
    const cm = c.get('configmap', 'coredns', 'kube-system') as unknown as {
      data: { Corefile: string };
    };
    expect(cm.data.Corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {');
    expect(c.get('daemonset', 'kube-proxy', 'kube-system')).toBeDefined();
    expect(c.kubectl('get svc -n kube-system').stdout).toMatch(
      /^kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s+/m,
    );
  });

  it('runs kube-proxy as a node service with no add-on objects when addons is false', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    c.advance(5_000);
    expect(c.get('service', 'kube-dns', 'kube-system')).toBeUndefined();
    expect(c.get('daemonset', 'kube-proxy', 'kube-system')).toBeUndefined();
    expect(c.components().map((p) => p.id)).toContain('kube-proxy@worker-1');
    expect(c.iptablesSave('worker-1')).toContain(
      '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
    );
  });
});
