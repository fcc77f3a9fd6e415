import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { controlPlaneFailures } from '../../../src/scenarios';
import { createSimulationStore, SimulationProvider } from '../../../src/store';
import { NarrationPanel } from '../../../src/ui/walkthrough/NarrationPanel';
import { useWalkthroughKeys } from '../../../src/ui/walkthrough/useWalkthroughKeys';

function Panel() {
  useWalkthroughKeys(controlPlaneFailures);
  return <NarrationPanel scenario={controlPlaneFailures} onRestart={() => {}} />;
}

function renderTour(questions?: boolean) {
  const store = createSimulationStore({
    cluster: { seed: 1 },
    playing: false,
    walkthrough: controlPlaneFailures,
    ...(questions === undefined ? {} : { questions }),
  });
  render(
    <SimulationProvider store={store}>
      <Panel />
    </SimulationProvider>,
  );
  return store;
}

const PROMPT = 'The API server is about to die. What happens to the running web pods?';

describe('predict, then run', () => {
  it('asks before the step runs, with labelled choices, and holds the step until answered', () => {
    const store = renderTour();
    const group = screen.getByRole('group', { name: PROMPT });
    expect(
      within(group)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      '1 They keep running',
      '2 They stop',
      '3 They restart once it is back',
      '4 They move to another node',
    ]);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Make a prediction: the step runs once you have.',
    );
    // nothing has happened yet: the API server is still up, no command was typed
    expect(store.getState().terminal.map((e) => e.shown)).toEqual([
      'kubectl create deployment web --image=nginx:1.27 --replicas=2',
    ]);
    expect(screen.getByRole('button', { name: /Skip question/ })).toBeInTheDocument();
  }, 60_000);

  it('answers with a number key, runs the step, then reveals that the prediction held', () => {
    const store = renderTour();
    fireEvent.keyDown(window, { key: '1' });
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl get pods');
    expect(
      screen.getByText(/Prediction made\. The cluster is running the step/),
    ).toBeInTheDocument();
    act(() => store.getState().nextStep()); // jump to the step's end
    expect(screen.getByText(/Containers run under the kubelet/)).toHaveTextContent(
      /^Your prediction held\. Containers run under the kubelet and containerd on each node/,
    );
    const choices = screen.getByRole('list', { name: 'Choices' });
    expect(within(choices).getByText('They keep running').closest('li')).toHaveClass(
      'is-mine',
      'is-right',
    );
  }, 60_000);

  it('says what the cluster did when the prediction was wrong', () => {
    const store = renderTour();
    fireEvent.click(screen.getByRole('button', { name: 'They stop' }));
    act(() => store.getState().nextStep());
    expect(screen.getByText(/Containers run under the kubelet/)).toHaveTextContent(
      /^Not this time\. It was “They keep running”\. Containers run/,
    );
  }, 60_000);

  it('runs the step at once when questions are turned off', () => {
    const store = renderTour(false);
    expect(screen.queryByRole('group', { name: PROMPT })).not.toBeInTheDocument();
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl get pods');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('kube-apiserver dies');
  }, 60_000);
});
