// A command that only groups subcommands (kubectl set, kubectl rollout): run alone it prints
// its help on stderr and exits 1 (cmdutil.DefaultSubCommandRun); a word no subcommand
// matches is cobra's `unknown command`.
import type { Command, Invocation } from './command';
import { KubectlError } from './errors';

/** A parent command with cobra's help text, run when no subcommand matches. */
export function parentCommand(name: string, help: string, subcommands: Command[]): Command {
  return {
    name,
    flags: [],
    subcommands,
    run(inv: Invocation) {
      if (inv.args.length > 0) {
        throw new KubectlError(
          `error: unknown command ${JSON.stringify(inv.args[0])}\nSee '${inv.commandPath} -h' for help and examples`,
        );
      }
      inv.out.err(help);
      inv.out.exitCode = 1;
    },
  };
}
