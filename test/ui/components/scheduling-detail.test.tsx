import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Scenario } from '../../../src/scenarios';
import { createSimulationStore } from '../../../src/store';
import { NarrationPanel } from '../../../src/ui/walkthrough/NarrationPanel';
import { renderWithSimulation } from './render';

const BIG = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "6"
`;

const decisions = (c: { schedulingDecisions(ns: string, name: string): { result: string }[] }) =>
  c.schedulingDecisions('default', 'big');

/** A pod too big for every worker, then a big worker joins and the retry places it there. */
const retried: Scenario = {
  id: 'retried',
  title: 'A pod placed on its second attempt',
  summary: 'A retry.',
  duration: '1 min',
  group: 'basics',
  invitation: 'Go',
  steps: [
    {
      id: 'pending',
      title: 'No worker has 6 CPUs',
      narration: 'The pod stays Pending.',
      highlight: [],
      docs: {
        title: 'Scheduling',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/',
      },
      kubectl: { command: 'apply -f -', stdin: BIG, shown: 'kubectl apply -f big.yaml' },
      detail: { kind: 'scheduling', pod: 'default/big' },
      when: {
        description: 'big unschedulable',
        test: (c) => decisions(c).at(-1)?.result === 'Unschedulable',
      },
    },
    {
      id: 'joins',
      title: 'A bigger worker joins',
      narration: 'The node add moves big back to the active queue.',
      highlight: [],
      docs: {
        title: 'Scheduling',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/',
      },
      actions: [{ fault: { op: 'add-worker', cpu: '8', memory: '16Gi' } }],
      detail: { kind: 'scheduling', pod: 'default/big' },
      fastForward: 120_000,
      when: {
        description: 'big bound',
        test: (c) => decisions(c).at(-1)?.result === 'Scheduled',
      },
    },
  ],
};

describe('the walkthrough’s scheduling table', () => {
  it('shows the decision the view has reached: the failed attempt first, then the retry that placed the pod', () => {
    const store = createSimulationStore({
      cluster: { seed: 1, workers: 3 },
      playing: false,
      walkthrough: retried,
    });
    renderWithSimulation(<NarrationPanel scenario={retried} onRestart={() => {}} />, store);
    act(() => store.getState().nextStep()); // runs to the end of step 1
    expect(store.getState().walkthrough).toMatchObject({ index: 0, reached: true });
    expect(screen.getByRole('heading', { name: 'How kube-scheduler chose a node' })).toBeVisible();
    expect(screen.getByText(/Chosen:/).parentElement).toHaveTextContent('Chosen: none.');

    act(() => store.getState().nextStep()); // step 2 begins: the worker joins
    act(() => store.getState().nextStep()); // runs to its end
    expect(store.getState().walkthrough).toMatchObject({ index: 1, reached: true });
    const heading = screen.getByRole('heading', { name: /How kube-scheduler chose a node/ });
    expect(heading.textContent).toMatch(/\(attempt [2-9]\d*\)$/);
    expect(screen.getByText(/Chosen:/).parentElement).toHaveTextContent('Chosen: worker-4.');
  });
});
