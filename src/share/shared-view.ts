import type { WorkerSpec } from '../engine';
import type { Fault } from '../engine/cluster/faults';

/** Something the user did to the cluster at a virtual time (as the store's action log). */
export type SharedAction =
  | { at: number; kind: 'kubectl'; command: string; stdin?: string; shown?: string }
  | { at: number; kind: 'fault'; fault: Fault };

/** The session a link rebuilds: the store's SessionState (src/store/session.ts), field for
 *  field, with the engine's full fault catalogue. */
export interface SharedSession {
  v: 1;
  cluster: {
    seed: number;
    controlPlaneNodes: number;
    workers: number | WorkerSpec[];
    addons?: boolean;
    boot?: 'watch';
  };
  actions: SharedAction[];
  viewTime: number;
  speed: number;
  walkthrough?: { scenario: string; step: number; state?: unknown };
}

/** Everything a shared link carries: the session, and how the page looked. */
export interface SharedView {
  session: SharedSession;
  theme?: 'light' | 'dark';
}
