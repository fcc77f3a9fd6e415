import type { Scenario } from '../scenarios';
import { useSimulation } from '../store';
import type { SimulationState } from '../store/types';
import { QuestionCard } from '../ui/walkthrough/QuestionCard';
import { narrate } from '../ui/walkthrough/text';

const selectWalkthrough = (s: SimulationState) => s.walkthrough;

/**
 * The narration of the shown step as a caption over the diagram. When the walkthrough asks
 * its "predict, then run" question (`questions=1`), the question and its choices (keys 1–4)
 * take the narration's place until answered, then the verdict follows the narration: the
 * diagram keeps the space a side panel would take. Without narration (`narration=0`) only a
 * question is shown, so a walkthrough that asks never waits unseen.
 */
export function StageCaption({ scenario, narration }: { scenario: Scenario; narration: boolean }) {
  const w = useSimulation(selectWalkthrough);
  const step = w?.scenario.steps[w.viewing];
  if (!w || !step)
    return (
      narration && (
        <div className="stage-caption" aria-live="polite">
          <strong className="stage-caption-title">{scenario.title}</strong>
        </div>
      )
    );
  const live = w.viewing === w.index;
  const quiz = step.question ? w.quizzes?.[step.id] : undefined;
  // the narration would give the answer away while the question is open
  const asking = live && quiz?.phase === 'asking';
  if (!narration && !quiz) return null;
  return (
    <div className={`stage-caption${quiz ? ' has-question' : ''}`}>
      {narration && (
        <div aria-live="polite">
          <strong className="stage-caption-title">{narrate(step.title, w.vars)}</strong>{' '}
          {!asking && <span>{narrate(step.narration, w.vars)}</span>}
        </div>
      )}
      {quiz && <QuestionCard step={step} quiz={quiz} vars={w.vars} reached={!live || w.reached} />}
    </div>
  );
}
