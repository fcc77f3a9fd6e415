import type { Hop } from '../engine';
import type { CommunicationPath, Topology } from '../engine/view';

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
  terminal: readonly TerminalEntry[];

  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: number): void;
  setShowBackground(show: boolean): void;
  /** play until the next visible hop lands, then pause */
  step(): void;
  /** runs a kubectl command on the engine; its hops then play in the view */
  kubectl(command: string): TerminalEntry;
  fail(id: string): void;
  recover(id: string): void;
  selectHop(seq: number | undefined): void;
  /** advances playback by wallMs of wall-clock time (called once per animation frame) */
  tick(wallMs: number, wallNow: number): void;
}
