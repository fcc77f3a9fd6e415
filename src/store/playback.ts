/** The times of a hop the playback clock cares about. */
export interface Timed {
  sentAt: number;
  deliveredAt: number;
}

/**
 * How fast view time runs, in virtual ms per wall ms at 1×. Hops take 1–3 virtual ms, so
 * while one is in flight time runs 250× slower than real (a 2 ms hop takes half a second on
 * screen); between hops it runs in real time, so a 10 s lease interval feels like 10 s.
 */
export const IN_FLIGHT_RATE = 1 / 250;
export const IDLE_RATE = 1;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

export interface AdvanceOptions {
  /** playback speed multiplier (0.1–100) */
  speed: number;
  /** never pass this virtual time (how far the engine has run, less its lookahead) */
  limit: number;
  /** stop exactly here (stepping) */
  stopAt?: number;
  /** jump across stretches with nothing in flight instead of playing them in real time */
  skipIdle?: boolean;
}

/** Whether any hop is between its send and delivery at virtual time t. */
export function anyInFlight(hops: readonly Timed[], t: number): boolean {
  return hops.some((h) => h.sentAt <= t && t < h.deliveredAt);
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
 * Moves view time forward by `wallMs` of wall-clock time: slow while a hop is in flight,
 * real time (or a jump, with skipIdle) between hops, never past `limit` or `stopAt`.
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
    const busy = anyInFlight(hops, t);
    const boundary = Math.min(nextBoundary(hops, t), end);
    if (!busy && options.skipIdle && boundary !== Infinity) {
      t = boundary;
      continue;
    }
    if (budget <= 0) break;
    const rate = options.speed * (busy ? IN_FLIGHT_RATE : IDLE_RATE);
    const reach = t + budget * rate;
    if (reach < boundary) return reach;
    budget -= (boundary - t) / rate;
    t = boundary;
  }
  return Math.min(t, end);
}
