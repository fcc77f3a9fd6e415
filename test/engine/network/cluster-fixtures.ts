import type { Cluster } from '../../../src/engine';
import type { KubeObject } from '../../../src/engine/api/types';

/**
 * A pod bound to `node` that serves traffic: created through the API; if the kubelet has not
 * started it with an address within 20 s, its status (podIP, Ready) is patched the way
 * the kubelet would, through `pods/<name>/status`. Returns the pod's IP.
 */
export function runningPod(
  c: Cluster,
  namespace: string,
  name: string,
  node: string,
  labels: Record<string, string> = {},
  fallbackIP?: string,
): string {
  const res = c.request({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/pods`,
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx' }] },
    },
  });
  if (res.status !== 201) throw new Error(`create pod ${name}: ${JSON.stringify(res.body)}`);
  const ready = () => {
    const pod = c.get('pod', name, namespace) as
      | (KubeObject & {
          status?: { podIP?: string; conditions?: { type: string; status: string }[] };
        })
      | undefined;
    const cond = pod?.status?.conditions?.find((x) => x.type === 'Ready');
    return pod?.status?.podIP && cond?.status === 'True' ? pod.status.podIP : undefined;
  };
  c.runUntil(() => ready() !== undefined, { timeoutMs: 20_000 });
  const ip = ready();
  if (ip) return ip;
  if (!fallbackIP) throw new Error(`pod ${name} did not start and no fallback IP was given`);
  const patched = c.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}/pods/${name}/status`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: {
      status: {
        phase: 'Running',
        podIP: fallbackIP,
        podIPs: [{ ip: fallbackIP }],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
  });
  if (patched.status !== 200) throw new Error(`patch ${name}: ${JSON.stringify(patched.body)}`);
  return fallbackIP;
}

/** A Service without a selector, so its EndpointSlices are the test's alone. */
export function createService(
  c: Cluster,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): KubeObject {
  const res = c.request({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/services`,
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec },
  });
  if (res.status !== 201) throw new Error(`create service ${name}: ${JSON.stringify(res.body)}`);
  return res.body as KubeObject;
}

/** An EndpointSlice for `service` listing `endpoints` (ready unless said otherwise). */
export function createSlice(
  c: Cluster,
  namespace: string,
  service: string,
  endpoints: { ip: string; node: string; ready?: boolean }[],
  ports: { name: string; port: number; protocol?: string }[],
): void {
  const res = c.request({
    method: 'POST',
    path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
    body: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${service}-abcde`,
        namespace,
        labels: {
          'kubernetes.io/service-name': service,
          'endpointslice.kubernetes.io/managed-by': 'test',
        },
      },
      addressType: 'IPv4',
      endpoints: endpoints.map((e) => ({
        addresses: [e.ip],
        nodeName: e.node,
        conditions: { ready: e.ready ?? true },
      })),
      ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
    },
  });
  if (res.status !== 201) throw new Error(`create slice: ${JSON.stringify(res.body)}`);
}
