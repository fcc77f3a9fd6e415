import type { NodeIptables, TableName } from './iptables';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_CANARY,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './proxier-rules';

interface JumpChain {
  table: TableName;
  dstChain: string;
  srcChain: string;
  comment: string;
  extraArgs: string[];
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];

// proxier.go iptablesJumpChains, then iptablesKubeletJumpChains (KUBE-FIREWALL, no comment).
const JUMP_CHAINS: JumpChain[] = [
  j(
    'filter',
    KUBE_EXTERNAL_SERVICES,
    'INPUT',
    'kubernetes externally-visible service portals',
    NEW,
  ),
  j(
    'filter',
    KUBE_EXTERNAL_SERVICES,
    'FORWARD',
    'kubernetes externally-visible service portals',
    NEW,
  ),
  j('filter', KUBE_NODEPORTS, 'INPUT', 'kubernetes health check service ports', []),
  j('filter', KUBE_SERVICES, 'FORWARD', 'kubernetes service portals', NEW),
  j('filter', KUBE_SERVICES, 'OUTPUT', 'kubernetes service portals', NEW),
  j('filter', KUBE_FORWARD, 'FORWARD', 'kubernetes forwarding rules', []),
  j('filter', KUBE_PROXY_FIREWALL, 'INPUT', 'kubernetes load balancer firewall', NEW),
  j('filter', KUBE_PROXY_FIREWALL, 'OUTPUT', 'kubernetes load balancer firewall', NEW),
  j('filter', KUBE_PROXY_FIREWALL, 'FORWARD', 'kubernetes load balancer firewall', NEW),
  j('nat', KUBE_SERVICES, 'OUTPUT', 'kubernetes service portals', []),
  j('nat', KUBE_SERVICES, 'PREROUTING', 'kubernetes service portals', []),
  j('nat', KUBE_POSTROUTING, 'POSTROUTING', 'kubernetes postrouting rules', []),
  j('filter', KUBE_FIREWALL, 'INPUT', '', []),
  j('filter', KUBE_FIREWALL, 'OUTPUT', '', []),
];

function j(
  table: TableName,
  dstChain: string,
  srcChain: string,
  comment: string,
  extraArgs: string[],
): JumpChain {
  return { table, dstChain, srcChain, comment, extraArgs };
}

/**
 * A full sync's first step (proxier.go): make sure the built-in chains jump to kube-proxy's
 * chains, each rule prepended unless present; and the canary chains iptables.Monitor watches.
 */
export function ensureJumpChains(ipt: NodeIptables): void {
  for (const table of ['mangle', 'nat', 'filter'] as const)
    ipt.ensureChain(table, KUBE_PROXY_CANARY);
  for (const jump of JUMP_CHAINS) {
    ipt.ensureChain(jump.table, jump.dstChain);
    const args = [...jump.extraArgs];
    if (jump.comment) args.push('-m', 'comment', '--comment', `"${jump.comment}"`);
    args.push('-j', jump.dstChain);
    ipt.ensureRule('prepend', jump.table, jump.srcChain, args);
  }
}
