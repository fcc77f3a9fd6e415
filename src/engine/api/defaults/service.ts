// Service defaults (SetDefaults_Service in kubernetes pkg/apis/core/v1/defaults.go) plus the IP
// family fields the service REST storage fills in on create.
import type { Service } from 'kubernetes-types/core/v1';

/** SetDefaults_Service and the create-time IP family fields; mutates `svc`. */
export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = (spec.sessionAffinityConfig ??= {});
    // DefaultClientIPServiceAffinitySeconds: 3 hours
    if (cfg.clientIP?.timeoutSeconds === undefined) cfg.clientIP = { timeoutSeconds: 10800 };
  }
  spec.type ||= 'ClusterIP';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = port.port;
    }
  }
  // pkg/api/v1/service ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with externalIPs
  const external =
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
  if (external) spec.externalTrafficPolicy ||= 'Cluster';
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    // pkg/registry/core/service/storage initIPFamilyFields, on an IPv4 single-stack cluster;
    // headless services without a selector get RequireDualStack (UNVERIFIED against source)
    const headlessNoSelector =
      spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
    spec.ipFamilyPolicy ??= headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
    spec.ipFamilies ??= ['IPv4'];
  }
}
