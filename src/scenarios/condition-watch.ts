import type { Cluster, Hop } from '../engine';
import { topologyStamp } from '../engine/view';
import type { Scenario, Step, StepVars } from './types';

/** When a condition first held: the virtual time, and the last hop recorded before the slice
 *  in which it did (the hops of that slice may have come before it: the next step's end is
 *  searched among them too). */
export interface ConditionMet {
  at: number;
  hop: Hop;
}

interface Watched {
  since: number;
  /** the last hop recorded when the condition was last seen not to hold */
  floor?: Hop;
  met?: ConditionMet;
}

/** A step that does nothing when it begins: its condition can be watched before it does. */
function passive(step: Step | undefined): step is Step & { when: NonNullable<Step['when']> } {
  return !!step?.when && !step.kubectl && !step.actions?.length;
}

/**
 * Watches a walkthrough's step conditions over the running cluster. Call `onSlice()` after
 * every engine slice: when etcd or a process changed (a cheap stamp), it re-reads what the
 * walkthrough knows and re-evaluates the watched conditions, remembering the virtual time each
 * first held. When a step's condition holds and the next step only waits (no actions), the
 * next one is watched from that moment on, so its time is exact even while the view lags.
 *
 *   const w = new StepWatch(cluster, nodeFailure, () => vars);
 *   w.begin(1, cluster.now());
 *   cluster.subscribe(() => w.onSlice());
 */
export class StepWatch {
  private readonly watched = new Map<number, Watched>();
  private stamp?: string;
  private lastHop?: Hop;
  private readonly stopListening: () => void;

  constructor(
    private readonly cluster: Cluster,
    readonly scenario: Scenario,
    private readonly vars: () => StepVars,
  ) {
    this.lastHop = cluster.sim.hops.all().at(-1);
    this.stopListening = cluster.onHop((h) => (this.lastHop = h));
  }

  /** Starts watching step `index` (its actions have run) and checks it at once. */
  begin(index: number, since: number): void {
    if (!this.watched.has(index)) this.watched.set(index, { since, floor: this.lastHop });
    this.stamp = undefined;
    this.onSlice();
  }

  /** Whether step `index` is being watched. */
  watching(index: number): boolean {
    return this.watched.has(index);
  }

  /** Re-evaluates the watched conditions not met yet, if the cluster changed. */
  onSlice(): void {
    const open = [...this.watched].filter(([, w]) => !w.met);
    if (open.length === 0) return;
    const stamp = topologyStamp(this.cluster);
    if (stamp === this.stamp) {
      // nothing the conditions read changed: they still do not hold after this slice's hops
      for (const [, w] of open) w.floor = this.lastHop;
      return;
    }
    this.stamp = stamp;
    const vars = this.vars();
    for (const [index, w] of open) this.check(index, w, vars);
  }

  private check(index: number, w: Watched, vars: StepVars): void {
    const step = this.scenario.steps[index];
    if (!step.when || !this.lastHop) return;
    if (!step.when.test(this.cluster, { vars, since: w.since })) {
      w.floor = this.lastHop;
      return;
    }
    w.met = { at: this.cluster.now(), hop: w.floor ?? this.lastHop };
    const next = this.scenario.steps[index + 1];
    if (passive(next) && !this.watched.has(index + 1)) {
      const following = { since: w.met.at, floor: w.met.hop };
      this.watched.set(index + 1, following);
      this.check(index + 1, following, vars);
    }
  }

  /** The moment step `index`'s condition first held, if it has. */
  met(index: number): ConditionMet | undefined {
    return this.watched.get(index)?.met;
  }

  /** How far along step `index`'s wait is at view time `now`, if its condition says. */
  progress(index: number, now: number): string | undefined {
    const w = this.watched.get(index);
    const when = this.scenario.steps[index]?.when;
    if (!w || !when?.progress) return undefined;
    return when.progress(this.cluster, { vars: this.vars(), since: w.since, now });
  }

  dispose(): void {
    this.stopListening();
  }
}

/**
 * Runs the engine until `condition` holds (checked after every slice in which something
 * changed) or `timeoutMs` passes; returns when it first held.
 */
export function runUntilHolds(
  cluster: Cluster,
  test: (c: Cluster) => boolean,
  advance: (ms: number) => void,
  timeoutMs: number,
): number | undefined {
  const deadline = cluster.now() + timeoutMs;
  let stamp: string | undefined;
  let met: number | undefined;
  const check = () => {
    if (met !== undefined) return;
    const next = topologyStamp(cluster);
    if (next === stamp) return;
    stamp = next;
    if (test(cluster)) met = cluster.now();
  };
  const stop = cluster.subscribe(check);
  check();
  while (met === undefined && cluster.now() < deadline) advance(200);
  stop();
  return met;
}
