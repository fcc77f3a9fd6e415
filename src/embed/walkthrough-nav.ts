import type { Scenario } from '../scenarios';
import type { SimulationStore } from '../store';
import type { Quiz, SimulationState } from '../store/types';

/** The step the page shows, 1-based, as the step counter and the embedding API number it. */
export interface ShownStep {
  scenario: string;
  step: number;
  total: number;
  title: string;
}

/** The shown step, or undefined before the walkthrough starts. */
export function shownStep(s: SimulationState): ShownStep | undefined {
  const w = s.walkthrough;
  if (!w) return undefined;
  return {
    scenario: w.scenario.id,
    step: w.viewing + 1,
    total: w.scenario.steps.length,
    title: w.scenario.steps[w.viewing]?.title ?? '',
  };
}

/** The question the shown, live step is waiting on an answer to (`questions=1`), if any. */
export function askedQuestion(s: SimulationState): Quiz | undefined {
  const w = s.walkthrough;
  if (!w || w.viewing !== w.index) return undefined;
  const quiz = w.quizzes?.[w.scenario.steps[w.index].id];
  return quiz?.phase === 'asking' ? quiz : undefined;
}

/** The next step, one step on: a live step not reached yet is first played to its end (the
 *  store's nextStep), then the walkthrough moves on. Before the start, starts it. While a
 *  question is asked, skips the question only, so the step runs and its answer is shown. */
export function goNext(store: SimulationStore, scenario: Scenario): void {
  const w = store.getState().walkthrough;
  if (!w) {
    store.getState().startWalkthrough(scenario);
    return;
  }
  if (askedQuestion(store.getState())) {
    store.getState().predict(undefined);
    return;
  }
  for (let i = 0; i < 3 && store.getState().walkthrough?.viewing === w.viewing; i++)
    store.getState().nextStep();
}

/** Back to the previous step (reviewing it: the simulation itself goes on from where it is). */
export function goPrev(store: SimulationStore): void {
  store.getState().previousStep();
}

/** Shows step `step` (1-based), going forward or back one step at a time. */
export function gotoStep(store: SimulationStore, scenario: Scenario, step: number): void {
  const target = Math.min(Math.max(1, step), scenario.steps.length) - 1;
  if (!store.getState().walkthrough) store.getState().startWalkthrough(scenario);
  for (let i = 0; i < scenario.steps.length; i++) {
    const viewing = store.getState().walkthrough?.viewing ?? 0;
    if (viewing === target) return;
    if (viewing > target) goPrev(store);
    else goNext(store, scenario);
    // a step that never ends (the engine did not get there) stops the walk
    if (store.getState().walkthrough?.viewing === viewing) return;
  }
}
