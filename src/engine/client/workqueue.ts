type After = (ms: number, run: () => void) => { cancel(): void };

// client-go DefaultControllerRateLimiter: per-item exponential 5ms doubling to 1000s, and an
// overall token bucket of 10 qps with a burst of 100 (the larger delay wins).
const ITEM_BASE_DELAY_MS = 5;
const ITEM_MAX_DELAY_MS = 1000_000;
const BUCKET_QPS = 10;
const BUCKET_BURST = 100;

/**
 * client-go's rate-limited work queue: a key is queued at most once, is never processed by two
 * workers at once (a key added while processing is queued again after `done`), and retries
 * back off per key. Workers are callbacks run on the simulation clock.
 */
export class RateLimitingQueue {
  private queue: string[] = [];
  private dirty = new Set<string>();
  private processing = new Set<string>();
  private failures = new Map<string, number>();
  private waiting = new Map<string, { at: number; timer: { cancel(): void } }>();
  private tokens = BUCKET_BURST;
  private lastRefill: number;
  private busyWorkers = 0;
  private shuttingDown = false;

  constructor(
    readonly name: string,
    private readonly now: () => number,
    private readonly after: After,
    private readonly workers: number,
    private readonly process: (key: string, done: () => void) => void,
  ) {
    this.lastRefill = now();
  }

  get length(): number {
    return this.queue.length;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.kick();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    // The delaying queue keeps the earliest ready time of a key waiting twice.
    const at = this.now() + delayMs;
    const waiting = this.waiting.get(key);
    if (waiting && waiting.at <= at) return;
    waiting?.timer.cancel();
    const timer = this.after(delayMs, () => {
      this.waiting.delete(key);
      this.add(key);
    });
    this.waiting.set(key, { at, timer });
  }

  /** Re-queues after the key's backoff (5ms, 10ms, 20ms … and the global bucket). */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const itemDelay = Math.min(ITEM_BASE_DELAY_MS * 2 ** n, ITEM_MAX_DELAY_MS);
    this.addAfter(key, Math.max(itemDelay, this.bucketDelay()));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    this.queue = [];
  }

  private bucketDelay(): number {
    const now = this.now();
    this.tokens = Math.min(
      BUCKET_BURST,
      this.tokens + ((now - this.lastRefill) / 1000) * BUCKET_QPS,
    );
    this.lastRefill = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / BUCKET_QPS) * 1000;
  }

  private kick(): void {
    // Workers pick keys up on the next tick of the clock, as goroutines would.
    this.after(0, () => this.drain());
  }

  private drain(): void {
    while (!this.shuttingDown && this.busyWorkers < this.workers && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.dirty.delete(key);
      this.processing.add(key);
      this.busyWorkers++;
      let finished = false;
      this.process(key, () => {
        if (finished) return;
        finished = true;
        this.busyWorkers--;
        this.processing.delete(key);
        if (this.dirty.has(key)) this.queue.push(key);
        this.kick();
      });
    }
  }
}
