// What every kubectl command gets: its flags, arguments, output streams and a client.
import type { KubectlContext } from './context';
import type { FlagSpec, Flags } from './flags';
import type { RestClient } from './rest';

/** stdout and stderr as the command writes them, and whether it failed. */
export class Output {
  stdout = '';
  stderr = '';
  exitCode = 0;

  out(text: string): void {
    this.stdout += text;
  }

  err(text: string): void {
    this.stderr += text;
  }
}

export interface Invocation {
  /** `kubectl get`, for messages */
  commandPath: string;
  flags: Flags;
  args: string[];
  out: Output;
  client: RestClient;
  ctx: KubectlContext;
  /** the namespace in effect: -n, else the context's */
  namespace: string;
  /** -n was given */
  explicitNamespace: boolean;
  stdin: string | undefined;
}

/** One kubectl command (a cobra.Command): its name, flags, and what it does. */
export interface Command {
  name: string;
  aliases?: string[];
  flags: FlagSpec[];
  /** subcommands (create deployment ...); the parent runs when none matches */
  subcommands?: Command[];
  run(inv: Invocation): void;
}

/** Flags every command accepts (kubectl's persistent flags we model). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'v', short: 'v', type: 'string', default: '0' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  // impersonation (client-go ImpersonationConfig): sent as Impersonate-User / -Group headers
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
];

/** --request-timeout as milliseconds (`5s`, `1m`, `500ms`, a bare number is seconds); 0 if unset. */
export function parseDuration(value: string): number | undefined {
  if (value === '' || value === '0') return 0;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    const n = Number(m[1]);
    total +=
      m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    consumed += m[0].length;
  }
  return consumed === value.length ? total : undefined;
}
