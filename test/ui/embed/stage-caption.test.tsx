import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { StageCaption } from '../../../src/embed/StageCaption';
import { useStageKeys } from '../../../src/embed/useStageKeys';
import { controlPlaneFailures, createPod } from '../../../src/scenarios';
import type { Scenario } from '../../../src/scenarios';
import { createSimulationStore, SimulationProvider } from '../../../src/store';

const PROMPT = 'The API server is about to die. What happens to the running web pods?';
const CHOICES = [
  '1 They keep running',
  '2 They stop',
  '3 They restart once it is back',
  '4 They move to another node',
];
const NARRATION = /With the only API server down, kubectl’s connection is refused/;

function Stage({ scenario, narration }: { scenario: Scenario; narration: boolean }) {
  useStageKeys(scenario, { presenter: false, onBlank: () => {} });
  return <StageCaption scenario={scenario} narration={narration} />;
}

/** The stage's caption over a store that has started `scenario`, questions on or off. */
function renderStage(
  scenario: Scenario,
  { questions = true, narration = true }: { questions?: boolean; narration?: boolean } = {},
) {
  const store = createSimulationStore({
    cluster: { seed: 1 },
    playing: false,
    walkthrough: scenario,
    questions,
  });
  const { container } = render(
    <SimulationProvider store={store}>
      <Stage scenario={scenario} narration={narration} />
    </SimulationProvider>,
  );
  return { store, container };
}

const choiceButtons = () =>
  within(screen.getByRole('group', { name: PROMPT }))
    .getAllByRole('button')
    .map((b) => b.textContent);

describe('the question card of the embedded stage (questions=1)', () => {
  it('asks in the caption, its choices as buttons, the narration held back until answered', () => {
    const { container } = renderStage(controlPlaneFailures);
    const caption = container.querySelector('.stage-caption')!;
    expect(caption).toHaveClass('has-question');
    expect(within(caption as HTMLElement).getByRole('heading', { level: 3 })).toHaveTextContent(
      `Predict: ${PROMPT}`,
    );
    expect(choiceButtons()).toEqual(CHOICES);
    expect(caption.textContent).toMatch(/^kube-apiserver dies /);
    expect(caption.textContent).not.toMatch(NARRATION);
    // a side panel is not what the stage shows
    expect(container.querySelector('.narration')).toBeNull();
  }, 60_000);

  it('takes the answer from the number keys, runs the step and says the prediction held', () => {
    const { store, container } = renderStage(controlPlaneFailures);
    act(() => void fireEvent.keyDown(window, { key: '1' }));
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl get pods');
    expect(screen.getByText(/Prediction made\. The cluster is running the step/)).toBeVisible();
    act(() => store.getState().nextStep()); // to the step's end
    expect(container.querySelector('.stage-caption')?.textContent).toMatch(NARRATION);
    expect(container.querySelector('.question-verdict')).toHaveTextContent(
      /^Your prediction held\. Containers run under the kubelet and containerd on each node/,
    );
  }, 60_000);

  it('answers by a click on a choice, and names the right one when the prediction was wrong', () => {
    const { store, container } = renderStage(controlPlaneFailures);
    fireEvent.click(screen.getByRole('button', { name: 'They stop' }));
    act(() => store.getState().nextStep());
    expect(container.querySelector('.question-verdict')).toHaveTextContent(
      /^Not this time\. It was “They keep running”\. Containers run/,
    );
  }, 60_000);

  it('ignores a number key with no such choice', () => {
    const { store } = renderStage(controlPlaneFailures);
    act(() => void fireEvent.keyDown(window, { key: '5' }));
    expect(choiceButtons()).toEqual(CHOICES);
    expect(store.getState().walkthrough?.quizzes?.['kill-apiserver']?.phase).toBe('asking');
  }, 60_000);

  it('skips the question on N: the step runs on the same step and the answer is revealed', () => {
    const { store, container } = renderStage(controlPlaneFailures);
    act(() => void fireEvent.keyDown(window, { key: 'n' }));
    const w = store.getState().walkthrough!;
    expect([w.index, w.viewing]).toEqual([0, 0]);
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl get pods');
    act(() => store.getState().nextStep());
    expect(container.querySelector('.question-verdict')).toHaveTextContent(
      /^The answer: It was “They keep running”\. Containers run/,
    );
  }, 60_000);

  it('shows a question even without narration (narration=0), and nothing else', () => {
    const { container } = renderStage(controlPlaneFailures, { narration: false });
    expect(choiceButtons()).toEqual(CHOICES);
    expect(container.querySelector('.stage-caption-title')).toBeNull();
  }, 60_000);
});

describe('the caption of the embedded stage', () => {
  it('shows the step’s title and narration without a question when questions are off', () => {
    const { container, store } = renderStage(controlPlaneFailures, { questions: false });
    expect(screen.queryByRole('group', { name: PROMPT })).toBeNull();
    expect(container.querySelector('.stage-caption')?.textContent).toMatch(
      /^kube-apiserver dies With the only API server down/,
    );
    // nothing waits for an answer: the step has run
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl get pods');
  }, 60_000);

  it('shows nothing with narration=0 and no question', () => {
    const { container } = renderStage(createPod, { narration: false });
    expect(container.innerHTML).toBe('');
  }, 60_000);

  it('names the scenario before its walkthrough starts', () => {
    const store = createSimulationStore({ cluster: { seed: 1 }, playing: false });
    const { container } = render(
      <SimulationProvider store={store}>
        <StageCaption scenario={createPod} narration />
      </SimulationProvider>,
    );
    expect(container.querySelector('.stage-caption')).toHaveTextContent(createPod.title);
  }, 60_000);
});
