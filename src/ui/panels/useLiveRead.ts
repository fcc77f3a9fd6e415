import { useMemo } from 'react';

import type { Cluster } from '../../engine';
import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';

/** How often (in view time) a panel re-reads the engine while playback runs. */
export const READ_EVERY_MS = 250;

const selectTick = (s: SimulationState) => Math.floor(s.viewTime / READ_EVERY_MS);
const selectTopology = (s: SimulationState) => s.topology;
const selectCommands = (s: SimulationState) => s.terminal.length;

/**
 * Reads live engine state for a panel: again every READ_EVERY_MS of view time, when the
 * topology changes (a failure, a pod) and after each kubectl command, never in between.
 * The read must be pure (no hops): panels only look.
 */
export function useLiveRead<T>(read: (c: Cluster) => T, deps: readonly unknown[]): T {
  const store = useSimulationStore();
  const tick = useSimulation(selectTick);
  const topology = useSimulation(selectTopology);
  const commands = useSimulation(selectCommands);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => read(store.cluster), [store, tick, topology, commands, ...deps]);
}
