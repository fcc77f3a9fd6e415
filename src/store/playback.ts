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
  return advanceViewTimeBySent(t, wallMs, sortedBySent(hops), options);
}

/**
 * advanceViewTime for hops already in send order, read only as far as the view gets (plus the
 * next send): a frame that moves a fraction of a millisecond reads the hops in flight and one
 * more, however many the engine has queued after them.
 */
export function advanceViewTimeBySent(
  t: number,
  wallMs: number,
  bySent: Iterable<Timed>,
  options: AdvanceOptions,
): number {
  const end = Math.min(options.limit, options.stopAt ?? Infinity);
  let budget = wallMs;
  const sweep = new FlightSweep(bySent[Symbol.iterator](), t, options.focus);
  for (let guard = 0; guard < 10_000 && t < end; guard++) {
    sweep.passTo(t);
    const base = sweep.rate();
    const boundary = Math.min(sweep.boundary(), end);
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

/**
 * rateAt and nextBoundary for a time that only moves forward: hops start in send order and
 * land off two heaps (user's and the rest), so crossing a boundary costs a heap step rather
 * than a scan of every hop.
 */
class FlightSweep {
  // the first hop not started yet (undefined: none left)
  private next: Timed | undefined;
  private readonly main = new MinHeap();
  private readonly background = new MinHeap();

  constructor(
    private readonly bySent: Iterator<Timed>,
    t: number,
    private readonly focus?: ReadonlySet<string>,
  ) {
    this.next = this.take();
    this.passTo(t);
  }

  private take(): Timed | undefined {
    const r = this.bySent.next();
    return r.done ? undefined : r.value;
  }

  /** Starts the hops sent by t and lands those delivered by then. */
  passTo(t: number): void {
    for (; this.next && this.next.sentAt <= t; this.next = this.take()) {
      const h = this.next;
      if (h.deliveredAt <= t) continue;
      const main = this.focus ? h.trace !== undefined && this.focus.has(h.trace) : !h.background;
      (main ? this.main : this.background).push(h.deliveredAt);
    }
    this.main.popTo(t);
    this.background.popTo(t);
  }

  /** As rateAt at the time last passed. */
  rate(): number {
    if (this.main.size > 0) return IN_FLIGHT_RATE;
    return this.background.size > 0 ? BACKGROUND_RATE : IDLE_RATE;
  }

  /** As nextBoundary at the time last passed: the next start or landing. */
  boundary(): number {
    const send = this.next?.sentAt ?? Infinity;
    return Math.min(send, this.main.min(), this.background.min());
  }
}

function sortedBySent(hops: readonly Timed[]): readonly Timed[] {
  for (let i = 1; i < hops.length; i++)
    if (hops[i].sentAt < hops[i - 1].sentAt) return [...hops].sort((a, b) => a.sentAt - b.sentAt);
  return hops;
}

/** A binary min-heap of times. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  min(): number {
    return this.items.length ? this.items[0] : Infinity;
  }

  push(value: number): void {
    const a = this.items;
    let i = a.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= value) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = value;
  }

  /** Removes every time at or before t. */
  popTo(t: number): void {
    const a = this.items;
    while (a.length && a[0] <= t) {
      const last = a.pop()!;
      if (!a.length) break;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1] < a[l] ? l + 1 : l;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
  }
}

/** A hop as the pending queue orders it: by send time, then by record order (seq). */
export interface Queued extends Timed {
  seq: number;
}

/**
 * The hops the view has not finished playing, split at the view's time: those sent by then
 * (in flight, or landing at the next move) and those still to be sent, each ordered by send
 * time and seq. Moving the view touches only the hops sent or landed on the way, so a frame
 * costs what changed in it rather than everything the engine has queued ahead.
 *
 *   const q = new PendingHops(0);
 *   q.add({ seq: 1, sentAt: 1, deliveredAt: 3 });
 *   q.moveTo(2); q.sent(); // [hop 1]; q.moveTo(3) returns [hop 1]
 */
export class PendingHops<H extends Queued> {
  private inFlight: H[] = [];
  private queued: H[] = [];
  // queued[head..] are still to be sent (a prefix pop without shifting the array)
  private head = 0;
  private nextLanding = Infinity;
  // whether sent() has handed out inFlight (it is then copied before it changes, once)
  private shared = false;
  private at: number;
  /** Bumped whenever the sent hops change (a cache key for what the view derives from them). */
  version = 0;

  constructor(at: number) {
    this.at = at;
  }

  /** Queues a hop the engine just recorded (usually sent after every queued one). */
  add(hop: H): void {
    if (hop.sentAt > this.at) {
      insertBySent(this.queued, hop, this.head);
      return;
    }
    // recorded late (a long flight): it is already on its way at the view's time
    insertBySent(this.ownInFlight(), hop, 0);
    this.nextLanding = Math.min(this.nextLanding, hop.deliveredAt);
    this.version++;
  }

  /** Moves to view time t and returns the hops that have landed by then (in send order). */
  moveTo(t: number): H[] {
    let changed = false;
    if (t < this.at) changed = this.unsendAfter(t);
    this.at = t;
    const { queued } = this;
    if (this.head < queued.length && queued[this.head].sentAt <= t) {
      const next = this.ownInFlight();
      while (this.head < queued.length && queued[this.head].sentAt <= t) {
        const hop = queued[this.head++];
        next.push(hop);
        this.nextLanding = Math.min(this.nextLanding, hop.deliveredAt);
      }
      changed = true;
      // drop the popped prefix once it is most of the array
      if (this.head > 1024 && this.head * 2 > queued.length) {
        this.queued = queued.slice(this.head);
        this.head = 0;
      }
    }
    const landed: H[] = [];
    if (this.nextLanding <= t) {
      const keep: H[] = [];
      let next = Infinity;
      for (const hop of this.inFlight) {
        if (hop.deliveredAt <= t) landed.push(hop);
        else {
          keep.push(hop);
          next = Math.min(next, hop.deliveredAt);
        }
      }
      this.inFlight = keep;
      this.shared = false;
      this.nextLanding = next;
      changed = true;
    }
    if (changed) this.version++;
    return landed;
  }

  /** The hops sent by the view's time that have not landed, in send order (a new array only
   *  when they change). */
  sent(): readonly H[] {
    this.shared = true;
    return this.inFlight;
  }

  /** inFlight, copied first if sent() handed it out: a busy frame records hundreds of hops
   *  already in flight, and copying the whole list for each made it quadratic. */
  private ownInFlight(): H[] {
    if (this.shared) {
      this.inFlight = [...this.inFlight];
      this.shared = false;
    }
    return this.inFlight;
  }

  /** The hops sent by `end`, in send order, read lazily (later ones neither start nor land
   *  before it, so a view moving no further than `end` never needs them). */
  *until(end: number): Generator<H> {
    yield* this.inFlight;
    for (let i = this.head; i < this.queued.length && this.queued[i].sentAt <= end; i++)
      yield this.queued[i];
  }

  /** Every pending hop, in send order. */
  all(): H[] {
    return this.inFlight.concat(this.queued.slice(this.head));
  }

  /** Puts hops sent after t back in the queue (the view moved backwards). */
  private unsendAfter(t: number): boolean {
    const keep = this.inFlight.filter((h) => h.sentAt <= t);
    if (keep.length === this.inFlight.length) return false;
    const back = this.inFlight.filter((h) => h.sentAt > t);
    this.queued = back.concat(this.queued.slice(this.head));
    this.head = 0;
    this.inFlight = keep;
    this.shared = false;
    this.nextLanding = keep.reduce((min, h) => Math.min(min, h.deliveredAt), Infinity);
    return true;
  }
}

/** Inserts after every hop sent at or before this one (from index `from` on): a binary search,
 *  as hops are recorded in delivery order, which is nearly send order. */
function insertBySent<H extends Queued>(list: H[], hop: H, from: number): void {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].sentAt > hop.sentAt) hi = mid;
    else lo = mid + 1;
  }
  if (lo === list.length) list.push(hop);
  else list.splice(lo, 0, hop);
}
