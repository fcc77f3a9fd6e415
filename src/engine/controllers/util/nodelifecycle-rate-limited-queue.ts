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
    this.queue.push({ value, uid, addedAt: now, processAt: now });
    this.sort();
    return true;
  }

  /** UniqueQueue.Remove: drops the value from the queue and the set. */
  remove(value: string): boolean {
    this.queue = this.queue.filter((v) => v.value !== value);
    return this.set.delete(value);
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
        this.sort();
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

  private sort(): void {
    this.queue.sort((a, b) => a.processAt - b.processAt);
  }
}
