import { invalidError, newInternalError } from '../api/errors';
import { fieldPath, invalid } from '../api/field';
import type { KubeObject } from '../api/types';
import type { Rng } from '../sim';
import type { KubeApiServer } from './apiserver';

// kubeadm's default --service-cluster-ip-range and the apiserver's default node port range.
export const SERVICE_CIDR = '10.96.0.0/12';
const SERVICE_BASE = ipToInt('10.96.0.0');
const SERVICE_SIZE = 1 << 20;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

type ServicePort = { name?: string; port?: number; nodePort?: number };
type ServiceSpec = {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  ports?: ServicePort[];
};

/**
 * The service REST's allocators on create: a free ClusterIP from the service CIDR (random, as
 * the bitmap allocator picks), and node ports for NodePort and LoadBalancer services.
 */
export function allocateServiceAddresses(svc: KubeObject, server: KubeApiServer, rng: Rng): void {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  svc.spec = spec;
  if (spec.type === 'ExternalName') return;
  const services = server.reader.list('services');
  allocateClusterIP(spec, services, rng);
  if (needsNodePort(spec)) initNodePorts(svc, usedNodePorts(services, svc), rng);
}

/**
 * The service REST's BeginUpdate (storage.go beginUpdate): values the client left out are kept
 * (patchAllocatedValues), then the allocators run (alloc.go allocateUpdate): a ClusterIP when
 * the type leaves ExternalName, node ports when it becomes NodePort or LoadBalancer. Ports and
 * IPs the new spec no longer holds are free again, as the allocators count what services hold.
 */
export function allocateServiceUpdate(
  svc: KubeObject,
  old: KubeObject,
  server: KubeApiServer,
  rng: Rng,
): void {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const oldSpec = (old.spec ?? {}) as ServiceSpec;
  svc.spec = spec;
  patchAllocatedValues(spec, oldSpec);
  const services = server.reader.list('services');
  // CASE A of updateClusterIPs: from ExternalName to a type with a ClusterIP
  if (oldSpec.type === 'ExternalName' && spec.type !== 'ExternalName')
    allocateClusterIP(spec, services, rng);
  if (!needsNodePort(spec)) return;
  const used = usedNodePorts(services, svc);
  const oldPorts = new Set((oldSpec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
  // updateNodePorts: a port the service already held stays its own; any other is allocated
  const allocatedNow = new Set<number>();
  (spec.ports ?? []).forEach((port, i) => {
    if (!port.nodePort) {
      if (shouldAllocateNodePorts(spec)) port.nodePort = allocateNext(used, rng);
      return;
    }
    if (oldPorts.has(port.nodePort) || allocatedNow.has(port.nodePort)) return;
    allocate(svc, i, port.nodePort, used);
    allocatedNow.add(port.nodePort);
  });
}

/** patchAllocatedValues: resubmitting the YAML a service was created from keeps its values. */
function patchAllocatedValues(spec: ServiceSpec, oldSpec: ServiceSpec): void {
  if (oldSpec.type !== 'ExternalName' && spec.type !== 'ExternalName') {
    spec.clusterIP ||= oldSpec.clusterIP;
    if (!spec.clusterIPs?.length && oldSpec.clusterIPs?.length)
      spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (!needsNodePort(oldSpec) || !needsNodePort(spec)) return;
  // the node ports both specs name cannot be patched in elsewhere; the rest go by port name
  const inNew = new Set((spec.ports ?? []).map((p) => p.nodePort));
  const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
  for (const port of spec.ports ?? []) {
    if (port.nodePort) continue;
    const old = byName.get(port.name ?? '');
    if (old && !inNew.has(old)) port.nodePort = old;
  }
}

function allocateClusterIP(spec: ServiceSpec, services: readonly KubeObject[], rng: Rng): void {
  if (!spec.clusterIP) {
    const usedIPs = new Set(services.map((s) => (s.spec as ServiceSpec).clusterIP));
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
}

/** initNodePorts: requested ports are reserved, the rest allocated; one port number shares one. */
function initNodePorts(svc: KubeObject, used: Set<number>, rng: Rng): void {
  const spec = svc.spec as ServiceSpec;
  const ports = spec.ports ?? [];
  const byServicePort = new Map<number | undefined, number>();
  ports.forEach((port, i) => {
    if (!port.nodePort && !shouldAllocateNodePorts(spec)) return;
    const shared = byServicePort.get(port.port);
    if (shared === undefined) {
      // a later entry of the same port number (TCP and UDP 53) may name the node port
      const requested =
        port.nodePort ||
        ports.slice(i + 1).find((p) => p.port === port.port && p.nodePort)?.nodePort;
      if (requested) allocate(svc, i, requested, used);
      port.nodePort = requested || allocateNext(used, rng);
      byServicePort.set(port.port, port.nodePort);
    } else if (!port.nodePort) port.nodePort = shared;
    else if (port.nodePort !== shared) allocate(svc, i, port.nodePort, used);
  });
}

// pkg/registry/core/service/storage/alloc.go shouldAllocateNodePorts
function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  return spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** The node ports every other service holds (the bitmap the port allocator keeps). */
function usedNodePorts(services: readonly KubeObject[], self: KubeObject): Set<number> {
  const used = new Set<number>();
  for (const s of services) {
    if (s.metadata.name === self.metadata.name && s.metadata.namespace === self.metadata.namespace)
      continue;
    for (const p of (s.spec as ServiceSpec).ports ?? []) if (p.nodePort) used.add(p.nodePort);
  }
  return used;
}

/** PortAllocator.Allocate: a requested port must lie in the range and be free. */
function allocate(svc: KubeObject, index: number, port: number, used: Set<number>): void {
  if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
    // portallocator ErrNotInRange
    throw invalidError('Service', svc.metadata.name ?? '', [
      invalid(
        nodePortPath(index),
        port,
        `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
      ),
    ]);
  }
  if (used.has(port)) throw alreadyAllocated(svc, index, port);
  used.add(port);
}

/** PortAllocator.AllocateNext: a random free port of the range. */
function allocateNext(used: Set<number>, rng: Rng): number {
  if (used.size > NODE_PORT_MAX - NODE_PORT_MIN)
    // alloc.go: "failed to allocate a nodePort: range is full" (portallocator ErrFull)
    throw newInternalError('failed to allocate a nodePort: range is full');
  let candidate: number;
  do candidate = rng.int(NODE_PORT_MIN, NODE_PORT_MAX + 1);
  while (used.has(candidate));
  used.add(candidate);
  return candidate;
}

// portallocator ErrAllocated, reported as spec.ports[i].nodePort Invalid (alloc.go)
function alreadyAllocated(svc: KubeObject, index: number, port: number): Error {
  return invalidError('Service', svc.metadata.name ?? '', [
    invalid(nodePortPath(index), port, 'provided port is already allocated'),
  ]);
}

function nodePortPath(index: number) {
  return fieldPath('spec', 'ports').index(index).child('nodePort');
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
