import { RateLimitingQueue } from '../client/workqueue';
import type { Cluster } from '../cluster/cluster';
import type { LeaseHolder } from './leases';
import { leaseHolder } from './leases';

/** A controller that runs and the depth of each of its work queues. */
export interface ControllerState {
  name: string;
  queues: { name: string; depth: number }[];
}

/** A kube-controller-manager instance: whether it leads, and its controllers while it does. */
export interface ControllerManagerState {
  id: string;
  up: boolean;
  leader: boolean;
  lease: LeaseHolder;
  /** empty on a standby: only the lease holder runs controllers */
  controllers: ControllerState[];
}

/** Reads one kube-controller-manager's controllers and their queue depths (no request sent). */
export function controllerManagerState(c: Cluster, id: string): ControllerManagerState | undefined {
  const cm = c.controllerManagers.find((x) => x.id === id);
  if (!cm) return undefined;
  return {
    id,
    up: cm.isUp(),
    leader: cm.isUp() && cm.isLeader,
    lease: leaseHolder(c, 'kube-controller-manager'),
    controllers: cm.controllers().map((ctl) => ({
      name: ctl.name,
      // controllers keep their queues as fields; find them without knowing the field names
      queues: Object.values(ctl)
        .filter((v): v is RateLimitingQueue => v instanceof RateLimitingQueue)
        .map((q) => ({ name: q.name, depth: q.length })),
    })),
  };
}
