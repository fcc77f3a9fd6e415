// The service strategy's PrepareForUpdate (pkg/registry/core/service/strategy.go
// dropTypeDependentFields): fields the server filled in for the old type are dropped when the
// new type has no use for them and the client left them as they were.
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1';

/** Wipes clusterIPs, nodePorts and policies the new type does not need; mutates `svc`. */
export function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    // released by the allocators, as no service holds them any more
    if (spec.clusterIP === oldSpec.clusterIP && sameList(spec.clusterIPs, oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === oldSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec) && sameNodePorts(spec, oldSpec)) {
    for (const port of spec.ports ?? []) delete port.nodePort;
  }
  if (
    needsHealthCheckNodePort(oldSpec) &&
    !needsHealthCheckNodePort(spec) &&
    spec.healthCheckNodePort === oldSpec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort;
  if (
    oldSpec.type === 'LoadBalancer' &&
    spec.type !== 'LoadBalancer' &&
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
  )
    delete spec.allocateLoadBalancerNodePorts;
  if (
    oldSpec.type === 'LoadBalancer' &&
    spec.type !== 'LoadBalancer' &&
    spec.loadBalancerClass === oldSpec.loadBalancerClass
  )
    delete spec.loadBalancerClass;
  if (
    externallyAccessible(oldSpec) &&
    !externallyAccessible(spec) &&
    spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy
  )
    delete spec.externalTrafficPolicy;
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

function needsHealthCheckNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

// pkg/api/v1/service ExternallyAccessible
function externallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  );
}

// sameNodePorts: the client may drop or keep node ports, as long as it adds none
function sameNodePorts(spec: ServiceSpec, oldSpec: ServiceSpec): boolean {
  const old = new Set((oldSpec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
  return (spec.ports ?? []).every((p) => !p.nodePort || old.has(p.nodePort));
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === b![i]);
}
