import type { Scenario } from '../../../src/scenarios';
import type { SimulationStore } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';

/** What ended one step of a headless run. */
export interface StepRecord {
  id: string;
  /** virtual time the view stopped at */
  at: number;
  /** the end hop (a hop-ended step) or the last hop before the condition held */
  hop: string;
  progress?: string;
}

/**
 * Runs a scenario from start to finish through the store, as the N key does: each step's end is
 * searched by running the engine (no wall clock), questions answered with `predict`.
 */
export function runScenario(
  scenario: Scenario,
  options: { predict?: (stepId: string, choices: string[]) => number | undefined } = {},
) {
  let wall = 0;
  const store: SimulationStore = createSimulationStore({
    cluster: { seed: 1, controlPlaneNodes: 1, workers: 3, ...scenario.cluster },
    playing: false,
    wallClock: () => wall++,
    walkthrough: scenario,
  });
  const steps: StepRecord[] = [];
  for (let i = 0; i < scenario.steps.length; i++) {
    const w0 = store.getState().walkthrough!;
    const step = w0.scenario.steps[w0.index];
    const quiz = w0.quizzes?.[step.id];
    if (quiz?.phase === 'asking')
      store.getState().predict(options.predict?.(step.id, quiz.choices));
    const progress = store.getState().stepProgress();
    store.getState().nextStep(); // not reached yet: runs the engine to the step's end
    const w = store.getState().walkthrough!;
    if (!w.reached) throw new Error(`step ${step.id} never reached its end`);
    const h = w.endHop!;
    steps.push({
      id: step.id,
      at: store.getState().viewTime,
      hop: `${h.from} → ${h.to} ${h.verb} ${h.resource.split('?')[0]}`,
      ...(progress ? { progress } : {}),
    });
    if (i < scenario.steps.length - 1) store.getState().nextStep();
  }
  return { store, steps };
}
