import type { Cluster } from '../src/engine';
import { createCluster } from '../src/engine';
import type { Benchmark } from './engine';

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

type PodView = { status?: { podIP?: string; conditions?: { type: string; status: string }[] } };

function podIP(c: Cluster, name: string): string | undefined {
  const pod = c.get('pod', name) as PodView | undefined;
  const ready = pod?.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
  return ready ? pod?.status?.podIP : undefined;
}

// Pods run by the kubelets (or, where none runs them, given the address and Ready condition
// the kubelet would report), and a selector-less Service whose EndpointSlice lists them, so
// the figure measures DNS + kube-proxy + delivery only.
function webService(c: Cluster, backends: number): void {
  const pods = [...Array(backends).keys()].map((i) => ({
    name: `web-${i}`,
    node: `worker-${(i % 3) + 1}`,
  }));
  pods.push({ name: 'client', node: 'worker-1' });
  for (const p of pods) {
    c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        metadata: { name: p.name },
        spec: { nodeName: p.node, containers: [{ name: 'web', image: 'nginx' }] },
      },
    });
  }
  c.runUntil((x) => pods.every((p) => podIP(x, p.name)), { timeoutMs: 60_000 });
  pods.forEach((p, i) => {
    if (podIP(c, p.name)) return;
    c.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/default/pods/${p.name}/status`,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: {
        status: {
          phase: 'Running',
          podIP: `10.244.${100 + i}.10`,
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
    });
  });
  const endpoints = pods
    .filter((p) => p.name !== 'client')
    .map((p) => ({
      addresses: [podIP(c, p.name)!],
      nodeName: p.node,
      conditions: { ready: true },
    }));
  c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    body: {
      metadata: { name: 'web' },
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
  });
  c.request({
    method: 'POST',
    path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    body: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-bench', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints,
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  });
  c.advance(3_000);
}

export const networkBenchmarks: Benchmark[] = [
  {
    name: 'network.requests.dns-kube-proxy',
    run() {
      const c = createCluster({ seed: 1, workers: 3 });
      webService(c, 3);
      // A name is looked up through CoreDNS, then DNATed by the client node's rules.
      const n = 3000;
      let ok = 0;
      const hopsBefore = c.sim.hops.count;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        if (c.trafficRequest({ from: 'pod/default/client', url: 'http://web/' }).ok) ok++;
      }
      const ms = performance.now() - t0;
      return {
        value: round(n / (ms / 1000)),
        unit: 'requests / wall s',
        requests: n,
        succeeded: ok,
        hops: c.sim.hops.count - hopsBefore,
        cluster: '1 control plane, 3 workers; 3 backends',
      };
    },
  },
];
