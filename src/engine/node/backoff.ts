// client-go util/flowcontrol/backoff.go, as the kubelet uses it for crash loops and image
// pulls (no jitter: NewBackOff(initial, max)).

interface Entry {
  backoff: number;
  lastUpdate: number;
}

/** Per-key exponential backoff: initial, doubling, capped at max; forgotten after 2×max idle. */
export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    private readonly now: () => number,
  ) {}

  /** Forgets every key (the kubelet keeps its back-off in memory: a restart starts afresh). */
  reset(): void {
    this.entries.clear();
  }

  /** The current backoff of a key, 0 if none. */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Moves a key one step: first (or after expiry) the initial delay, then double up to max. */
  next(id: string, eventTime: number): void {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoff: this.initialMs, lastUpdate: this.now() });
    } else {
      entry.backoff = Math.min(entry.backoff * 2, this.maxMs);
      entry.lastUpdate = this.now();
    }
  }

  /** Whether `eventTime` (a container's finishedAt) is still within the key's backoff. */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.now() - eventTime < entry.backoff;
  }

  /** Whether the key's last update is still within its backoff (image pulls). */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoff;
  }

  /** How long until the key's backoff since its last update ends (0 if none). */
  remainingSinceUpdate(id: string): number {
    const entry = this.entries.get(id);
    if (!entry) return 0;
    return Math.max(0, entry.lastUpdate + entry.backoff - this.now());
  }

  // backoff.go hasExpired: eventTime - lastUpdate > 2*maxDuration
  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs;
  }
}

/** Go's time.Duration String() for a whole number of milliseconds: 830ms, 2.403s, 5m0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const secs = `${Number(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${secs}`;
  if (m > 0) return `${m}m${secs}`;
  return secs;
}
