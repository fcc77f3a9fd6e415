import {
  isServiceChainName,
  servicePortEndpointChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
  serviceExternalChainName,
  serviceFirewallChainName,
} from './chain-names';
import type { EndpointInfo, ServicePortInfo } from './service-ports';
import { categorizeEndpoints, externallyAccessible } from './service-ports';

// pkg/proxy/iptables/proxier.go chain names.
export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';
// proxier.go largeClusterEndpointsThreshold: past this many endpoints, comments are dropped.
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;
// pkg/proxy/metrics nfacct counter names.
const CT_STATE_INVALID_DROPPED = 'ct_state_invalid_dropped_pkts';
const LOCALHOST_NODEPORT_ACCEPTED = 'localhost_nps_accepted_pkts';

/** kube-proxy's iptables settings (KubeProxyConfiguration, iptables mode). */
export interface ProxierConfig {
  nodeName: string;
  /** the cluster CIDR (--cluster-cidr) behind `! -s <cidr>`: the LocalTrafficDetector */
  clusterCIDR: string;
  /** 1 << masqueradeBit (14 by default) */
  masqueradeMark: string;
  masqueradeAll: boolean;
  localhostNodePorts: boolean;
  /** iptables ≥ 1.6.2 has MASQUERADE --random-fully */
  hasRandomFully: boolean;
  /** the nfacct counters exist (kernel nfnetlink_acct) */
  nfacct: boolean;
}

/** A rule as kube-proxy writes it to iptables-restore: `-A CHAIN` then its words. */
export type RuleWords = readonly string[];

export interface RestoreTable {
  /** chains declared (`:NAME - [0:0]`): created or flushed by the restore */
  chains: string[];
  rules: RuleWords[];
  /** chains deleted at the end of the restore (`-X NAME`) */
  deleted: string[];
}

export interface RestoreData {
  filter: RestoreTable;
  nat: RestoreTable;
  largeClusterMode: boolean;
}

/** A service port with its endpoints as the proxier's maps hold them. */
export interface ProxiedService {
  svc: ServicePortInfo;
  endpoints: EndpointInfo[];
}

/** proxier.go computeProbability: 1/n with ten decimals (Go's %0.10f). */
export function computeProbability(n: number): string {
  return (1 / n).toFixed(10);
}

/** `"..."` around a comment with spaces, as the proxier's fmt.Sprintf(`"%s"`) writes it. */
function quoted(comment: string): string {
  return `"${comment}"`;
}

/**
 * proxier.go syncProxyRules: the filter and nat data kube-proxy hands to iptables-restore for
 * the given service ports (in the order given), with the chains that exist now so stale
 * per-service chains are deleted.
 */
