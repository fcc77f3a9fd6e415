// kubectl auth (pkg/cmd/auth/auth.go): can-i is simulated; reconcile and whoami are not.
import type { Command } from '../command';
import { KubectlError } from '../errors';
import { parentCommand } from '../parent-command';
import { authCanI } from './auth-can-i';

// `kubectl auth` run alone (kubectl v1.32 output)
const AUTH_HELP = [
  'Inspect authorization.',
  '',
  'Available Commands:',
  '  can-i         Check whether an action is allowed',
  '  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects',
  '  whoami        Experimental: Check self subject attributes',
  '',
  'Usage:',
  '  kubectl auth [flags] [options]',
  '',
  'Use "kubectl auth <command> --help" for more information about a given command.',
  'Use "kubectl options" for a list of global command-line options (applies to all commands).',
  '',
].join('\n');

const notSimulated = (name: string): Command => ({
  name,
  flags: [],
  run() {
    throw new KubectlError(
      `error: "kubectl auth ${name}" is not available in this simulated cluster`,
    );
  },
});

export const authCommand: Command = parentCommand('auth', AUTH_HELP, [
  authCanI,
  notSimulated('reconcile'),
  notSimulated('whoami'),
]);
