import type { Cluster, Hop } from '../engine';
import type { CommunicationPath, Topology } from '../engine/view';
import type { HopPattern, Scenario, StepVars } from '../scenarios';

/** One scheduling attempt as the engine explains it (per-node filter and scores). */
export type SchedulingAttempt = ReturnType<Cluster['schedulingDecisions']>[number];

/** Where a walkthrough is: the live step, whether the engine has reached its end yet. */
export interface WalkthroughState {
  scenario: Scenario;
  /** the live step (the simulation plays towards its end) */
  index: number;
  /** the step the panel shows: the live one, or an earlier one being reviewed */
  viewing: number;
  /** the view has reached the live step's end hop (playback paused there) */
  reached: boolean;
  /** the hop that ended the live step, once reached */
  endHop?: Hop;
  /** the end hop of the previous step: the next end is searched after it (delivery order) */
  afterSeq: number;
  /** where the previous step searched from (for a step whose end may precede it) */
  floorSeq: number;
  /** the trace of the walkthrough's first command: its hops play in slow motion */
  trace?: string;
  /** what the engine has told: the pod's node, the scheduler that placed it */
  vars: StepVars;
}

/** One kubectl command typed in the terminal, with what kubectl printed. */
export interface TerminalEntry {
  id: number;
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  /** virtual time at which the command's last response reached kubectl */
  completesAt: number;
  /** whether playback has reached completesAt (output is shown then) */
  done: boolean;
  /** the trace of the command's hops */
  trace?: string;
  /** how the terminal shows the command, when not `kubectl <command>` */
  shown?: string;
}

/** A hop that just landed, for the receiver's pulse (kept for a moment of wall time). */
export interface Arrival {
  seq: number;
  to: string;
  failed: boolean;
  /** wall-clock ms when it landed on screen */
  at: number;
}

/** Everything the view reads from one simulation. */
export interface SimulationState {
  topology: Topology;
  paths: CommunicationPath[];
  /** the virtual time the view shows (behind or equal to the engine's clock) */
  viewTime: number;
  playing: boolean;
  /** 0.1–100 */
  speed: number;
  /** show heartbeats, lease renewals and resyncs */
  showBackground: boolean;
  /** stepping: play until this virtual time, then pause */
  stepTarget?: number;
  /** visible hops in flight at viewTime, oldest first */
  inFlight: readonly Hop[];
  /** visible hops that have landed, oldest first (the newest LOG_LIMIT) */
  log: readonly Hop[];
  arrivals: readonly Arrival[];
  selectedSeq?: number;
  /** what the inspector shows: a node (`node/<name>`), component (`<kind>@<node>`), pod
   *  (`pod/<ns>/<name>`), `kubectl` or `load-balancer` */
  selected?: string;
  terminal: readonly TerminalEntry[];
  walkthrough?: WalkthroughState;

  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: number): void;
  setShowBackground(show: boolean): void;
  /** play until the next visible hop lands, then pause */
  step(): void;
  /** runs a kubectl command on the engine; its hops then play in the view */
  kubectl(command: string, stdin?: string, shown?: string): TerminalEntry;
  /** starts a walkthrough at its first step (running the step's kubectl command) and plays */
  startWalkthrough(scenario: Scenario): void;
  /** the live step reached: go on to the next; not reached yet: jump to its end; reviewing:
   *  show the next step */
  nextStep(): void;
  /** review the step before the one shown (the simulation does not rewind) */
  previousStep(): void;
  /** the scheduler's attempts for a pod, as the engine explains them */
  schedulingDecisions(namespace: string, name: string): SchedulingAttempt[];
  /** the first hop the engine has recorded after `afterSeq` that matches */
  findHop(pattern: HopPattern, afterSeq: number): Hop | undefined;
  fail(id: string): void;
  recover(id: string): void;
  selectHop(seq: number | undefined): void;
  /** chooses what the inspector shows (undefined: back to the narration) */
  select(id: string | undefined): void;
  /** advances playback by wallMs of wall-clock time (called once per animation frame) */
  tick(wallMs: number, wallNow: number): void;
}
