import type { CommunicationPath, Topology } from '../engine/view';
import { communicationPaths } from '../engine/view';

/** The topology as the engine had it at virtual time `at`, with its communication paths. */
export interface TopologySnapshot {
  at: number;
  topology: Topology;
  paths: CommunicationPath[];
}

/** How many snapshots ahead of the view a history keeps (the engine runs ~100 ms ahead). */
export const TOPOLOGY_HISTORY_LIMIT = 256;

/**
 * The topologies the engine went through, by the virtual time they were read at, so the
 * diagram can show the cluster as it was at the view's playback time rather than where the
 * engine has run ahead to. A snapshot is kept only when the topology changed.
 *
 *   const h = new TopologyHistory(0, topology);
 *   h.record(40, later);
 *   h.shownAt(39).topology === topology; // true: the view has not reached 40 yet
 */
export class TopologyHistory {
  private snapshots: TopologySnapshot[];
  private lastKey: string;

  constructor(
    at: number,
    topology: Topology,
    private readonly limit = TOPOLOGY_HISTORY_LIMIT,
  ) {
    this.snapshots = [snapshot(at, topology)];
    this.lastKey = JSON.stringify(topology);
  }

  /** Records the topology read at virtual time `at` if it differs from the newest one. */
  record(at: number, topology: Topology): boolean {
    const key = JSON.stringify(topology);
    if (key === this.lastKey) return false;
    this.lastKey = key;
    this.snapshots.push(snapshot(at, topology));
    // over the limit, drop the oldest not yet shown: its change then shows later, never early
    if (this.snapshots.length > this.limit) this.snapshots.splice(1, 1);
    return true;
  }

  /**
   * The newest snapshot taken at or before `t` (the oldest kept, if none is). View time only
   * moves forward, so the snapshots before it are dropped.
   */
  shownAt(t: number): TopologySnapshot {
    let i = 0;
    while (i + 1 < this.snapshots.length && this.snapshots[i + 1].at <= t) i++;
    if (i > 0) this.snapshots.splice(0, i);
    return this.snapshots[0];
  }

  /** Shows the newest topology from `t` on, dropping the ones between (a user's own action). */
  latestFrom(t: number): TopologySnapshot {
    const newest = this.snapshots[this.snapshots.length - 1];
    this.snapshots = [{ ...newest, at: Math.min(newest.at, t) }];
    return this.snapshots[0];
  }

  /** How many snapshots are kept (the shown one and those ahead of the view). */
  get size(): number {
    return this.snapshots.length;
  }
}

function snapshot(at: number, topology: Topology): TopologySnapshot {
  return { at, topology, paths: communicationPaths(topology) };
}
