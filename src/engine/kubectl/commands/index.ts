// The commands this kubectl implements, and the names of the real ones it does not (so a
// typo still gets cobra's suggestions and a real-but-missing command says so).
import type { Command } from '../command';
import { KubectlError } from '../errors';
import { applyCommand } from './apply';
import { authCommand } from './auth';
import { cordon, uncordon } from './cordon';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { drain } from './drain';
import { describeCommand } from './describe';
import { getCommand } from './get';
import { apiResourcesCommand, clusterInfoCommand, versionCommand } from './info';
import { annotateCommand, labelCommand, scaleCommand } from './metadata';
import { patchCommand } from './patch';
import { replaceCommand } from './replace';
import { rolloutCommand } from './rollout';
import { runCommand } from './run';
import { setCommand } from './set-image';

const implemented: Command[] = [
  annotateCommand,
  apiResourcesCommand,
  applyCommand,
  authCommand,
  clusterInfoCommand,
  cordon,
  createCommand,
  deleteCommand,
  describeCommand,
  drain,
  getCommand,
  labelCommand,
  patchCommand,
  replaceCommand,
  rolloutCommand,
  runCommand,
  scaleCommand,
  setCommand,
  uncordon,
  versionCommand,
];

// kubectl v1.32's other top-level commands (kubectl --help).
const NOT_SIMULATED = [
  'api-versions',
  'attach',
  'autoscale',
  'certificate',
  'completion',
  'config',
  'cp',
  'debug',
  'diff',
  'edit',
  'events',
  'exec',
  'explain',
  'expose',
  'help',
  'kustomize',
  'logs',
  'options',
  'plugin',
  'port-forward',
  'proxy',
  'taint',
  'top',
  'wait',
];

const placeholders: Command[] = NOT_SIMULATED.map((name) => ({
  name,
  flags: [],
  run() {
    throw new KubectlError(`error: "kubectl ${name}" is not available in this simulated cluster`);
  },
}));

/** Every top-level command, sorted by name as cobra lists them. */
export const commands: Command[] = [...implemented, ...placeholders].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);
