/** The times of a hop the playback clock cares about. */
export interface Timed {
  sentAt: number;
  deliveredAt: number;
  /** heartbeats, leases, resyncs: they slow the clock less */
  background?: boolean;
  trace?: string;
}

/**
 * How fast view time runs, in virtual ms per wall ms at 1×. Hops take 1–3 virtual ms, so
 * while one is in flight time runs 250× slower than real (a 2 ms hop takes half a second on
 * screen); between hops it runs in real time, so a 10 s lease interval feels like 10 s.
 */
export const IN_FLIGHT_RATE = 1 / 250;
/** Only background (or unfocused) hops in flight: a brief flash (a 2 ms heartbeat takes
 *  50 ms), so a busy cluster does not hold the clock in slow motion. */
export const BACKGROUND_RATE = 1 / 25;
export const IDLE_RATE = 1;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/**
 * The clock's rate at t (virtual ms per wall ms at 1×). The user's pending commands (`focus`
 * holds their traces) play in full slow motion; the rest of the cluster's traffic — which in
 * a busy cluster is almost always in flight — flashes by at the background rate. Without a
 * focus, foreground hops get full slow motion (a store passes a focus only while a command
 * is pending; tests and embeds may pass none).
 */
export function rateAt(hops: readonly Timed[], t: number, focus?: ReadonlySet<string>): number {
  let rate = IDLE_RATE;
  for (const h of hops) {
    if (h.sentAt > t || t >= h.deliveredAt) continue;
    const main = focus ? h.trace !== undefined && focus.has(h.trace) : !h.background;
    if (main) return IN_FLIGHT_RATE;
    rate = BACKGROUND_RATE;
  }
  return rate;
}

export interface AdvanceOptions {
  /** playback speed multiplier (0.1–100) */
  speed: number;
  /** never pass this virtual time (how far the engine has run, less its lookahead) */
  limit: number;
  /** stop exactly here (stepping) */
  stopAt?: number;
  /** jump across stretches with nothing in flight instead of playing them in real time */
  skipIdle?: boolean;
  /** traces of the user's pending commands (see rateAt) */
  focus?: ReadonlySet<string>;
}

/** The next virtual time after t where a hop starts or lands (Infinity if none). */
export function nextBoundary(hops: readonly Timed[], t: number): number {
  let next = Infinity;
  for (const h of hops) {
    if (h.sentAt > t) next = Math.min(next, h.sentAt);
    else if (h.deliveredAt > t) next = Math.min(next, h.deliveredAt);
  }
  return next;
}

/**
 * Moves view time forward by `wallMs` of wall-clock time: slow while a hop is in flight
 * (less slow for background hops), real time (or a jump, with skipIdle) between hops, never past `limit` or `stopAt`.
 *
 *   advanceViewTime(0, 500, [{ sentAt: 0, deliveredAt: 2 }], { speed: 1, limit: 100 }); // 2
 */
export function advanceViewTime(
  t: number,
  wallMs: number,
  hops: readonly Timed[],
  options: AdvanceOptions,
): number {
  const end = Math.min(options.limit, options.stopAt ?? Infinity);
  let budget = wallMs;
  for (let guard = 0; guard < 10_000 && t < end; guard++) {
    const base = rateAt(hops, t, options.focus);
    const boundary = Math.min(nextBoundary(hops, t), end);
    if (base === IDLE_RATE && options.skipIdle && boundary !== Infinity) {
      t = boundary;
      continue;
    }
    if (budget <= 0) break;
    const rate = options.speed * base;
    const reach = t + budget * rate;
    if (reach < boundary) return reach;
    budget -= (boundary - t) / rate;
    t = boundary;
  }
  return Math.min(t, end);
}
