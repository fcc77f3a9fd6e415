/** Walkthroughs as data: steps with narration, highlights and the hop or state that ends each. */
export { createPod } from './create-pod';
export { nodeFailure } from './node-failure';
export { controlPlaneFailures, controlPlaneUp } from './control-plane-failures';
export { runUntilHolds, StepWatch } from './condition-watch';
export type { ConditionMet } from './condition-watch';
export {
  fillFault,
  fillText,
  fillVars,
  findStepEnd,
  globMatch,
  highlightedIds,
  interestingHop,
  matchesHop,
} from './match';
export { questionAnswer, questionChoices } from './questions';
export { SCENARIO_GROUPS } from './types';
export type {
  Condition,
  ConditionContext,
  Fault,
  HopPattern,
  Question,
  Scenario,
  ScenarioGroup,
  ScenarioSetup,
  Step,
  StepAction,
  StepDetail,
  StepEnd,
  StepVars,
} from './types';

import { bootControlPlane } from './boot-control-plane';
import { createPod } from './create-pod';
import { etcdConsensus } from './etcd-consensus';
import { etcdRestore } from './etcd-restore';
import { controlPlaneFailures } from './control-plane-failures';
import { controllerPattern } from './controller-pattern';
import { haControlPlane } from './ha-control-plane';
import { jobsDaemonsets } from './jobs-daemonsets';
import { nodeFailure } from './node-failure';
import { optimisticConcurrency } from './optimistic-concurrency';
import { requestToPod } from './request-to-pod';
import { rollout } from './rollout';
import { scheduling } from './scheduling';
import { whoAreYou } from './who-are-you';
import type { Scenario, ScenarioGroup } from './types';
import { SCENARIO_GROUPS } from './types';

/** Every walkthrough, in the order the picker lists them within a group. */
export const SCENARIO_LIST: readonly Scenario[] = [
  createPod,
  nodeFailure,
  controlPlaneFailures,
  scheduling,
  haControlPlane,
  requestToPod,
  etcdConsensus,
  etcdRestore,
  whoAreYou,
  rollout,
  bootControlPlane,
  controllerPattern,
  optimisticConcurrency,
  jobsDaemonsets,
];

/** The walkthroughs the page offers, by id. */
export const SCENARIOS: Record<string, Scenario> = Object.fromEntries(
  SCENARIO_LIST.map((s) => [s.id, s]),
);

/** The scenario with this id, or the flagship (create-pod) for an unknown one. */
export function scenarioById(id: string | undefined): Scenario {
  return (id !== undefined && SCENARIOS[id]) || createPod;
}

/** Scenarios by picker group, in the groups' order, empty groups left out. */
export function scenariosByGroup(): { group: ScenarioGroup; scenarios: Scenario[] }[] {
  return SCENARIO_GROUPS.map((group) => ({
    group,
    scenarios: SCENARIO_LIST.filter((s) => s.group === group),
  })).filter((g) => g.scenarios.length > 0);
}

/** The cluster options a scenario runs on: the page's choice, with what the scenario needs. */
export function clusterOptionsFor<T extends object>(scenario: Scenario, chosen: T): T {
  return { ...chosen, ...scenario.cluster };
}