export function syncProxyRules(
  services: readonly ProxiedService[],
  config: ProxierConfig,
  existingNatChains: ReadonlySet<string> = new Set(),
): RestoreData {
  const filter: RestoreTable = { chains: [], rules: [], deleted: [] };
  const nat: RestoreTable = { chains: [], rules: [], deleted: [] };
  const mark = config.masqueradeMark;

  filter.chains.push(
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  );
  nat.chains.push(KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ);

  nat.rules.push([
    '-A',
    KUBE_POSTROUTING,
    '-m',
    'mark',
    '!',
    '--mark',
    `${mark}/${mark}`,
    '-j',
    'RETURN',
  ]);
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  nat.rules.push(['-A', KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', mark]);
  nat.rules.push([
    '-A',
    KUBE_POSTROUTING,
    '-m',
    'comment',
    '--comment',
    quoted('kubernetes service traffic requiring SNAT'),
    '-j',
    'MASQUERADE',
    ...(config.hasRandomFully ? ['--random-fully'] : []),
  ]);
  nat.rules.push(['-A', KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', mark]);

  if (config.localhostNodePorts) {
    // route_localnet opens a hole (https://issue.k8s.io/90259) that this rule closes.
    filter.chains.push(KUBE_FIREWALL);
    filter.rules.push([
      '-A',
      KUBE_FIREWALL,
      '-m',
      'comment',
      '--comment',
      quoted('block incoming localnet connections'),
      '-d',
      '127.0.0.0/8',
      '!',
      '-s',
      '127.0.0.0/8',
      '-m',
      'conntrack',
      '!',
      '--ctstate',
      'RELATED,ESTABLISHED,DNAT',
      '-j',
      'DROP',
    ]);
  }

  const activeNatChains = new Set<string>();
  const totalEndpoints = services.reduce((n, s) => n + s.endpoints.length, 0);
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const withComment = (args: string[], comment: string): string[] =>
    largeClusterMode ? args : [...args, '-m', 'comment', '--comment', comment];

  for (const { svc, endpoints } of services) {
    const protocol = svc.protocol;
    const name = svc.nameString;
    const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints } =
      categorizeEndpoints(endpoints, svc);
    const hasEndpoints = hasAnyEndpoints;
    const clusterPolicyChain = servicePortPolicyClusterChain(name, protocol);
    const localPolicyChain = servicePortPolicyLocalChainName(name, protocol);
    const usesClusterPolicyChain =
      clusterEndpoints.length > 0 && (!svc.internalPolicyLocal || externallyAccessible(svc));
    const usesLocalPolicyChain =
      localEndpoints.length > 0 &&
      (svc.internalPolicyLocal || (svc.externalPolicyLocal && externallyAccessible(svc)));

    let internalTrafficChain = clusterPolicyChain;
    let hasInternalEndpoints = hasEndpoints;
    if (svc.internalPolicyLocal) {
      internalTrafficChain = localPolicyChain;
      if (localEndpoints.length === 0) hasInternalEndpoints = false;
    }
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasEndpoints;
    if (svc.externalPolicyLocal) {
      externalPolicyChain = localPolicyChain;
      if (localEndpoints.length === 0) hasExternalEndpoints = false;
    }
    const externalTrafficChain = serviceExternalChainName(name, protocol);
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible(svc);
    const fwChain = serviceFirewallChainName(name, protocol);
    const usesFWChain =
      hasEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

    let internalFilterTarget = '';
    let internalFilterComment = '';
    let externalFilterTarget = '';
    let externalFilterComment = '';
    if (!hasEndpoints) {
      // No endpoints anywhere: only filter rules, rejecting connections to every address.
      internalFilterTarget = externalFilterTarget = 'REJECT';
      internalFilterComment = externalFilterComment = quoted(`${name} has no endpoints`);
    } else {
      if (!hasInternalEndpoints) {
        internalFilterTarget = 'DROP';
        internalFilterComment = quoted(`${name} has no local endpoints`);
      }
      if (!hasExternalEndpoints) {
        externalFilterTarget = 'DROP';
        externalFilterComment = quoted(`${name} has no local endpoints`);
      }
    }
    const port = String(svc.port);
    const clusterIPMatch = ['-m', protocol, '-p', protocol, '-d', svc.clusterIP, '--dport', port];

    // Capture the clusterIP.
    if (hasInternalEndpoints) {
      nat.rules.push([
        '-A',
        KUBE_SERVICES,
        '-m',
        'comment',
        '--comment',
        quoted(`${name} cluster IP`),
        ...clusterIPMatch,
        '-j',
        internalTrafficChain,
      ]);
    } else {
      filter.rules.push([
        '-A',
        KUBE_SERVICES,
        '-m',
        'comment',
        '--comment',
        internalFilterComment,
        ...clusterIPMatch,
        '-j',
        internalFilterTarget,
      ]);
    }

    // Capture externalIPs.
    for (const ip of svc.externalIPs) {
      const match = ['-m', protocol, '-p', protocol, '-d', ip, '--dport', port];
      if (hasEndpoints) {
        nat.rules.push([
          '-A',
          KUBE_SERVICES,
          '-m',
          'comment',
          '--comment',
          quoted(`${name} external IP`),
          ...match,
          '-j',
          externalTrafficChain,
        ]);
      }
      if (!hasExternalEndpoints) {
        filter.rules.push([
          '-A',
          KUBE_EXTERNAL_SERVICES,
          '-m',
          'comment',
          '--comment',
          externalFilterComment,
          ...match,
          '-j',
          externalFilterTarget,
        ]);
      }
    }

    // Capture load-balancer ingress.
    for (const ip of svc.loadBalancerVIPs) {
      const match = ['-m', protocol, '-p', protocol, '-d', ip, '--dport', port];
      if (hasEndpoints) {
        nat.rules.push([
          '-A',
          KUBE_SERVICES,
          '-m',
          'comment',
          '--comment',
          quoted(`${name} loadbalancer IP`),
          ...match,
          '-j',
          loadBalancerTrafficChain,
        ]);
      }
      if (usesFWChain) {
        filter.rules.push([
          '-A',
          KUBE_PROXY_FIREWALL,
          '-m',
          'comment',
          '--comment',
          quoted(`${name} traffic not accepted by ${fwChain}`),
          ...match,
          '-j',
          'DROP',
        ]);
      }
    }
    if (!hasExternalEndpoints) {
      for (const ip of svc.loadBalancerVIPs) {
        filter.rules.push([
          '-A',
          KUBE_EXTERNAL_SERVICES,
          '-m',
          'comment',
          '--comment',
          externalFilterComment,
          '-m',
          protocol,
          '-p',
          protocol,
          '-d',
          ip,
          '--dport',
          port,
          '-j',
          externalFilterTarget,
        ]);
      }
    }

    // Capture nodeports.
    if (svc.nodePort !== 0) {
      const nodePort = String(svc.nodePort);
      if (hasEndpoints) {
        if (config.localhostNodePorts && config.nfacct) {
          nat.rules.push([
            '-A',
            KUBE_NODEPORTS,
            '-m',
            'comment',
            '--comment',
            name,
            '-m',
            protocol,
            '-p',
            protocol,
            '-d',
            '127.0.0.0/8',
            '--dport',
            nodePort,
            '-m',
            'nfacct',
            '--nfacct-name',
            LOCALHOST_NODEPORT_ACCEPTED,
            '-j',
            externalTrafficChain,
          ]);
        }
        nat.rules.push([
          '-A',
          KUBE_NODEPORTS,
          '-m',
          'comment',
          '--comment',
          name,
          '-m',
          protocol,
          '-p',
          protocol,
          '--dport',
          nodePort,
          '-j',
          externalTrafficChain,
        ]);
      }
      if (!hasExternalEndpoints) {
        filter.rules.push([
          '-A',
          KUBE_EXTERNAL_SERVICES,
          '-m',
          'comment',
          '--comment',
          externalFilterComment,
          '-m',
          'addrtype',
          '--dst-type',
          'LOCAL',
          '-m',
          protocol,
          '-p',
          protocol,
          '--dport',
          nodePort,
          '-j',
          externalFilterTarget,
        ]);
      }
    }

    // Capture healthCheckNodePorts: accepted whether or not this node has local endpoints.
    if (svc.healthCheckNodePort !== 0) {
      filter.rules.push([
        '-A',
        KUBE_NODEPORTS,
        '-m',
        'comment',
        '--comment',
        quoted(`${name} health check node port`),
        '-m',
        'tcp',
        '-p',
        'tcp',
        '--dport',
        String(svc.healthCheckNodePort),
        '-j',
        'ACCEPT',
      ]);
    }

    // Internal traffic: masquerade what comes from outside the cluster CIDR.
    if (hasInternalEndpoints) {
      const args = ['-m', 'comment', '--comment', quoted(`${name} cluster IP`), ...clusterIPMatch];
      if (config.masqueradeAll) {
        nat.rules.push(['-A', internalTrafficChain, ...args, '-j', KUBE_MARK_MASQ]);
      } else {
        nat.rules.push([
          '-A',
          internalTrafficChain,
          ...args,
          '!',
          '-s',
          config.clusterCIDR,
          '-j',
          KUBE_MARK_MASQ,
        ]);
      }
    }

    // External traffic: everything captured for external destinations goes through KUBE-EXT.
    if (usesExternalTrafficChain) {
      nat.chains.push(externalTrafficChain);
      activeNatChains.add(externalTrafficChain);
      if (!svc.externalPolicyLocal) {
        // Endpoints may be on another node: masquerade so replies come back through us.
        nat.rules.push([
          '-A',
          externalTrafficChain,
          '-m',
          'comment',
          '--comment',
          quoted(`masquerade traffic for ${name} external destinations`),
          '-j',
          KUBE_MARK_MASQ,
        ]);
      } else {
        // Pods reaching an external address short-circuit to the cluster chain.
        nat.rules.push([
          '-A',
          externalTrafficChain,
          '-m',
          'comment',
          '--comment',
          quoted(`pod traffic for ${name} external destinations`),
          '-s',
          config.clusterCIDR,
          '-j',
          clusterPolicyChain,
        ]);
        nat.rules.push([
          '-A',
          externalTrafficChain,
          '-m',
          'comment',
          '--comment',
          quoted(`masquerade LOCAL traffic for ${name} external destinations`),
          '-m',
          'addrtype',
          '--src-type',
          'LOCAL',
          '-j',
          KUBE_MARK_MASQ,
        ]);
        nat.rules.push([
          '-A',
          externalTrafficChain,
          '-m',
          'comment',
          '--comment',
          quoted(`route LOCAL traffic for ${name} external destinations`),
          '-m',
          'addrtype',
          '--src-type',
          'LOCAL',
          '-j',
          clusterPolicyChain,
        ]);
      }
      if (hasExternalEndpoints)
        nat.rules.push(['-A', externalTrafficChain, '-j', externalPolicyChain]);
    }

    // The firewall chain for loadBalancerSourceRanges.
    if (usesFWChain) {
      nat.chains.push(fwChain);
      activeNatChains.add(fwChain);
      const args = ['-A', fwChain, '-m', 'comment', '--comment', quoted(`${name} loadbalancer IP`)];
      for (const cidr of svc.loadBalancerSourceRanges) {
        nat.rules.push([...args, '-s', cidr, '-j', externalTrafficChain]);
      }
      nat.rules.push([
        '-A',
        fwChain,
        '-m',
        'comment',
        '--comment',
        quoted(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`),
      ]);
    }

    if (usesClusterPolicyChain) {
      nat.chains.push(clusterPolicyChain);
      activeNatChains.add(clusterPolicyChain);
      writeServiceToEndpointRules(nat, svc, clusterPolicyChain, clusterEndpoints, withComment);
    }
    if (usesLocalPolicyChain) {
      nat.chains.push(localPolicyChain);
      activeNatChains.add(localPolicyChain);
      writeServiceToEndpointRules(nat, svc, localPolicyChain, localEndpoints, withComment);
    }

    // One KUBE-SEP chain per endpoint: hairpin masquerade, then DNAT.
    for (const ep of allReachableEndpoints) {
      const chain = servicePortEndpointChainName(name, protocol, ep.endpoint);
      nat.chains.push(chain);
      activeNatChains.add(chain);
      const args = withComment(['-A', chain], name);
      nat.rules.push([...args, '-s', ep.ip, '-j', KUBE_MARK_MASQ]);
      nat.rules.push([
        ...args,
        ...(svc.sessionAffinityClientIP ? ['-m', 'recent', '--name', chain, '--set'] : []),
        '-m',
        protocol,
        '-p',
        protocol,
        '-j',
        'DNAT',
        '--to-destination',
        ep.endpoint,
      ]);
    }
  }

  // Delete per-service chains that are no longer used.
  for (const chain of existingNatChains) {
    if (activeNatChains.has(chain) || !isServiceChainName(chain)) continue;
    nat.chains.push(chain);
    nat.deleted.push(chain);
  }

  // Tail-call to the nodeports chain; this must stay the last rule of KUBE-SERVICES.
  nat.rules.push([
    '-A',
    KUBE_SERVICES,
    '-m',
    'comment',
    '--comment',
    quoted('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
    '-m',
    'addrtype',
    '--dst-type',
    'LOCAL',
    ...(config.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8']),
    '-j',
    KUBE_NODEPORTS,
  ]);

  filter.rules.push([
    '-A',
    KUBE_FORWARD,
    '-m',
    'conntrack',
    '--ctstate',
    'INVALID',
    ...(config.nfacct ? ['-m', 'nfacct', '--nfacct-name', CT_STATE_INVALID_DROPPED] : []),
    '-j',
    'DROP',
  ]);
  filter.rules.push([
    '-A',
    KUBE_FORWARD,
    '-m',
    'comment',
    '--comment',
    quoted('kubernetes forwarding rules'),
    '-m',
    'mark',
    '--mark',
    `${mark}/${mark}`,
    '-j',
    'ACCEPT',
  ]);
  filter.rules.push([
    '-A',
    KUBE_FORWARD,
    '-m',
    'comment',
    '--comment',
    quoted('kubernetes forwarding conntrack rule'),
    '-m',
    'conntrack',
    '--ctstate',
    'RELATED,ESTABLISHED',
    '-j',
    'ACCEPT',
  ]);

  return { filter, nat, largeClusterMode };
}

// proxier.go writeServiceToEndpointRules: session-affinity checks first, then 1/n, 1/(n-1) … 1.
function writeServiceToEndpointRules(
  nat: RestoreTable,
  svc: ServicePortInfo,
  svcChain: string,
  endpoints: readonly EndpointInfo[],
  withComment: (args: string[], comment: string) => string[],
): void {
  const name = svc.nameString;
  const chainOf = (ep: EndpointInfo) =>
    servicePortEndpointChainName(name, svc.protocol, ep.endpoint);
  if (svc.sessionAffinityClientIP) {
    for (const ep of endpoints) {
      const args = withComment(['-A', svcChain], quoted(`${name} -> ${ep.endpoint}`));
      nat.rules.push([
        ...args,
        '-m',
        'recent',
        '--name',
        chainOf(ep),
        '--rcheck',
        '--seconds',
        String(svc.stickyMaxAgeSeconds),
        '--reap',
        '-j',
        chainOf(ep),
      ]);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const args = withComment(['-A', svcChain], quoted(`${name} -> ${ep.endpoint}`));
    if (i < n - 1) {
      args.push('-m', 'statistic', '--mode', 'random', '--probability', computeProbability(n - i));
    }
    nat.rules.push([...args, '-j', chainOf(ep)]);
  });
}

/** The iptables-restore input text (`*filter … COMMIT`, `*nat … COMMIT`). */
export function restoreText(data: RestoreData): string {
  const table = (name: string, t: RestoreTable) =>
    [
      `*${name}`,
      ...t.chains.map((c) => `:${c} - [0:0]`),
      ...t.rules.map((r) => r.join(' ')),
      ...t.deleted.map((c) => `-X ${c}`),
      'COMMIT',
    ].join('\n');
  return `${table('filter', data.filter)}\n${table('nat', data.nat)}\n`;
}
