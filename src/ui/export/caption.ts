import type { SimulationState } from '../../store/types';
import { narrate } from '../walkthrough/text';

/** What an exported diagram says under it: the scenario and the step shown ("What happens when
 *  you create a pod — step 4 of 13: Filter and score the nodes"), or the virtual time when no
 *  walkthrough runs. */
export function exportCaption(state: Pick<SimulationState, 'walkthrough' | 'viewTime'>): string {
  const w = state.walkthrough;
  const step = w?.scenario.steps[w.viewing];
  if (!w || !step) return `k8s-anatomy — virtual time ${state.viewTime.toFixed(1)} s`;
  const total = w.scenario.steps.length;
  return `${w.scenario.title} — step ${w.viewing + 1} of ${total}: ${narrate(step.title, w.vars)}`;
}

/** An export's file name without its extension: the scenario's step when one is shown. */
export function exportFileName(state: Pick<SimulationState, 'walkthrough'>): string {
  const w = state.walkthrough;
  return `k8s-anatomy-${w ? `${w.scenario.id}-step-${w.viewing + 1}` : 'cluster'}`;
}
