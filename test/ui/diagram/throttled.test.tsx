import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { SimulationState, SimulationStore } from '../../../src/store';
import { createSimulationStore, SimulationProvider } from '../../../src/store';
import { useThrottledSimulation } from '../../../src/ui/diagram/useThrottled';

const selectViewTime = (s: SimulationState) => s.viewTime;

function Shown() {
  return <output>{useThrottledSimulation(selectViewTime, 250)}</output>;
}

describe('useThrottledSimulation', () => {
  let store: SimulationStore;
  beforeAll(() => {
    // playing (nothing ticks it here): a stopped view shows every change at once
    store = createSimulationStore({ playing: true, cluster: { workers: 1 } });
  });
  afterEach(() => {
    vi.useRealTimers();
    store.getState().play();
  });

  it('shows a change after a quiet spell at once, and a burst of changes together at the end of the interval', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    render(
      <SimulationProvider store={store}>
        <Shown />
      </SimulationProvider>,
    );
    const t0 = store.getState().viewTime;
    const shown = () => Number(screen.getByRole('status').textContent);
    expect(shown()).toBe(t0);
    act(() => store.setState({ viewTime: t0 + 1 }));
    expect(shown()).toBe(t0 + 1);
    act(() => store.setState({ viewTime: t0 + 2 }));
    act(() => store.setState({ viewTime: t0 + 3 }));
    expect(shown()).toBe(t0 + 1);
    act(() => void vi.advanceTimersByTime(249));
    expect(shown()).toBe(t0 + 1);
    act(() => void vi.advanceTimersByTime(1));
    expect(shown()).toBe(t0 + 3);
    act(() => void vi.advanceTimersByTime(300));
    act(() => store.setState({ viewTime: t0 + 4 }));
    expect(shown()).toBe(t0 + 4);
  });

  it('ignores store changes that leave the selected value alone', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    render(
      <SimulationProvider store={store}>
        <Shown />
      </SimulationProvider>,
    );
    const t = store.getState().viewTime;
    act(() => store.setState({ speed: 2 }));
    act(() => store.setState({ viewTime: t + 1 }));
    // the speed change started no interval: the view time shows at once
    expect(Number(screen.getByRole('status').textContent)).toBe(t + 1);
  });

  it('shows the latest value at once when the view stops, without waiting out the interval', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    render(
      <SimulationProvider store={store}>
        <Shown />
      </SimulationProvider>,
    );
    const t = store.getState().viewTime;
    act(() => store.setState({ viewTime: t + 1 }));
    act(() => store.setState({ viewTime: t + 2 }));
    expect(Number(screen.getByRole('status').textContent)).toBe(t + 1);
    act(() => store.getState().pause());
    act(() => store.setState({ viewTime: t + 3 }));
    expect(Number(screen.getByRole('status').textContent)).toBe(t + 3);
  });
});
