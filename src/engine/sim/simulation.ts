import { HopLog } from './hops';
import type { LatencyOptions } from './network';
import { DEFAULT_LATENCY, Network } from './network';
import { EventQueue } from './queue';
import { Rng } from './rng';

export interface SimulationOptions {
  seed: number;
  /** How many hops to keep (oldest are forgotten first). */
  hopBufferSize?: number;
  latency?: Partial<LatencyOptions>;
  /** Wall-clock time (Unix ms) that virtual time 0 stands for, used for timestamps. */
  epochMs?: number;
}

export interface Timer {
  cancel(): void;
}

// Virtual time 0 is a fixed instant, so timestamps are as repeatable as everything else.
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 9, 0, 0);

/**
 * The discrete-event kernel: a virtual clock in integer milliseconds, one event queue,
 * one seeded rng, the network and the hop log.
 */
export class Simulation {
  readonly rng: Rng;
  readonly queue = new EventQueue();
  readonly hops: HopLog;
  readonly net: Network;
  readonly epochMs: number;
  private time = 0;
  private traceCounter = 0;
  private stampedSecond = NaN;
  private stamp = '';

  constructor(options: SimulationOptions) {
    this.rng = new Rng(options.seed);
    this.hops = new HopLog(options.hopBufferSize ?? 100_000);
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
    this.net = new Network(this, this.queue, this.rng, this.hops, {
      ...DEFAULT_LATENCY,
      ...options.latency,
    });
  }

  now(): number {
    return this.time;
  }

  /** The wall-clock instant (Unix ms) of the current virtual time. */
  wallTime(): number {
    return this.epochMs + this.time;
  }

  /** RFC 3339 timestamp at second precision, as metav1.Time serializes. */
  timestamp(at: number = this.time): string {
    // every object write stamps one: format each second once
    const second = Math.floor((this.epochMs + at) / 1000);
    if (second !== this.stampedSecond) {
      this.stampedSecond = second;
      this.stamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.stamp;
  }

  /** RFC 3339 timestamp with microseconds, as metav1.MicroTime serializes (leases, events). */
  microTimestamp(at: number = this.time): string {
    return new Date(this.epochMs + at).toISOString().replace(/Z$/, '000Z');
  }

  after(delayMs: number, run: () => void): Timer {
    // a positive delay is at least 1 ms: on a clock the page advanced by fractions of a ms, a
    // wait of 0.4 ms rounded to 0 would fire now, and a loop waiting for it would never end
    const delay = delayMs > 0 ? Math.max(1, Math.round(delayMs)) : 0;
    const event = this.queue.push(this.time + delay, run);
    return { cancel: () => (event.cancelled = true) };
  }

  /** A fresh trace id for one story (a user request, an object's life…). */
  newTrace(prefix = 't'): string {
    return `${prefix}-${++this.traceCounter}`;
  }

  /** Runs every event due at or before now + ms, then sets the clock to now + ms. */
  advance(ms: number): void {
    const target = this.time + ms;
    while (true) {
      const next = this.queue.peekTime();
      if (next === undefined || next > target) break;
      this.step();
    }
    this.time = target;
  }

  /** Runs events until `done()` holds (checked after each event) or `timeoutMs` passes. */
  runUntil(done: () => boolean, timeoutMs: number): boolean {
    const deadline = this.time + timeoutMs;
    while (!done()) {
      const next = this.queue.peekTime();
      if (next === undefined || next > deadline) {
        this.time = deadline;
        return done();
      }
      this.step();
    }
    return true;
  }

  /** Runs the next event; returns false when nothing is scheduled. */
  step(): boolean {
    const event = this.queue.pop();
    if (!event) return false;
    if (event.at > this.time) this.time = event.at;
    event.run();
    return true;
  }
}
