/** A parsed etcdctl command line: positional words and --flags (with `=value` or a value word). */
export interface ParsedArgs {
  words: string[];
  flags: Map<string, string>;
}

// flags that take the next word as their value when written without '='
const VALUED = new Set([
  'endpoints',
  'command-timeout',
  'dial-timeout',
  'write-out',
  'w',
  'rev',
  'limit',
  'consistency',
  'cacert',
  'cert',
  'key',
  'data-dir',
  'name',
  'initial-cluster',
  'initial-cluster-token',
  'initial-advertise-peer-urls',
  'bump-revision',
  'wal-dir',
  'user',
  'password',
]);

/** Splits a command line like a shell would (single and double quotes). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

export function parseArgs(line: string): ParsedArgs {
  const tokens = tokenize(line);
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '--') {
      words.push(...tokens.slice(i + 1));
      break;
    }
    if (t.startsWith('-') && t.length > 1) {
      const body = t.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq >= 0) flags.set(body.slice(0, eq), body.slice(eq + 1));
      else if (VALUED.has(body) && i + 1 < tokens.length) flags.set(body, tokens[++i]);
      else flags.set(body, 'true');
    } else {
      words.push(t);
    }
  }
  return { words, flags };
}

/** A Go duration flag value (5s, 500ms, 1m) in milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * scale);
}
