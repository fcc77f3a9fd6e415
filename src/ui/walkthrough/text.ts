import type { StepVars } from '../../scenarios';
import { fillText } from '../../scenarios';

// What a placeholder reads before the engine has told its value.
const UNKNOWN: Record<string, string> = { node: 'the chosen node', scheduler: 'the scheduler' };

/** Narration text with `{node}`, `{scheduler}` and a scenario's own placeholders filled in
 *  (or a phrase while unknown). */
export function narrate(text: string, vars: StepVars): string {
  return fillText(text, vars, (name) => UNKNOWN[name] ?? '…');
}
