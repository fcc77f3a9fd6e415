// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go: the per-zone queue of nodes to
// taint, drained through a token bucket (--node-eviction-rate, burst 1).

// rate_limited_queue.go EvictionRateLimiterBurst
const EVICTION_RATE_LIMITER_BURST = 1;

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** client-go flowcontrol token bucket; qps 0 always rejects (fakeAlwaysRejectRateLimiter). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    now: number,
  ) {
    this.tokens = EVICTION_RATE_LIMITER_BURST;
    this.last = now;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(
      EVICTION_RATE_LIMITER_BURST,
      this.tokens + ((now - this.last) / 1000) * this.qps,
    );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * RateLimitedTimedQueue over a UniqueQueue: a node is queued once; `try` hands heads to `fn`
 * while the limiter accepts; a processed value stays in the set (so it is not re-added) until
 * `remove`.
 */
export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly set = new Set<string>();
  private limiter: TokenBucket;

  constructor(qps: number, now: number) {
    this.limiter = new TokenBucket(qps, now);
  }

  get length(): number {
    return this.queue.length;
  }

  /** UniqueQueue.Add: false when the value is already known. */
  add(value: string, uid: string, now: number): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    this.insert({ value, uid, addedAt: now, processAt: now }, true);
    return true;
  }

  /** UniqueQueue.Remove: drops the value from the queue and the set. */
  remove(value: string): boolean {
    // the set holds every queued value (and processed ones): a value not in it is nowhere
    if (!this.set.delete(value)) return false;
    const at = this.queue.findIndex((v) => v.value === value);
    if (at >= 0) this.queue.splice(at, 1);
    return true;
  }

  /** `fn` returns [done, retryAfterMs]. */
  try(now: number, fn: (v: TimedValue) => [boolean, number]): void {
    let head = this.queue[0];
    while (head) {
      if (!this.limiter.tryAccept(now)) break;
      if (now < head.processAt) break;
      const [ok, wait] = fn(head);
      if (!ok) {
        head.processAt = now + wait + 1;
        this.queue.shift();
        // it was first: it stays ahead of the values due at the same time
        this.insert(head, false);
      } else {
        // RemoveFromQueue: out of the queue, still in the set.
        this.queue.shift();
      }
      head = this.queue[0];
    }
  }

  /** SwapLimiter: a new bucket at `qps` (unchanged when the rate is the same). */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    this.limiter = new TokenBucket(qps, now);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  /** Places `v` by processAt: after (or before) the values due at the same time. */
  private insert(v: TimedValue, afterEqual: boolean): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const due = this.queue[mid].processAt;
      if (due < v.processAt || (afterEqual && due === v.processAt)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, v);
  }
}
