import { base32Std, sha256 } from './sha256';

// pkg/proxy/iptables/proxier.go: the chain-name prefixes kube-proxy owns.
export const SVC_PREFIX = 'KUBE-SVC-';
export const SVL_PREFIX = 'KUBE-SVL-';
export const FW_PREFIX = 'KUBE-FW-';
export const EXT_PREFIX = 'KUBE-EXT-';
export const SEP_PREFIX = 'KUBE-SEP-';

/**
 * proxier.go portProtoHash: the first 16 characters of base32(sha256(name + protocol)), so
 * chain names stay within iptables' 28-character limit.
 *
 *   portProtoHash('ns1/svc1:p80', 'tcp'); // 'XPGD46QRK7WJZT7O'
 */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32Std(sha256(servicePortName + protocol)).slice(0, 16);
}

/** KUBE-SVC-<hash>: the service port's chain for `Cluster` traffic policy. */
export function servicePortPolicyClusterChain(servicePortName: string, protocol: string): string {
  return SVC_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-SVL-<hash>: the service port's chain of node-local endpoints (`Local` policy). */
export function servicePortPolicyLocalChainName(servicePortName: string, protocol: string): string {
  return SVL_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-FW-<hash>: loadBalancerSourceRanges filtering. */
export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return FW_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-EXT-<hash>: external (NodePort, external IP, load-balancer) traffic. */
export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return EXT_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-SEP-<hash>: one endpoint (`ip:port`) of a service port. */
export function servicePortEndpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return SEP_PREFIX + base32Std(sha256(servicePortName + protocol + endpoint)).slice(0, 16);
}

/** Whether a chain is one of kube-proxy's per-service chains (so stale ones may be deleted). */
export function isServiceChainName(chain: string): boolean {
  return [SVC_PREFIX, SVL_PREFIX, EXT_PREFIX, FW_PREFIX, SEP_PREFIX].some((p) =>
    chain.startsWith(p),
  );
}
