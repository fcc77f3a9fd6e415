export { SimulationProvider, useSimulation, useSimulationStore } from './context';
export {
  createSimulationStore,
  ENGINE_BUDGET_MS,
  ENGINE_SLICE_MS,
  LOG_LIMIT,
  LOOKAHEAD_MS,
} from './simulation-store';
export type { SimulationStore, SimulationStoreOptions } from './simulation-store';
export { advanceViewTime, IDLE_RATE, IN_FLIGHT_RATE, MAX_SPEED, MIN_SPEED } from './playback';
export type {
  Arrival,
  SchedulingAttempt,
  SimulationState,
  TerminalEntry,
  WalkthroughState,
} from './types';
export type { SessionCluster, SessionState, WalkthroughSnapshot } from './session';
export { plausibleSnapshot } from './session';
export { ActionTimeline } from './timeline';
export type { UserAction } from './timeline';
