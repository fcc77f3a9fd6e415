import type { ApiResponse } from '../api/types';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';

// The kubeadm HA guide's HAProxy: `option httpchk GET /healthz`, checks every 2s, a backend
// is taken out after 3 failed checks and put back after 2 good ones (inter 2s fall 3 rise 2).
const CHECK_INTERVAL_MS = 2000;
const FALL = 3;
const RISE = 2;
const FORWARD_TIMEOUT_MS = 30_000;
// the same guide's defaults: `option redispatch`, `retries 1`, `timeout connect 5s`
const REDISPATCH_RETRIES = 1;
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The TCP load balancer in front of several kube-apiservers: round-robin over healthy
 * backends, health-checked; every forwarded request and response is a hop of its own.
 */
export class LoadBalancer extends Process {
  private healthy: Set<string>;
  private counters = new Map<string, { fails: number; passes: number }>();
  private next = 0;

  constructor(
    sim: Simulation,
    readonly backends: readonly string[],
  ) {
    super(sim, 'load-balancer', 'load-balancer');
    this.healthy = new Set(backends);
    this.after(CHECK_INTERVAL_MS, () => this.check());
  }

  /** The backends currently in rotation. */
  inRotation(): string[] {
    return this.backends.filter((b) => this.healthy.has(b));
  }

  receive(env: Envelope): void {
    if (env.callId === undefined) return;
    const backend = this.pick();
    // No backend in rotation: HAProxy (mode tcp) accepts and closes, the client reads EOF.
    if (!backend) return this.sim.net.reject(env, 'reset');
    if (env.streamId !== undefined) return this.relayStream(env, backend);
    this.forward(env, backend, REDISPATCH_RETRIES);
  }

  // `option redispatch` with `retries 1`: a refused or timed-out connection is tried once more
  // on another backend, so a dead or cut-off apiserver not yet failed by the checks costs no
  // request (a cut-off one costs the 5 s connect timeout).
  private forward(env: Envelope, backend: string, retries: number): void {
    const redispatch = () => {
      const other = this.inRotation().find((b) => b !== backend);
      if (retries > 0 && other) this.forward(env, other, retries - 1);
    };
    this.call(
      { ...env, to: backend },
      (err, reply) => {
        if (err === 'refused') return redispatch();
        if (err || !reply) return; // the client's own timeout reports it
        this.relay(env, reply);
      },
      FORWARD_TIMEOUT_MS,
      { timeoutMs: CONNECT_TIMEOUT_MS, onTimeout: redispatch },
    );
  }

  protected override onStart(): void {
    this.after(CHECK_INTERVAL_MS, () => this.check());
  }

  private relayStream(env: Envelope, backend: string): void {
    const clientStream = env.streamId!;
    const upstream = this.openStream(
      { ...env, to: backend, streamId: undefined },
      {
        onOpen: (reply) => this.relay(env, reply),
        onMessage: (m) => {
          if (!this.sim.net.isStreamOpen(clientStream)) {
            this.sim.net.closeStream(upstream, 'reset', false);
            return;
          }
          this.push(clientStream, { ...m, to: env.from, streamId: undefined });
        },
        onClose: (_reason, reply) => {
          if (reply) this.relay(env, reply);
          this.sim.net.closeStream(clientStream, 'reset', true, true);
        },
      },
      FORWARD_TIMEOUT_MS,
    );
  }

  /** Passes a backend's response back to the client that asked. */
  private relay(request: Envelope, reply: Envelope): void {
    const { verb, resource, summary, payload, status, stages } = reply;
    this.respond(request, { verb, resource, summary, payload, status, stages });
  }

  private pick(): string | undefined {
    const pool = this.inRotation();
    if (pool.length === 0) return undefined;
    return pool[this.next++ % pool.length];
  }

  private check(): void {
    for (const backend of this.backends) {
      this.call(
        {
          to: backend,
          verb: 'GET',
          resource: '/healthz',
          summary: 'health check GET /healthz',
          payload: { method: 'GET', path: '/healthz', user: 'system:anonymous' },
          background: true,
          trace: 'bg-lb-health',
        },
        (err, reply) =>
          this.record(backend, !err && (reply?.payload as ApiResponse | undefined)?.status === 200),
        CHECK_INTERVAL_MS,
      );
    }
    this.after(CHECK_INTERVAL_MS, () => this.check());
  }

  private record(backend: string, ok: boolean): void {
    const c = this.counters.get(backend) ?? { fails: 0, passes: 0 };
    if (ok) {
      c.passes++;
      c.fails = 0;
      if (c.passes >= RISE) this.healthy.add(backend);
    } else {
      c.fails++;
      c.passes = 0;
      if (c.fails >= FALL) this.healthy.delete(backend);
    }
    this.counters.set(backend, c);
  }
}
