/**
 * The engine's public API: everything tests, benchmarks, the store and outside checks use.
 *
 *   const c = createCluster({ seed: 42, controlPlaneNodes: 1, workers: 3 });
 *   c.kubectl('run nginx --image=nginx');
 *   c.hops().filter((h) => h.trace === c.hops().at(-1)?.trace);
 */
export { Cluster, createCluster } from './cluster/cluster';
export type { ClusterOptions, CommandResult } from './cluster/cluster';
export type { WorkerSpec } from './cluster/topology';
export type { ApiRequest, ApiResponse, KubeObject, Status } from './api/types';
export type { Hop, HopOutcome, Stage } from './sim';
export type { TrafficRequest, TrafficResult } from './network/traffic';
export { applyFault, describeFault, faultsFor } from './cluster/faults';
export type { Fault, FaultChoice, FaultResult } from './cluster/faults';
export { activeTimers } from './cluster/timers';
export type { Timer } from './cluster/timers';
