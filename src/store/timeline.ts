import type { Fault } from '../engine/cluster/faults';

/** Something the user (or a walkthrough on their behalf) did to the cluster, at a virtual time. */
export type UserAction =
  | { at: number; kind: 'kubectl'; command: string; stdin?: string; shown?: string }
  | { at: number; kind: 'fault'; fault: Fault };

/**
 * The user's actions in virtual-time order: those applied so far, and — after a rewind or a
 * restored link — those still to come, applied again as the engine reaches their times. The
 * engine is deterministic, so replaying the same actions at the same times rebuilds the same
 * cluster. A new action while a future is queued replaces that future (as an edit after undo).
 *
 *   const t = new ActionTimeline(savedActions, 0); // everything still to come
 *   t.dueBy(5000); // the actions to apply before the engine passes 5 s
 */
export class ActionTimeline {
  private readonly done: UserAction[] = [];
  private future: UserAction[];

  constructor(actions: readonly UserAction[] = []) {
    this.future = [...actions].sort((a, b) => a.at - b.at);
  }

  /** Every action, applied or still to come, in time order. */
  all(): readonly UserAction[] {
    return [...this.done, ...this.future];
  }

  /** The actions applied so far. */
  applied(): readonly UserAction[] {
    return this.done;
  }

  /** When the next queued action is due, if any. */
  nextAt(): number | undefined {
    return this.future[0]?.at;
  }

  /** Takes the next queued action if it is due by `time`. */
  takeDue(time: number): UserAction | undefined {
    if (this.future.length === 0 || this.future[0].at > time) return undefined;
    const action = this.future.shift()!;
    this.done.push(action);
    return action;
  }

  /** Records an action the user just took; anything still queued is dropped. */
  record(action: UserAction): void {
    this.future = [];
    this.done.push(action);
  }

  /** Whether replayed actions are still queued. */
  hasFuture(): boolean {
    return this.future.length > 0;
  }
}
