import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';

import type { SimulationStore } from '../../../src/store';
import { createSimulationStore, SimulationProvider } from '../../../src/store';

/** Renders `ui` inside a fresh paused simulation; returns the store to drive playback. */
export function renderWithSimulation(ui: ReactElement, store?: SimulationStore) {
  const sim = store ?? createSimulationStore({ playing: false });
  const result = render(<SimulationProvider store={sim}>{ui}</SimulationProvider>);
  return { ...result, store: sim };
}

/** Plays the simulation for `frames` frames of 16 ms of wall time. */
export function playFrames(store: SimulationStore, frames: number) {
  act(() => {
    const wasPlaying = store.getState().playing;
    store.getState().play();
    for (let i = 0; i < frames; i++) store.getState().tick(16, i * 16);
    if (!wasPlaying) store.getState().pause();
  });
}

/** Plays frame by frame until `done()` holds (at most `maxFrames`). */
export function playUntil(store: SimulationStore, done: () => boolean, maxFrames = 2000) {
  act(() => {
    store.getState().play();
    for (let i = 0; i < maxFrames && !done(); i++) store.getState().tick(16, i * 16);
    store.getState().pause();
  });
}
