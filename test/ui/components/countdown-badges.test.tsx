import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { activeTimers } from '../../../src/engine/cluster/timers';
import type { SimulationStore } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';
import { Diagram } from '../../../src/ui/diagram/Diagram';
import { renderWithSimulation } from './render';

vi.setConfig({ testTimeout: 120_000 });

function renderDiagram() {
  const store = createSimulationStore({ playing: false });
  renderWithSimulation(
    <div style={{ width: 1280, height: 720 }}>
      <Diagram colorMode="light" />
    </div>,
    store,
  );
  return store;
}

/** The engine's timer of a kind on a target, and its whole seconds left at the view's time. */
function engineTimer(store: SimulationStore, target: string, kind: string) {
  const timer = activeTimers(store.cluster).find((t) => t.target === target && t.kind === kind);
  if (!timer) throw new Error(`no ${kind} timer on ${target}`);
  const secondsLeft = Math.ceil((timer.endsAt - store.getState().viewTime) / 1000);
  return { ...timer, secondsLeft };
}

describe('countdown badges on the diagram', () => {
  it("count a powered-off worker's node grace period down with simulated time", async () => {
    const store = renderDiagram();
    // the kubelets have created their node leases and renewed them
    act(() => store.getState().seek(store.getState().viewTime + 15_000));
    act(() => store.getState().inject({ op: 'power-off', node: 'worker-2' }));
    act(() => store.getState().seek(store.getState().viewTime + 5_000));
    const first = engineTimer(store, 'node/worker-2', 'node-grace');
    // the lease was last renewed up to 10 s before the power-off; 5 s have passed since
    expect(first.secondsLeft).toBeGreaterThanOrEqual(35);
    expect(first.secondsLeft).toBeLessThanOrEqual(45);
    const name = (s: number) =>
      `node grace period on node/worker-2: node lease not renewed: Unknown after 50s, ${s} s left`;
    // the diagram reads the engine's timers again within a wall second
    const badge = await waitFor(() => screen.getByRole('img', { name: name(first.secondsLeft) }));
    expect(badge).toHaveTextContent(
      `node lease not renewed: Unknown after 50s: ${first.secondsLeft} s`,
    );

    act(() => store.getState().seek(store.getState().viewTime + 20_000));
    const later = engineTimer(store, 'node/worker-2', 'node-grace');
    expect(later.endsAt).toBe(first.endsAt);
    expect(later.secondsLeft).toBe(first.secondsLeft - 20);
    expect(screen.getByRole('img', { name: name(later.secondsLeft) })).toBeInTheDocument();
  });

  it("show a CrashLoopBackOff pod's time to its next restart", async () => {
    const store = renderDiagram();
    act(() => void store.getState().kubectl('run crasher --image=busybox -- sh -c "exit 3"'));
    const backingOff = () =>
      activeTimers(store.cluster).some(
        (t) => t.kind === 'crashloop-backoff' && t.target === 'pod/default/crasher',
      );
    for (let i = 0; i < 60 && !backingOff(); i++) {
      act(() => store.getState().seek(store.getState().viewTime + 1_000));
    }
    const timer = engineTimer(store, 'pod/default/crasher', 'crashloop-backoff');
    expect(timer.label).toBe('CrashLoopBackOff: container crasher restarts after 10s');
    const badge = await waitFor(() =>
      screen.getByRole('img', {
        name: `CrashLoopBackOff on pod/default/crasher: ${timer.label}, ${timer.secondsLeft} s left`,
      }),
    );
    expect(badge).toHaveTextContent(`${timer.label}: ${timer.secondsLeft} s`);
  });
});
