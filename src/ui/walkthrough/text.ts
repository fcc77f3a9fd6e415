import type { StepVars } from '../../scenarios';

/** Narration text with `{node}` and `{scheduler}` filled in (or a phrase while unknown). */
export function narrate(text: string, vars: StepVars): string {
  return text
    .replaceAll('{node}', vars.node ?? 'the chosen node')
    .replaceAll('{scheduler}', vars.scheduler ?? 'the scheduler');
}
