// Flag parsing with spf13/pflag's rules and messages: `--name=value`, `--name value`,
// `-n value`, `-nvalue`, `-n=value`, grouped short booleans (`-Aw`), `--` ends flags.

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** the value when the flag is absent */
  default?: string | number | boolean | string[];
  /** value given by a bare `--flag` of a non-bool flag (pflag NoOptDefVal), e.g. --dry-run */
  noOptDefault?: string;
}

export type FlagValue = string | number | boolean | string[];

export interface ParsedFlags {
  values: Map<string, FlagValue>;
  /** flags the user set explicitly */
  changed: Set<string>;
  args: string[];
  /** index in args where `--` was seen (cobra ArgsLenAtDash), or -1 */
  argsLenAtDash: number;
}

/** A pflag parse error; the text is pflag's. */
export class FlagError extends Error {}

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function parseBool(v: string): boolean | undefined {
  // strconv.ParseBool
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

function setValue(parsed: ParsedFlags, spec: FlagSpec, raw: string): void {
  const invalid = (detail: string) =>
    new FlagError(
      `invalid argument ${JSON.stringify(raw)} for "${flagLabel(spec)}" flag: ${detail}`,
    );
  switch (spec.type) {
    case 'bool': {
      const b = parseBool(raw);
      if (b === undefined) {
        throw invalid(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
      }
      parsed.values.set(spec.name, b);
      break;
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) {
        throw invalid(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      }
      parsed.values.set(spec.name, Number(raw));
      break;
    }
    case 'string':
      parsed.values.set(spec.name, raw);
      break;
    case 'stringArray':
    case 'stringSlice': {
      // the first explicit use replaces the default, later ones append
      const prev = parsed.changed.has(spec.name) ? (parsed.values.get(spec.name) as string[]) : [];
      const more = spec.type === 'stringSlice' ? (raw === '' ? [] : raw.split(',')) : [raw];
      parsed.values.set(spec.name, [...prev, ...more]);
      break;
    }
  }
  parsed.changed.add(spec.name);
}

/**
 * Parses `words` against the flag specs; interspersed positional arguments are allowed.
 * `parseFlags(['pods', '-n', 'kube-system'], specs)` → args ['pods'], namespace 'kube-system'.
 */
export function parseFlags(words: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const parsed: ParsedFlags = {
    values: new Map(),
    changed: new Set(),
    args: [],
    argsLenAtDash: -1,
  };
  for (const s of specs) {
    const d =
      s.default ??
      (s.type === 'bool' ? false : s.type === 'int' ? 0 : s.type === 'string' ? '' : []);
    parsed.values.set(s.name, Array.isArray(d) ? [...d] : d);
  }
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      parsed.argsLenAtDash = parsed.args.length;
      parsed.args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name) ?? byName.get(name.replace(/_/g, '-'));
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) setValue(parsed, spec, w.slice(eq + 1));
      else if (spec.type === 'bool') setValue(parsed, spec, 'true');
      else if (spec.noOptDefault !== undefined) setValue(parsed, spec, spec.noOptDefault);
      else if (i + 1 < words.length) setValue(parsed, spec, words[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      let rest = w.slice(1);
      while (rest.length > 0) {
        const c = rest[0];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${w.slice(1)}`);
        if (rest.length > 2 && rest[1] === '=') {
          setValue(parsed, spec, rest.slice(2));
          rest = '';
        } else if (spec.type === 'bool') {
          setValue(parsed, spec, 'true');
          rest = rest.slice(1);
        } else if (rest.length > 1) {
          setValue(parsed, spec, rest.slice(1));
          rest = '';
        } else if (spec.noOptDefault !== undefined) {
          setValue(parsed, spec, spec.noOptDefault);
          rest = '';
        } else if (i + 1 < words.length) {
          setValue(parsed, spec, words[++i]);
          rest = '';
        } else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
      }
      continue;
    }
    parsed.args.push(w);
  }
  return parsed;
}

/** Typed accessors over a parse result. */
export class Flags {
  constructor(private readonly parsed: ParsedFlags) {}

  get args(): string[] {
    return this.parsed.args;
  }

  get argsLenAtDash(): number {
    return this.parsed.argsLenAtDash;
  }

  bool(name: string): boolean {
    return this.parsed.values.get(name) === true;
  }

  string(name: string): string {
    return String(this.parsed.values.get(name) ?? '');
  }

  int(name: string): number {
    return Number(this.parsed.values.get(name) ?? 0);
  }

  strings(name: string): string[] {
    return (this.parsed.values.get(name) as string[] | undefined) ?? [];
  }

  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }
}
