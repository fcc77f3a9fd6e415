// The engine's own kubectl: parses a command line as a shell and cobra would, runs the command
// against the cluster through KubectlContext, and prints what kubectl v1.32 prints.
import type { ApiRequest } from '../api/types';
import type { Command, Invocation } from './command';
import { GLOBAL_FLAGS, Output } from './command';
import { commands } from './commands';
import type { KubectlContext, KubectlResult } from './context';
import { errorMessage } from './errors';
import { FlagError, Flags, parseFlags } from './flags';
import { RestClient } from './rest';
import { ShellSyntaxError, splitCommandLine } from './shell-words';
import { suggestionsFor } from './suggest';

export type { KubectlContext, KubectlResult } from './context';

// Global flags that take a value, so the command word can be found after them.
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--request-timeout',
  '-v',
  '--v',
  '--context',
  '--kubeconfig',
  '--as',
  '--as-group',
]);

function findCommand(
  words: string[],
): { path: Command[]; rest: string[] } | { unknown: string } | undefined {
  const rest = [...words];
  let i = 0;
  while (i < rest.length && rest[i].startsWith('-')) i += VALUE_FLAGS.has(rest[i]) ? 2 : 1;
  if (i >= rest.length) return undefined;
  const name = rest[i];
  const cmd = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!cmd) return { unknown: name };
  rest.splice(i, 1);
  const path = [cmd];
  // a subcommand is the next non-flag word (create deployment ...)
  if (cmd.subcommands) {
    const j = rest.findIndex((w, k) => k >= i && !w.startsWith('-'));
    const sub =
      j >= 0
        ? cmd.subcommands.find((s) => s.name === rest[j] || s.aliases?.includes(rest[j]))
        : undefined;
    if (sub) {
      rest.splice(j, 1);
      path.push(sub);
    }
  }
  return { path, rest };
}

/**
 * Runs one kubectl command line, e.g. `runKubectl('get pods -o wide', undefined, ctx)`.
 * A leading `kubectl` word is allowed. Never throws: failures are stderr and exit code 1.
 */
export function runKubectl(
  commandLine: string,
  stdin: string | undefined,
  ctx: KubectlContext,
): KubectlResult {
  const out = new Output();
  let words: string[];
  try {
    words = splitCommandLine(commandLine);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return { stdout: '', stderr: `bash: ${e.message}\n`, exitCode: 2 };
  }
  if (words[0] === 'kubectl') words.shift();
  const found = findCommand(words);
  if (!found) {
    return {
      stdout: 'kubectl controls the Kubernetes cluster manager.\n',
      stderr: '',
      exitCode: 0,
    };
  }
  if ('unknown' in found) {
    const names = commands.flatMap((c) => [c.name]);
    const suggestions = suggestionsFor(found.unknown, names);
    const hint = suggestions.length
      ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`
      : '\n';
    return {
      stdout: '',
      stderr: `error: unknown command ${JSON.stringify(found.unknown)} for "kubectl"${hint}`,
      exitCode: 1,
    };
  }
  const cmd = found.path[found.path.length - 1];
  const commandPath = `kubectl ${found.path.map((c) => c.name).join(' ')}`;
  let flags: Flags;
  try {
    flags = new Flags(parseFlags(found.rest, [...cmd.flags, ...GLOBAL_FLAGS]));
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    return {
      stdout: '',
      stderr: `error: ${e.message}\nSee '${commandPath} --help' for usage.\n`,
      exitCode: 1,
    };
  }
  const asCtx = impersonating(ctx, flags.string('as'), flags.strings('as-group'));
  const inv: Invocation = {
    commandPath,
    flags,
    args: flags.args,
    out,
    client: new RestClient(asCtx),
    ctx: asCtx,
    namespace: flags.string('namespace') || ctx.namespace,
    explicitNamespace: flags.changed('namespace'),
    stdin,
  };
  try {
    cmd.run(inv);
  } catch (e) {
    out.err(errorMessage(e));
    out.exitCode = 1;
  }
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode };
}

/**
 * The context with --as/--as-group applied: every request carries the Impersonate-User and
 * Impersonate-Group headers (client-go transport/round_trippers.go NewImpersonatingRoundTripper).
 */
function impersonating(ctx: KubectlContext, user: string, groups: string[]): KubectlContext {
  if (!user && groups.length === 0) return ctx;
  const headers: Record<string, string> = {};
  if (user) headers['Impersonate-User'] = user;
  if (groups.length) headers['Impersonate-Group'] = groups.join(',');
  const withHeaders = (req: ApiRequest): ApiRequest => ({
    ...req,
    headers: { ...req.headers, ...headers },
  });
  return {
    ...ctx,
    request: (req) => ctx.request(withHeaders(req)),
    watch: (req, durationMs, until) => ctx.watch(withHeaders(req), durationMs, until),
  };
}
