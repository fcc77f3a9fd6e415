// The prober (pkg/kubelet/prober): a worker per container and probe type, probing every
// periodSeconds after initialDelaySeconds, flipping its result after failureThreshold
// failures or successThreshold successes. Defaults from core/v1 Probe (types.go).
import type { Probe } from 'kubernetes-types/core/v1';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

export interface ProbeOutcome {
  ok: boolean;
  /** the failure text the Unhealthy event carries */
  output: string;
}

/** How one probe runs: exec through CRI ExecSync, HTTP GET or TCP connect to the pod IP. */
export type ProbeRunner = (probe: Probe, done: (r: ProbeOutcome) => void) => void;

interface Timer {
  cancel(): void;
}

export interface ProbeWorkerDeps {
  now(): number;
  after(ms: number, run: () => void): Timer;
  run: ProbeRunner;
  /** called when the result flips (after the thresholds) */
  onResult(ok: boolean): void;
  /** called on every failed probe (the Unhealthy event) */
  onFailure(output: string): void;
  /** liveness and readiness wait until the startup probe has succeeded */
  gated(): boolean;
}

/** One probe of one container; stop() when the container stops. */
export class ProbeWorker {
  private timer?: Timer;
  private successes = 0;
  private failures = 0;
  private result?: boolean;
  private stopped = false;
  // the probe ticker's first tick: later ticks fall every period after it
  private origin = 0;

  constructor(
    readonly type: ProbeType,
    private readonly probe: Probe,
    private readonly deps: ProbeWorkerDeps,
  ) {
    const delay = (probe.initialDelaySeconds ?? 0) * 1000;
    this.origin = deps.now() + delay;
    this.timer = deps.after(delay, () => this.tick());
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private get period(): number {
    return (this.probe.periodSeconds ?? 10) * 1000;
  }

  /**
   * Waits for the ticker's next tick after `start` (worker.go: time.NewTicker(period)); a probe
   * that outlasted its period finds that tick already buffered and probes again at once.
   */
  private nextTick(start: number): void {
    const ticks = Math.floor((start - this.origin) / this.period) + 1;
    const at = this.origin + ticks * this.period;
    this.timer = this.deps.after(Math.max(0, at - this.deps.now()), () => this.tick());
  }

  private tick(): void {
    if (this.stopped) return;
    const start = this.deps.now();
    if (this.deps.gated()) return this.nextTick(start);
    this.deps.run(this.probe, (r) => {
      if (this.stopped) return;
      if (r.ok) {
        this.failures = 0;
        this.successes++;
        if (this.result !== true && this.successes >= (this.probe.successThreshold ?? 1)) {
          this.result = true;
          this.deps.onResult(true);
        }
      } else {
        this.successes = 0;
        this.failures++;
        this.deps.onFailure(r.output);
        if (this.result !== false && this.failures >= (this.probe.failureThreshold ?? 3)) {
          this.result = false;
          this.deps.onResult(false);
          // After a liveness or startup failure the container is killed: the worker resets.
          if (this.type !== 'Readiness') return;
        }
      }
      // The startup probe stops once it succeeds.
      if (this.type === 'Startup' && this.result === true) return;
      this.nextTick(start);
    });
  }
}

/** The text of a failed HTTP probe (pkg/probe/http/http.go). */
export function httpProbeFailure(status: number): string {
  return `HTTP probe failed with statuscode: ${status}`;
}

/** Go's net/http error for a refused connection, as the prober reports it. */
export function connectionRefused(url: string | undefined, host: string, port: number): string {
  const dial = `dial tcp ${host}:${port}: connect: connection refused`;
  return url ? `Get "${url}": ${dial}` : dial;
}

/** An HTTP probe whose server sent no headers within timeoutSeconds (net/http Client.Timeout). */
export function httpTimedOut(url: string): string {
  return `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
}

/** A TCP probe whose connection was not established within timeoutSeconds (net.DialTimeout). */
export function tcpTimedOut(host: string, port: number): string {
  return `dial tcp ${host}:${port}: i/o timeout`;
}

// core/v1 Probe.timeoutSeconds default
const DEFAULT_TIMEOUT_S = 1;

/** The probe's timeout in seconds (timeoutSeconds, 1 by default). */
export function probeTimeoutS(probe: Probe): number {
  return probe.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
}

/** An exec probe cut off by its timeout (exec.NewTimeoutError in cri/remote). */
export function execTimedOut(cmd: string[]): string {
  return `command ${goQuote(cmd.join(' '))} timed out`;
}

/** Go's %q of a string: double quotes, with backslashes and quotes escaped. */
function goQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
