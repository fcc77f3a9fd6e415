import type { KubeObject } from '../api/types';

/** One port of one Service, as kube-proxy's ServicePortMap holds it (pkg/proxy/serviceport.go). */
export interface ServicePortInfo {
  /** `ns/name:port` (or `ns/name` for an unnamed port): proxy.ServicePortName.String() */
  nameString: string;
  namespace: string;
  name: string;
  portName: string;
  /** lower case, as the chain hashes and `-p` use it */
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
}

/** One endpoint of a service port (pkg/proxy/endpoint.go BaseEndpointInfo). */
export interface EndpointInfo {
  ip: string;
  port: number;
  /** `ip:port` */
  endpoint: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  isLocal: boolean;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  ports?: { name?: string; port: number; protocol?: string; nodePort?: number }[];
  externalIPs?: string[];
  loadBalancerSourceRanges?: string[];
  healthCheckNodePort?: number;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
}

// core/v1 DefaultClientIPServiceAffinitySeconds: 3 hours.
const DEFAULT_STICKY_SECONDS = 10800;

/** The proxied ports of a Service; headless and ExternalName services have none. */
export function servicePorts(svc: KubeObject): ServicePortInfo[] {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const status = (svc.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } };
  // serviceport.go: services without a ClusterIP ("None" or unset) are not proxied.
  if (!spec.clusterIP || spec.clusterIP === 'None' || spec.type === 'ExternalName') return [];
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name!;
  const loadBalancerVIPs =
    spec.type === 'LoadBalancer'
      ? (status.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []))
      : [];
  return (spec.ports ?? []).map((p) => {
    const portName = p.name ?? '';
    const nodePort = p.nodePort ?? 0;
    const externalIPs = spec.externalIPs ?? [];
    const externallyAccessible =
      nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
    return {
      nameString: `${namespace}/${name}${portName ? `:${portName}` : ''}`,
      namespace,
      name,
      portName,
      protocol: (p.protocol ?? 'TCP').toLowerCase(),
      clusterIP: spec.clusterIP!,
      port: p.port,
      nodePort,
      externalIPs,
      loadBalancerVIPs,
      // LoadBalancerSourceRanges are trimmed of whitespace (serviceport.go newBaseServiceInfo).
      loadBalancerSourceRanges: (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()),
      // apiservice.NeedsHealthCheck: only LoadBalancer services with the Local policy.
      healthCheckNodePort:
        spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
          ? (spec.healthCheckNodePort ?? 0)
          : 0,
      sessionAffinityClientIP: spec.sessionAffinity === 'ClientIP',
      stickyMaxAgeSeconds:
        spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_SECONDS,
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      // apiservice.ExternalPolicyLocal: only meaningful when the service is reachable from outside.
      externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === 'Local',
    };
  });
}

/** serviceport.go ExternallyAccessible: a NodePort, load-balancer IP or external IP. */
export function externallyAccessible(svc: ServicePortInfo): boolean {
  return svc.nodePort !== 0 || svc.loadBalancerVIPs.length > 0 || svc.externalIPs.length > 0;
}

/** Whether `Cluster` policy endpoints are ever used (needed even for ETP Local short-circuits). */
export function usesClusterEndpoints(svc: ServicePortInfo): boolean {
  return !svc.internalPolicyLocal || externallyAccessible(svc);
}

export function usesLocalEndpoints(svc: ServicePortInfo): boolean {
  return svc.internalPolicyLocal || (svc.externalPolicyLocal && externallyAccessible(svc));
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  nodeName?: string;
}

interface SlicePort {
  name?: string | null;
  port?: number | null;
  protocol?: string | null;
}

/**
 * The endpoints of one service port from the service's EndpointSlices (endpointslicecache.go):
 * IPv4 slices only, deduplicated by address, sorted by `ip:port` as kube-proxy sorts them.
 */
export function endpointsForPort(
  slices: readonly KubeObject[],
  svc: ServicePortInfo,
  nodeName: string,
): EndpointInfo[] {
  const byEndpoint = new Map<string, EndpointInfo>();
  for (const slice of slices) {
    const s = slice as KubeObject & {
      addressType?: string;
      endpoints?: SliceEndpoint[] | null;
      ports?: SlicePort[] | null;
    };
    if (s.addressType !== 'IPv4') continue;
    const port = (s.ports ?? []).find(
      (p) =>
        (p.name ?? '') === svc.portName && (p.protocol ?? 'TCP').toLowerCase() === svc.protocol,
    );
    if (!port?.port) continue;
    for (const ep of s.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      // discovery/v1 EndpointConditions: ready nil ⇒ true, serving nil ⇒ ready, terminating nil ⇒ false.
      const ready = ep.conditions?.ready ?? true;
      const info: EndpointInfo = {
        ip,
        port: port.port,
        endpoint: `${ip}:${port.port}`,
        nodeName: ep.nodeName,
        ready,
        serving: ep.conditions?.serving ?? ready,
        terminating: ep.conditions?.terminating ?? false,
        isLocal: ep.nodeName === nodeName,
      };
      if (!byEndpoint.has(info.endpoint)) byEndpoint.set(info.endpoint, info);
    }
  }
  return [...byEndpoint.values()].sort((a, b) =>
    a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0,
  );
}

export interface CategorizedEndpoints {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachableEndpoints: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/**
 * pkg/proxy/topology.go CategorizeEndpoints (without topology hints): ready endpoints, falling
 * back to serving-and-terminating ones when no endpoint is ready.
 */
export function categorizeEndpoints(
  endpoints: readonly EndpointInfo[],
  svc: ServicePortInfo,
): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(svc)) {
    clusterEndpoints = endpoints.filter((ep) => ep.ready);
    if (clusterEndpoints.length === 0) {
      clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    }
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(svc)) {
    return {
      clusterEndpoints,
      localEndpoints,
      allReachableEndpoints: clusterEndpoints,
      hasAnyEndpoints,
    };
  }
  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  else if (hasLocalServingTerminating) {
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }
  if (!usesClusterEndpoints(svc)) {
    return {
      clusterEndpoints,
      localEndpoints,
      allReachableEndpoints: localEndpoints,
      hasAnyEndpoints,
    };
  }
  const all = [...clusterEndpoints];
  for (const ep of localEndpoints) if (!all.includes(ep)) all.push(ep);
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: all, hasAnyEndpoints };
}
