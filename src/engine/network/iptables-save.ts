import type { RuleWords } from './proxier-rules';

// iptables' xtables_save_string: words made only of these characters are printed bare.
const NO_QUOTE = /^[_\-0-9a-zA-Z]+$/;

/** A word as iptables-save prints a string option: bare if safe, else quoted and escaped. */
export function saveString(value: string): string {
  if (NO_QUOTE.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function unquote(word: string): string {
  return word.length >= 2 && word.startsWith('"') && word.endsWith('"') ? word.slice(1, -1) : word;
}

/** A rule split the way the kernel stores it: addresses and protocol, matches, target. */
export interface ParsedRule {
  chain: string;
  source?: { cidr: string; negated: boolean };
  destination?: { cidr: string; negated: boolean };
  protocol?: string;
  matches: { name: string; options: string[] }[];
  target?: { name: string; options: string[] };
}

/** Parses one rule as kube-proxy writes it (`-A CHAIN …`); comments lose their quotes. */
export function parseRule(words: RuleWords): ParsedRule {
  const rule: ParsedRule = { chain: words[1], matches: [] };
  let current: string[] | undefined;
  let negate = false;
  for (let i = 2; i < words.length; i++) {
    const w = words[i];
    if (w === '!') {
      const next = words[i + 1];
      if (next === '-s' || next === '-d' || next === '-p') {
        negate = true;
        continue;
      }
      current?.push(w);
    } else if (w === '-s' || w === '-d') {
      const cidr = words[++i];
      const value = { cidr: cidr.includes('/') ? cidr : `${cidr}/32`, negated: negate };
      if (w === '-s') rule.source = value;
      else rule.destination = value;
      negate = false;
    } else if (w === '-p') {
      rule.protocol = words[++i];
      negate = false;
    } else if (w === '-m') {
      const match = { name: words[++i], options: [] as string[] };
      rule.matches.push(match);
      current = match.options;
    } else if (w === '-j') {
      rule.target = { name: words[++i], options: [] };
      current = rule.target.options;
    } else current?.push(unquote(w));
  }
  return rule;
}

// xt_statistic stores the probability as a 31-bit fraction and prints it back with %.11f.
function savedProbability(p: string): string {
  const fraction = Math.round(Number(p) * 0x80000000);
  return (fraction / 0x80000000).toFixed(11);
}

function saveMatch(name: string, options: readonly string[]): string {
  switch (name) {
    case 'comment':
      return `-m comment --comment ${saveString(options[1] ?? '')}`;
    case 'statistic': {
      const out = [...options];
      const at = out.indexOf('--probability');
      if (at >= 0) out[at + 1] = savedProbability(out[at + 1]);
      return ['-m', 'statistic', ...out].join(' ');
    }
    case 'recent': {
      // libxt_recent prints its command, then seconds, reap, name, mask and side.
      const command = options.find((o) => o === '--set' || o === '--rcheck') ?? '--set';
      const seconds = options.indexOf('--seconds');
      const parts = ['-m', 'recent', command];
      if (seconds >= 0) parts.push('--seconds', options[seconds + 1]);
      if (options.includes('--reap')) parts.push('--reap');
      parts.push('--name', options[options.indexOf('--name') + 1]);
      parts.push('--mask', '255.255.255.255', '--rsource');
      return parts.join(' ');
    }
    default:
      return ['-m', name, ...options].join(' ');
  }
}

function saveTarget(name: string, options: readonly string[]): string {
  if (name === 'MARK') {
    // libxt_MARK v2 prints every form as --set-xmark value/mask.
    const [op, value] = options;
    if (op === '--or-mark') return `-j MARK --set-xmark ${value}/${value}`;
    if (op === '--xor-mark') return `-j MARK --set-xmark ${value}/0x0`;
    return ['-j', 'MARK', ...options].join(' ');
  }
  // libipt_REJECT prints its default reply type.
  if (name === 'REJECT' && options.length === 0)
    return '-j REJECT --reject-with icmp-port-unreachable';
  return ['-j', name, ...options].join(' ');
}

/** A rule as `iptables-save` prints it: `-s`, `-d` (with /32), `-p`, matches, target. */
export function saveRule(rule: ParsedRule): string {
  const parts = [`-A ${rule.chain}`];
  if (rule.source) parts.push(`${rule.source.negated ? '! ' : ''}-s ${rule.source.cidr}`);
  if (rule.destination) {
    parts.push(`${rule.destination.negated ? '! ' : ''}-d ${rule.destination.cidr}`);
  }
  if (rule.protocol) parts.push(`-p ${rule.protocol}`);
  for (const m of rule.matches) parts.push(saveMatch(m.name, m.options));
  if (rule.target) parts.push(saveTarget(rule.target.name, rule.target.options));
  return parts.join(' ');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime() layout (`Thu Jan  1 09:00:00 2026`), in UTC, as iptables-save stamps tables. */
export function ctime(unixMs: number): string {
  const d = new Date(unixMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}
