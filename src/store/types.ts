import type { Cluster, Hop } from '../engine';
import type { Fault } from '../engine/cluster/faults';
import type { CommunicationPath, Topology } from '../engine/view';
import type { HopPattern, Scenario, StepVars } from '../scenarios';
import type { SessionState } from './session';
import type { UserAction } from './timeline';

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
  /** whether steps ask their "predict, then run" questions */
  questions?: boolean;
  /** the questions asked so far, by step id */
  quizzes?: Record<string, Quiz>;
  /** virtual time the live step began (its actions ran) */
  since?: number;
}

/** A step's question as asked: the choices shown, the learner's prediction, the engine's answer. */
export interface Quiz {
  choices: string[];
  /** asking: waiting for a prediction (the step has not run); running: predicted or skipped */
  phase: 'asking' | 'running';
  /** the choice the learner predicted (absent: skipped) */
  prediction?: number;
  /** the right choice, known once the step has run */
  answer?: number;
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
  /** what the user (or the walkthrough) did to the cluster so far, at virtual times */
  actions: readonly UserAction[];
  /** the virtual time the cluster finished booting: the start of the timeline */
  startTime: number;
  /** the furthest view time reached (a rewind keeps it, so the scrubber can go forward) */
  horizon: number;
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
  /** starts a walkthrough (after its setup) at its first step and plays; questions default
   *  to the store's `questions` option */
  startWalkthrough(scenario: Scenario, options?: { questions?: boolean }): void;
  /** answers the live step's question (undefined: skip it), then runs the step */
  predict(choice: number | undefined): void;
  /** what the live step's end condition reports while waiting ("38 s of 50 s") */
  stepProgress(): string | undefined;
  /** the live step reached: go on to the next; not reached yet: jump to its end; reviewing:
   *  show the next step */
  nextStep(): void;
  /** review the step before the one shown (the simulation does not rewind) */
  previousStep(): void;
  /** the scheduler's attempts for a pod, as the engine explains them */
  schedulingDecisions(namespace: string, name: string): SchedulingAttempt[];
  /** the first hop the engine has recorded after `afterSeq` that matches */
  findHop(pattern: HopPattern, afterSeq: number): Hop | undefined;
  /** breaks (or repairs) something; recorded so a rewind or a link replays it */
  inject(fault: Fault): void;
  /** powers a node off (`node/<name>`) or kills a component (as inject) */
  fail(id: string): void;
  /** powers a node on or restarts a component (as inject) */
  recover(id: string): void;
  /** what rebuilds this exact view (for links) */
  session(): SessionState;
  /** goes back to view time t: the engine cannot run backwards, so a new store replays the
   *  actions up to t (the later ones stay queued) and is handed to the provider */
  rewind(t: number): void;
  /** back to where the previous hop landed */
  stepBack(): void;
  /** jumps over idle time (only heartbeats and leases) to the next foreground hop */
  skipIdle(): void;
  /** moves the view to t: forward by running the engine, backward by rewinding */
  seek(t: number): void;
  selectHop(seq: number | undefined): void;
  /** chooses what the inspector shows (undefined: back to the narration) */
  select(id: string | undefined): void;
  /** advances playback by wallMs of wall-clock time (called once per animation frame) */
  tick(wallMs: number, wallNow: number): void;
}
