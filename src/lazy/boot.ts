import type { ClusterOptions } from '../engine';
import { Cluster } from '../engine';
import { BOOT_TIMEOUT_MS } from '../engine/cluster/cluster';
import { nextTask } from './after-paint';

/** Wall-clock time the boot may run before it lets the browser in (a long task is 50 ms). */
export const BOOT_SLICE_MS = 8;

/**
 * Boots a cluster as `createCluster` does (its options' `boot: 'wait'`), but a slice at a time:
 * it runs the same events in the same order, checking after each whether the control plane is
 * up, and yields to the browser whenever a slice's wall-clock time has passed. The cluster it
 * resolves to is the one `createCluster(options)` would return.
 */
export async function bootCluster(
  options: ClusterOptions,
  {
    sliceMs = BOOT_SLICE_MS,
    wallClock = () => performance.now(),
    yieldToBrowser = nextTask,
    signal,
  }: {
    sliceMs?: number;
    wallClock?: () => number;
    yieldToBrowser?: () => Promise<void>;
    /** stops the boot between slices (the page that wanted it is gone) */
    signal?: AbortSignal;
  } = {},
): Promise<Cluster> {
  if (options.boot === 'watch') return new Cluster(options);
  // building the components and their objects is a task's worth already: a task of its own,
  // not the caller's (a React effect's commit), and the events start in the next one
  await yieldToBrowser();
  signal?.throwIfAborted();
  const cluster = new Cluster({ ...options, boot: 'watch' });
  await yieldToBrowser();
  signal?.throwIfAborted();
  // the deadline createCluster gives the control plane, in virtual time from construction
  const deadline = cluster.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    const sliceEnd = wallClock() + sliceMs;
    // at least one event per slice, however slow the clock
    let checks = 0;
    cluster.sim.runUntil(
      () => cluster.isBooted() || (checks++ > 0 && wallClock() >= sliceEnd),
      Math.max(0, deadline - cluster.now()),
    );
    if (cluster.isBooted()) return cluster;
    if (cluster.now() >= deadline) throw new Error('the simulated control plane did not come up');
    await yieldToBrowser();
    signal?.throwIfAborted();
  }
}
