import type { Cluster } from '../engine';
import { fillText } from './match';
import type { Question, StepVars } from './types';

/** The choices a question shows now, placeholders filled in (2–4 of them). */
export function questionChoices(question: Question, cluster: Cluster, vars: StepVars): string[] {
  const choices =
    typeof question.choices === 'function' ? question.choices(cluster, vars) : question.choices;
  return choices.map((c) => fillText(c, vars));
}

/**
 * The index of the right choice among those shown, once the step has run; -1 when the engine's
 * answer is not among them.
 */
export function questionAnswer(
  question: Question,
  cluster: Cluster,
  vars: StepVars,
  shown: readonly string[],
): number {
  const answer = question.answer;
  if (typeof answer === 'number') return answer;
  const right = answer(cluster, vars);
  return typeof right === 'number' ? right : shown.indexOf(fillText(right, vars));
}
