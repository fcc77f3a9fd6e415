import type { KubeObject } from '../api/types';
import type { Simulation } from '../sim';
import type { RestClient } from './rest-client';

type After = (ms: number, run: () => void) => { cancel(): void };

// component-base RecommendedDefaultLeaderElectionConfiguration: 15s lease, 10s renew deadline,
// 2s retry period; client-go leaderelection JitterFactor 1.2.
export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;
const JITTER_FACTOR = 1.2;
// How soon the kubelet has a crashed static-pod component running again.
const RESTART_DELAY_MS = 1000;

export interface LeaderElectionOptions {
  /** Lease name in kube-system: kube-scheduler, kube-controller-manager */
  name: string;
  /** holderIdentity: `<hostname>_<uuid>` as the components set it */
  identity: string;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  trace: () => string;
}

/**
 * client-go leader election over a coordination.k8s.io Lease in kube-system: acquire when the
 * lease is free or expired, renew every retry period, give up leadership if renewals fail for
 * the renew deadline (the real components then exit and are restarted).
 */
export class LeaderElector {
  private lease?: KubeObject;
  private observedAt = 0;
  private leading = false;
  private lastRenew = 0;
  private timer?: { cancel(): void };
  private stopped = false;

  constructor(
    private readonly client: RestClient,
    private readonly options: LeaderElectionOptions,
    private readonly now: () => number,
    private readonly after: After,
    private readonly random: () => number,
    private readonly timestamp: () => string,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.stopped = false;
    this.tryAcquireOrRenew();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.leading = false;
  }

  private path(name = ''): string {
    return `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases${name ? `/${name}` : ''}`;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Acquire attempts are jittered (wait.JitterUntil); a leader renews every retry period.
    const delay = this.leading
      ? RETRY_PERIOD_MS
      : RETRY_PERIOD_MS * (1 + this.random() * (JITTER_FACTOR - 1));
    this.timer = this.after(delay, () => this.tryAcquireOrRenew());
  }

  private tryAcquireOrRenew(): void {
    if (this.stopped) return;
    const trace = this.options.trace();
    this.client.request(
      { method: 'GET', path: this.path(this.options.name) },
      (res) => {
        if (this.stopped) return;
        if (!res.ok || (res.response.status !== 200 && res.response.status !== 404))
          return this.failed();
        if (res.response.status === 404) return this.write('POST', undefined, trace);
        const current = res.response.body as KubeObject;
        const spec = (current.spec ?? {}) as {
          holderIdentity?: string;
          renewTime?: string;
          leaseDurationSeconds?: number;
        };
        if (this.lease?.metadata.resourceVersion !== current.metadata.resourceVersion) {
          this.lease = current;
          this.observedAt = this.now();
        }
        const expired = this.observedAt + (spec.leaseDurationSeconds ?? 15) * 1000 <= this.now();
        if (spec.holderIdentity && spec.holderIdentity !== this.options.identity && !expired) {
          if (this.leading) this.lose();
          return this.schedule();
        }
        this.write('PUT', current, trace);
      },
      { trace, background: true },
    );
  }

  private write(method: 'POST' | 'PUT', current: KubeObject | undefined, trace: string): void {
    const now = this.timestamp();
    const prev = (current?.spec ?? {}) as {
      holderIdentity?: string;
      acquireTime?: string;
      leaseTransitions?: number;
    };
    const taking = prev.holderIdentity !== this.options.identity;
    const body: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: current
        ? { ...current.metadata }
        : { name: this.options.name, namespace: 'kube-system' },
      spec: {
        holderIdentity: this.options.identity,
        leaseDurationSeconds: LEASE_DURATION_MS / 1000,
        acquireTime: taking ? now : prev.acquireTime,
        renewTime: now,
        leaseTransitions: (prev.leaseTransitions ?? 0) + (taking && current ? 1 : 0),
      },
    };
    this.client.request(
      { method, path: method === 'POST' ? this.path() : this.path(this.options.name), body },
      (res) => {
        if (this.stopped) return;
        if (!res.ok || res.response.status >= 300) return this.failed();
        this.lease = res.response.body as KubeObject;
        this.observedAt = this.now();
        this.lastRenew = this.now();
        if (!this.leading) {
          this.leading = true;
          this.options.onStartedLeading();
        }
        this.schedule();
      },
      { trace, background: true },
    );
  }

  private failed(): void {
    if (this.leading && this.now() - this.lastRenew >= RENEW_DEADLINE_MS) this.lose();
    this.schedule();
  }

  private lose(): void {
    this.leading = false;
    this.options.onStoppedLeading();
  }
}

/**
 * The elector of a control-plane component (kube-scheduler, kube-controller-manager): when it
 * loses the lease the real process exits and the kubelet restarts it, so the process is
 * killed and started again a second later.
 */
export function componentLeaderElector(
  sim: Simulation,
  component: { kill(): void; start(): void },
  client: RestClient,
  lease: { name: string; identity: string },
  after: After,
  onStartedLeading: () => void,
): LeaderElector {
  return new LeaderElector(
    client,
    {
      ...lease,
      onStartedLeading,
      onStoppedLeading: () => {
        component.kill();
        sim.after(RESTART_DELAY_MS, () => component.start());
      },
      trace: () => sim.newTrace('bg-leader-election'),
    },
    () => sim.now(),
    after,
    () => sim.rng.next(),
    () => sim.microTimestamp(),
  );
}
