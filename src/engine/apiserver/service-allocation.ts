import type { KubeObject } from '../api/types';
import type { Rng } from '../sim';
import type { KubeApiServer } from './apiserver';

// kubeadm's default --service-cluster-ip-range and the apiserver's default node port range.
export const SERVICE_CIDR = '10.96.0.0/12';
const SERVICE_BASE = ipToInt('10.96.0.0');
const SERVICE_SIZE = 1 << 20;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

type ServiceSpec = {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: { nodePort?: number }[];
};

/**
 * The service REST's allocators: a free ClusterIP from the service CIDR (random, as the
 * bitmap allocator picks), and node ports for NodePort and LoadBalancer services.
 */
export function allocateServiceAddresses(svc: KubeObject, server: KubeApiServer, rng: Rng): void {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  svc.spec = spec;
  if (spec.type === 'ExternalName') return;
  const services = server.reader.list('services');
  const usedIPs = new Set(services.map((s) => (s.spec as ServiceSpec).clusterIP));
  if (!spec.clusterIP) {
    let ip: string;
    do ip = intToIp(SERVICE_BASE + rng.int(2, SERVICE_SIZE - 1));
    while (usedIPs.has(ip));
    spec.clusterIP = ip;
  }
  if (spec.clusterIP !== 'None') {
    spec.clusterIPs = [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  } else {
    spec.clusterIPs = ['None'];
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const usedPorts = new Set(
      services.flatMap((s) => ((s.spec as ServiceSpec).ports ?? []).map((p) => p.nodePort)),
    );
    for (const port of spec.ports ?? []) {
      if (port.nodePort) continue;
      let candidate: number;
      do candidate = rng.int(NODE_PORT_MIN, NODE_PORT_MAX + 1);
      while (usedPorts.has(candidate));
      usedPorts.add(candidate);
      port.nodePort = candidate;
    }
  }
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
