import type { Step, StepVars } from '../../scenarios';
import { useSimulationStore } from '../../store';
import type { Quiz } from '../../store/types';
import { narrate } from './text';

/**
 * "Predict, then run": before the step runs, the question and its choices (keys 1–4); once
 * the engine has run it, whether the prediction held and why.
 */
export function QuestionCard({
  step,
  quiz,
  vars,
  reached,
}: {
  step: Step;
  quiz: Quiz;
  vars: StepVars;
  /** the step has run: reveal the answer */
  reached: boolean;
}) {
  const store = useSimulationStore();
  const question = step.question!;
  const prompt = narrate(question.prompt, vars);
  const asking = quiz.phase === 'asking';
  const revealed = reached && quiz.answer !== undefined;
  const held = revealed && quiz.prediction === quiz.answer;
  return (
    <section className="question" aria-labelledby={`question-${step.id}`}>
      <h3 id={`question-${step.id}`}>
        <span aria-hidden="true">? </span>Predict: {prompt}
      </h3>
      {asking ? (
        <>
          <div className="question-choices" role="group" aria-label={prompt}>
            {quiz.choices.map((choice, i) => (
              <button
                key={choice}
                type="button"
                aria-keyshortcuts={String(i + 1)}
                onClick={() => store.getState().predict(i)}
              >
                <kbd aria-hidden="true">{i + 1}</kbd> {choice}
              </button>
            ))}
          </div>
          <p className="muted keys-hint">
            Choose, then the cluster runs the step. <kbd>N</kbd> skips the question.
          </p>
        </>
      ) : (
        <ul className="question-choices is-answered" aria-label="Choices">
          {quiz.choices.map((choice, i) => {
            const mine = quiz.prediction === i;
            const right = revealed && quiz.answer === i;
            return (
              <li
                key={choice}
                className={
                  `${mine ? 'is-mine' : ''}${right ? ' is-right' : ''}`.trim() || undefined
                }
              >
                <span aria-hidden="true">{right ? '✓ ' : mine ? '● ' : '○ '}</span>
                {choice}
                {mine && <span className="visually-hidden"> (your prediction)</span>}
                {right && <span className="visually-hidden"> (what the cluster did)</span>}
              </li>
            );
          })}
        </ul>
      )}
      {!asking && !revealed && (
        <p className="muted">
          {quiz.prediction === undefined ? 'Skipped.' : 'Prediction made.'} The cluster is running
          the step…
        </p>
      )}
      {revealed && (
        <p className={`question-verdict${held ? ' is-held' : ''}`}>
          <strong>
            {quiz.prediction === undefined
              ? 'The answer: '
              : held
                ? 'Your prediction held. '
                : 'Not this time. '}
          </strong>
          {quiz.answer! >= 0 && quiz.prediction !== quiz.answer && (
            <>It was “{quiz.choices[quiz.answer!]}”. </>
          )}
          {narrate(question.explanation, vars)}
        </p>
      )}
    </section>
  );
}
