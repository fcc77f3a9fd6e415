/** Walkthroughs as data: steps with narration, highlights and the hop that ends each. */
export { createPod } from './create-pod';
export { fillVars, findStepEnd, globMatch, highlightedIds, matchesHop } from './match';
export type { StepVars } from './match';
export type { HopPattern, Scenario, Step, StepDetail, StepEnd } from './types';

import { createPod } from './create-pod';
import type { Scenario } from './types';

/** The walkthroughs the page offers, by id. */
export const SCENARIOS: Record<string, Scenario> = { [createPod.id]: createPod };
