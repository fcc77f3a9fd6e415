import type { Fault, FaultResult } from '../../engine/cluster/faults';
import { applyFault } from '../../engine/cluster/faults';
import type { SimulationStore } from '../../store';

type WithInject = { inject?: (fault: Fault) => FaultResult | void };

/**
 * Applies a fault through the store's inject(fault) (which records it as a user action and
 * shows its effect at once); applies it to the engine directly where the store has none.
 */
export function injectFault(store: SimulationStore, fault: Fault): FaultResult | void {
  const state = store.getState() as ReturnType<SimulationStore['getState']> & WithInject;
  if (typeof state.inject === 'function') return state.inject(fault);
  return applyFault(store.cluster, fault);
}
