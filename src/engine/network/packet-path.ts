import type { ParsedRule } from './iptables-save';
import type { NodeIptables, TableName } from './iptables';
import { cidrContains } from './ip';

/** A new connection's first packet as netfilter sees it. */
export interface Packet {
  src: string;
  dst: string;
  dport: number;
  protocol: 'tcp' | 'udp';
}

/** Where the packet enters this node's netfilter: from a local process or from an interface. */
export type Hook = 'output' | 'prerouting';

/** What netfilter did with a packet. */
export type Verdict =
  | { kind: 'dnat'; to: string; port: number; chains: string[] }
  | { kind: 'reject'; chains: string[]; comment?: string }
  | { kind: 'drop'; chains: string[]; comment?: string }
  | { kind: 'accept'; chains: string[] };

interface Walk {
  packet: Packet;
  localAddresses: ReadonlySet<string>;
  random: () => number;
  mark: number;
  chains: string[];
}

type Outcome =
  | { kind: 'continue' }
  | { kind: 'return' }
  | { kind: 'dnat'; to: string; port: number }
  | { kind: 'accept' }
  | { kind: 'reject' | 'drop'; comment?: string };

// Jumps deeper than this are a loop; the kernel refuses such rule sets at load time.
const MAX_DEPTH = 32;

/**
 * Runs a new connection's first packet through one node's nat table, then (if not DNATed)
 * through the filter table, as the kernel does: PREROUTING or OUTPUT, then INPUT, FORWARD
 * or OUTPUT. `random()` in [0, 1) drives `-m statistic --mode random`.
 */
export function evaluatePacket(
  ipt: NodeIptables,
  packet: Packet,
  hook: Hook,
  localAddresses: ReadonlySet<string>,
  random: () => number,
): Verdict {
  const walk: Walk = { packet, localAddresses, random, mark: 0, chains: [] };
  const nat = runChain(ipt, 'nat', hook === 'output' ? 'OUTPUT' : 'PREROUTING', walk, 0);
  if (nat.kind === 'dnat') return { kind: 'dnat', to: nat.to, port: nat.port, chains: walk.chains };
  if (nat.kind === 'reject' || nat.kind === 'drop') return { ...nat, chains: walk.chains };
  const filterChain =
    hook === 'output' ? 'OUTPUT' : localAddresses.has(packet.dst) ? 'INPUT' : 'FORWARD';
  const filter = runChain(ipt, 'filter', filterChain, walk, 0);
  if (filter.kind === 'reject' || filter.kind === 'drop') return { ...filter, chains: walk.chains };
  return { kind: 'accept', chains: walk.chains };
}

function runChain(
  ipt: NodeIptables,
  table: TableName,
  chain: string,
  walk: Walk,
  depth: number,
): Outcome {
  const rules = ipt.chain(table, chain);
  if (!rules || depth > MAX_DEPTH) return { kind: 'continue' };
  if (chain.startsWith('KUBE-')) walk.chains.push(chain);
  for (const rule of rules) {
    if (!matches(rule, walk)) continue;
    const target = rule.target;
    if (!target) continue;
    switch (target.name) {
      case 'DNAT': {
        const to = target.options[target.options.indexOf('--to-destination') + 1];
        const [ip, port] = to.split(':');
        return { kind: 'dnat', to: ip, port: Number(port ?? walk.packet.dport) };
      }
      case 'ACCEPT':
        return { kind: 'accept' };
      case 'RETURN':
        return { kind: 'return' };
      case 'REJECT':
      case 'DROP':
        return { kind: target.name === 'REJECT' ? 'reject' : 'drop', comment: commentOf(rule) };
      case 'MARK':
        walk.mark = applyMark(walk.mark, target.options);
        continue;
      case 'MASQUERADE':
      case 'SNAT':
        continue;
      default: {
        const result = runChain(ipt, table, target.name, walk, depth + 1);
        if (result.kind !== 'continue' && result.kind !== 'return') return result;
      }
    }
  }
  return { kind: 'continue' };
}

function commentOf(rule: ParsedRule): string | undefined {
  return rule.matches.find((m) => m.name === 'comment')?.options[1];
}

function applyMark(mark: number, options: readonly string[]): number {
  const value = Number(options[1]);
  if (options[0] === '--or-mark') return (mark | value) >>> 0;
  if (options[0] === '--xor-mark') return (mark ^ value) >>> 0;
  return mark;
}

function matches(rule: ParsedRule, walk: Walk): boolean {
  const p = walk.packet;
  if (rule.source && cidrContains(rule.source.cidr, p.src) === rule.source.negated) return false;
  if (rule.destination && cidrContains(rule.destination.cidr, p.dst) === rule.destination.negated) {
    return false;
  }
  if (rule.protocol && rule.protocol !== p.protocol) return false;
  return rule.matches.every((m) => matchExtension(m.name, m.options, walk));
}

function matchExtension(name: string, options: readonly string[], walk: Walk): boolean {
  const p = walk.packet;
  const option = (flag: string) => {
    const at = options.indexOf(flag);
    return at < 0 ? undefined : { value: options[at + 1], negated: options[at - 1] === '!' };
  };
  switch (name) {
    case 'tcp':
    case 'udp': {
      const dport = option('--dport');
      return !dport || Number(dport.value) === p.dport;
    }
    case 'addrtype': {
      const isLocal = (ip: string) =>
        walk.localAddresses.has(ip) || cidrContains('127.0.0.0/8', ip);
      const dst = option('--dst-type');
      const src = option('--src-type');
      if (dst && dst.value === 'LOCAL' && !isLocal(p.dst)) return false;
      if (src && src.value === 'LOCAL' && !isLocal(p.src)) return false;
      return true;
    }
    case 'statistic': {
      // xt_statistic: (random u32 & 0x7fffffff) < probability * 2^31
      const probability = Math.round(Number(option('--probability')?.value ?? 1) * 0x80000000);
      return Math.floor(walk.random() * 0x80000000) < probability;
    }
    case 'conntrack': {
      // Only a connection's first packet is routed here: its state is NEW.
      const state = option('--ctstate');
      if (!state) return true;
      const hit = state.value.split(',').includes('NEW');
      return hit !== state.negated;
    }
    case 'mark': {
      const m = option('--mark');
      if (!m) return true;
      const [value, mask = '0xffffffff'] = m.value.split('/');
      const hit = (walk.mark & Number(mask)) >>> 0 === (Number(value) & Number(mask)) >>> 0;
      return hit !== m.negated;
    }
    case 'recent':
      // Session affinity memory is not modelled: --rcheck never matches, --set always does.
      return !options.includes('--rcheck');
    default:
      // comment, nfacct: always match
      return true;
  }
}
