import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';

import type { SimulationStore, SimulationStoreOptions } from './simulation-store';
import { createSimulationStore } from './simulation-store';
import type { SimulationState } from './types';

const SimulationContext = createContext<SimulationStore | null>(null);

/**
 * Provides one simulation to a subtree: a given store, or one created once from options.
 * Remount (change `key`) to start a new simulation. A rewind replaces the store (the engine
 * cannot run backwards; a new one replays the actions), and the subtree follows.
 */
export function SimulationProvider(props: {
  store?: SimulationStore;
  options?: SimulationStoreOptions;
  children: ReactNode;
}) {
  const [store, setStore] = useState(() => props.store ?? createSimulationStore(props.options));
  useEffect(() => store.onReplaced(setStore), [store]);
  return <SimulationContext.Provider value={store}>{props.children}</SimulationContext.Provider>;
}

/** The simulation store of the nearest provider (for actions and imperative reads). */
export function useSimulationStore(): SimulationStore {
  const store = useContext(SimulationContext);
  if (!store) throw new Error('useSimulation must be used inside a <SimulationProvider>');
  return store;
}

/** Reads one slice of the simulation; re-renders only when the selected value changes. */
export function useSimulation<T>(selector: (s: SimulationState) => T): T {
  return useStore(useSimulationStore(), selector);
}
