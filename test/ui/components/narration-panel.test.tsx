import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { createPod } from '../../../src/scenarios';
import type { SimulationStore } from '../../../src/store';
import { NarrationPanel } from '../../../src/ui/walkthrough/NarrationPanel';
import { useWalkthroughKeys } from '../../../src/ui/walkthrough/useWalkthroughKeys';
import { renderWithSimulation } from './render';

function Panel({ onRestart = () => {} }: { onRestart?: () => void }) {
  useWalkthroughKeys(createPod);
  return <NarrationPanel scenario={createPod} onRestart={onRestart} />;
}

/** Plays frames until the live step is reached. */
/** Answers the live step's question, if it asks one, then plays to its end. */
function playToStepEnd(store: SimulationStore) {
  act(() => {
    store.getState().predict(0);
    let now = 0;
    for (let i = 0; i < 20_000 && !store.getState().walkthrough!.reached; i++)
      store.getState().tick(16, (now += 16));
  });
}

describe('NarrationPanel', () => {
  it('invites the user to create a pod and shows the manifest it will apply', () => {
    renderWithSimulation(<Panel />);
    expect(
      screen.getByRole('heading', { name: 'Create a pod and watch what happens' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Pod manifest')).toHaveTextContent('image: nginx:1.27');
  });

  it('starts the walkthrough, plays towards the first step and says so until it is reached', () => {
    const { store } = renderWithSimulation(<Panel />);
    fireEvent.click(screen.getByRole('button', { name: 'Create the pod' }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'kubectl sends the Pod to the API server',
    );
    expect(screen.getByText(/step 1 of 13/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Playing towards this step…');
    expect(store.getState().playing).toBe(true);
    expect(store.getState().terminal.at(-1)?.shown).toBe('kubectl apply -f nginx.yaml');
    playToStepEnd(store);
    expect(screen.getByRole('status')).toHaveTextContent('Reached. Press Next to continue.');
    expect(store.getState().playing).toBe(false);
    expect(screen.getByRole('link', { name: /Kubernetes docs/ })).toHaveAttribute(
      'href',
      'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
    );
  });

  it('announces the narration politely as steps change', () => {
    renderWithSimulation(<Panel />);
    fireEvent.click(screen.getByRole('button', { name: 'Create the pod' }));
    const heading = screen.getByRole('heading', { level: 2 });
    expect(heading.closest('[aria-live]')).toHaveAttribute('aria-live', 'polite');
  });

  it('steps with N and reviews with P, and shows the pipeline stages of the create', () => {
    const { store } = renderWithSimulation(<Panel />);
    fireEvent.keyDown(document.body, { key: 'n' });
    playToStepEnd(store);
    fireEvent.keyDown(document.body, { key: 'N' });
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'Authentication, authorization, admission, validation',
    );
    playToStepEnd(store);
    expect(screen.getByLabelText('Pipeline stages')).toHaveTextContent(
      'authentication ✓ authorization ✓ mutating admission ✓ validation ✓ validating admission ✓ storage ✓',
    );
    fireEvent.keyDown(document.body, { key: 'PageUp' });
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      'kubectl sends the Pod to the API server',
    );
    expect(screen.getByRole('status')).toHaveTextContent('Already happened');
    fireEvent.keyDown(document.body, { key: 'PageDown' });
    expect(store.getState().walkthrough).toMatchObject({ index: 1, viewing: 1 });
  });

  it('shows the scheduler’s per-node table: the tainted control plane filtered out, a chosen worker', () => {
    const { store } = renderWithSimulation(<Panel />);
    act(() => store.getState().startWalkthrough(createPod));
    for (let i = 0; i < 5; i++) {
      playToStepEnd(store);
      if (i < 4) act(() => store.getState().nextStep());
    }
    const table = screen.getByRole('table', { name: 'Scheduling decision' });
    expect(table).toHaveTextContent('control-plane-1✕ TaintToleration—');
    expect(table).toHaveTextContent(
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    );
    const chosen = store.getState().walkthrough!.vars.node!;
    expect(table.parentElement).toHaveTextContent(`Chosen: ${chosen}.`);
    expect(table).toHaveTextContent(/TaintToleration 100×3 = 300/);
  });

  it('restarts through the shell', () => {
    const onRestart = vi.fn();
    renderWithSimulation(<Panel onRestart={onRestart} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create the pod' }));
    fireEvent.click(screen.getByRole('button', { name: '↺ Restart' }));
    expect(onRestart).toHaveBeenCalledOnce();
  });
});
