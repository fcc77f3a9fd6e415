import type { Scenario, StepVars } from '../../scenarios';
import { useSimulation, useSimulationStore } from '../../store';
import type { SimulationState, WalkthroughState } from '../../store/types';
import { PipelineStages } from '../hops/PipelineStages';
import { QuestionCard } from './QuestionCard';
import { SchedulingTable } from './SchedulingTable';
import { narrate } from './text';
import './walkthrough.css';

const selectWalkthrough = (s: SimulationState) => s.walkthrough;
const selectMultiEtcd = (s: SimulationState) =>
  s.topology.nodes.filter((n) => n.components.some((c) => c.kind === 'etcd')).length > 1;

/** Before the walkthrough: the invitation, with the manifest it will apply. */
function Invitation({ scenario, onStart }: { scenario: Scenario; onStart: () => void }) {
  return (
    <section className="narration invitation" aria-labelledby="invitation-title">
      <h2 id="invitation-title">{scenario.invitation}</h2>
      <p>{scenario.intro ?? scenario.summary}</p>
      {scenario.manifest && (
        <pre className="manifest" aria-label="Pod manifest">
          {scenario.manifest}
        </pre>
      )}
      <button type="button" className="primary" onClick={onStart}>
        {scenario.startLabel ?? 'Start'}
      </button>
      <p className="muted keys-hint">
        <kbd>N</kbd> or <kbd>PageDown</kbd> starts it and goes to the next step, <kbd>P</kbd> or{' '}
        <kbd>PageUp</kbd> back
      </p>
    </section>
  );
}

// the view's clock in whole seconds: a waiting step's progress re-renders once a second
const selectSecond = (s: SimulationState) => Math.floor(s.viewTime / 1000);

/** What a step waiting on an engine condition is waiting for, and how far along it is. */
function StepWait({ w }: { w: WalkthroughState }) {
  const store = useSimulationStore();
  useSimulation(selectSecond);
  const step = w.scenario.steps[w.index];
  if (!step.when) return null;
  const progress = store.getState().stepProgress();
  return (
    <p className="step-wait muted">
      {step.fastForward && (
        <span className="fast-forward">
          <span aria-hidden="true">▶▶ </span>Fast-forwarding over idle time.{' '}
        </span>
      )}
      Waiting for {narrate(step.when.description, w.vars)}
      {progress ? `: ${narrate(progress, w.vars)}` : ''}.
    </p>
  );
}

function StepDetailView({ w, vars }: { w: WalkthroughState; vars: StepVars }) {
  const store = useSimulationStore();
  useSimulation(selectSecond);
  const step = w.scenario.steps[w.viewing];
  if (!step.detail) return null;
  if (step.detail.kind === 'stages') {
    const hop = store.getState().findHop(step.detail.of, w.floorSeq);
    if (!hop?.stages) return null;
    return <PipelineStages hop={hop} title="The API server’s pipeline for this request" />;
  }
  const [namespace, name] = step.detail.pod
    ? narrate(step.detail.pod, vars).split('/')
    : [w.scenario.pod?.namespace, w.scenario.pod?.name];
  if (!namespace || !name) return null;
  // the latest decision the view has reached: a pod retried (preemption, a node freed) shows
  // the attempt that placed it once playback passes it
  const { viewTime } = store.getState();
  const attempt = store
    .getState()
    .schedulingDecisions(namespace, name)
    .filter((a) => (!vars.scheduler || a.scheduler === vars.scheduler) && a.at <= viewTime)
    .at(-1);
  return attempt ? <SchedulingTable attempt={attempt} /> : null;
}

/**
 * The walkthrough's narration: the step shown, why it happens, a link to the docs, what
 * ends it (the simulation plays until that hop), and previous / next / restart.
 */
export function NarrationPanel({
  scenario,
  onRestart,
}: {
  scenario: Scenario;
  onRestart: () => void;
}) {
  const store = useSimulationStore();
  const w = useSimulation(selectWalkthrough);
  const multiEtcd = useSimulation(selectMultiEtcd);
  if (!w)
    return (
      <Invitation scenario={scenario} onStart={() => store.getState().startWalkthrough(scenario)} />
    );
  const step = w.scenario.steps[w.viewing];
  const live = w.viewing === w.index;
  const last = w.index === w.scenario.steps.length - 1;
  const quiz = step.question ? w.quizzes?.[step.id] : undefined;
  const asking = live && quiz?.phase === 'asking';
  const state = !live
    ? 'Already happened: press Next to return to the live step.'
    : asking
      ? 'Make a prediction: the step runs once you have.'
      : w.reached
        ? last
          ? `Done: ${w.scenario.done ?? 'the walkthrough is over'}.`
          : 'Reached. Press Next to continue.'
        : 'Playing towards this step…';
  return (
    <section className="narration" aria-labelledby="narration-title">
      <p className="step-count muted">
        {w.scenario.title} · step {w.viewing + 1} of {w.scenario.steps.length}
      </p>
      <div aria-live="polite" aria-atomic="true">
        <h2 id="narration-title">{narrate(step.title, w.vars)}</h2>
        {!asking && <p>{narrate(step.narration, w.vars)}</p>}
        {!asking && step.haNarration && multiEtcd && <p>{narrate(step.haNarration, w.vars)}</p>}
      </div>
      {live && !asking && !w.reached && <StepWait w={w} />}
      {quiz && <QuestionCard step={step} quiz={quiz} vars={w.vars} reached={!live || w.reached} />}
      {(!live || w.reached) && <StepDetailView w={w} vars={w.vars} />}
      <p className="docs-link">
        <a href={step.docs.url} target="_blank" rel="noreferrer">
          Kubernetes docs: {step.docs.title}
        </a>
      </p>
      <p className={`step-state${w.reached && live ? ' is-reached' : ''}`} role="status">
        <span aria-hidden="true">{w.reached && live ? '✓ ' : live ? '▶ ' : '↺ '}</span>
        {state}
      </p>
      <div className="step-buttons" role="group" aria-label="Walkthrough">
        <button
          type="button"
          onClick={() => store.getState().previousStep()}
          disabled={w.viewing === 0}
          aria-keyshortcuts="P PageUp"
        >
          ← Previous
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => store.getState().nextStep()}
          disabled={live && w.reached && last}
          aria-keyshortcuts="N PageDown"
        >
          {asking ? 'Skip question' : live && !w.reached ? 'Skip ahead' : 'Next'} →
        </button>
        <button type="button" onClick={onRestart}>
          ↺ Restart
        </button>
      </div>
    </section>
  );
}
