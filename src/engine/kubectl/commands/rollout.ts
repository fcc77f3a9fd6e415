// kubectl rollout (pkg/cmd/rollout/rollout.go): status, history, undo, restart, pause, resume.
import type { Command } from '../command';
import { parentCommand } from '../parent-command';
import { ROLLOUT_HELP } from '../parent-help';
import { rolloutHistory } from './rollout-history';
import { rolloutPause, rolloutRestart, rolloutResume } from './rollout-patch';
import { rolloutStatus } from './rollout-status';
import { rolloutUndo } from './rollout-undo';

export const rolloutCommand: Command = parentCommand('rollout', ROLLOUT_HELP, [
  rolloutHistory,
  rolloutPause,
  rolloutRestart,
  rolloutResume,
  rolloutStatus,
  rolloutUndo,
]);
