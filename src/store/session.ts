import type { WorkerSpec } from '../engine';
import type { UserAction } from './timeline';
import type { WalkthroughState } from './types';

/** The cluster a session runs on: what createCluster needs to boot the same cluster again. */
export interface SessionCluster {
  seed: number;
  controlPlaneNodes: number;
  workers: number | WorkerSpec[];
  addons?: boolean;
  /** 'watch': the machines were just powered on at t=0 (the boot walkthrough) */
  boot?: 'watch';
}

/** A walkthrough's progress, without its scenario (named by id). */
export type WalkthroughSnapshot = Omit<WalkthroughState, 'scenario'>;

/**
 * Everything needed to rebuild exactly what the user sees: the cluster, the actions taken on
 * it at their virtual times, where the view is, and the walkthrough's progress. The engine is
 * deterministic, so replaying this gives the same hops, objects and diagram.
 */
export interface SessionState {
  v: 1;
  cluster: SessionCluster;
  actions: UserAction[];
  /** the virtual time the view shows */
  viewTime: number;
  speed: number;
  walkthrough?: {
    scenario: string;
    /** the live step */
    step: number;
    /** the walkthrough's own progress (end hops, what it learnt), when known */
    state?: WalkthroughSnapshot;
  };
}

/** A walkthrough's progress as of a view time (kept so a rewind can go back to it). */
export interface WalkthroughMark {
  at: number;
  snapshot: WalkthroughSnapshot | undefined;
  scenario: string | undefined;
}

/** The walkthrough's progress as plain data (JSON), without the scenario object. */
export function snapshotWalkthrough(w: WalkthroughState): WalkthroughSnapshot {
  const { scenario: _scenario, ...rest } = w;
  return JSON.parse(JSON.stringify(rest)) as WalkthroughSnapshot;
}

/**
 * Whether a snapshot read from outside (a link) can stand for a walkthrough of `steps` steps:
 * its indices are in range and its sequence numbers are plain counts. Anything else is
 * replaced by a fresh start of the scenario.
 */
export function plausibleSnapshot(value: unknown, steps: number): value is WalkthroughSnapshot {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const index = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < steps;
  const seq = (x: unknown) => Number.isInteger(x) && (x as number) >= -1;
  return (
    index(v.index) &&
    index(v.viewing) &&
    (v.viewing as number) <= (v.index as number) &&
    typeof v.reached === 'boolean' &&
    seq(v.afterSeq) &&
    seq(v.floorSeq) &&
    (v.trace === undefined || typeof v.trace === 'string') &&
    typeof v.vars === 'object' &&
    v.vars !== null
  );
}
