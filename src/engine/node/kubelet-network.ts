// The kubelet's view of the pod network (pkg/kubelet/kubelet_network.go updatePodCIDR and
// kubelet.go updateRuntimeUp): the podCIDR of its Node goes to the runtime through CRI
// UpdateRuntimeConfig, and CRI Status says whether the network is ready.
import type { KubeObject } from '../api/types';
import type { CriReply, RuntimeStatus } from './runtime-types';
import { networkNotReadyError } from './runtime-types';

// pkg/kubelet/runtime.go: the network error before the runtime has answered once
export const NETWORK_UNKNOWN = 'network state unknown';
// runtime.go runtimeErrors: no answer to CRI Status for maxWaitForContainerRuntime (30 s)
export const RUNTIME_DOWN = 'container runtime is down';
const RUNTIME_DOWN_AFTER_MS = 30_000;
// kubelet.go: go wait.Until(kl.updateRuntimeUp, 5*time.Second, …)
const RUNTIME_CHECK_MS = 5_000;

export interface KubeletNetworkDeps {
  newTrace(prefix: string): string;
  /** a node-level CRI call (no pod) */
  cri<T>(verb: string, payload: unknown, trace: string, done: (r: CriReply<T>) => void): void;
  /** the network error changed (the node's Ready condition should follow at once) */
  changed(): void;
  /** with a clock, the runtime's Status is asked every 5 s and a silent runtime is down */
  now?(): number;
  after?(ms: number, run: () => void): void;
}

/** runtimeState's network half, fed by the Node's podCIDR and the runtime's Status. */
export class KubeletNetwork {
  /** why pods cannot get a network now; undefined when the network is ready */
  error: string | undefined = NETWORK_UNKNOWN;
  private podCIDR = '';
  private lastRuntimeSync = 0;

  constructor(private readonly deps: KubeletNetworkDeps) {}

  /** The podCIDR the runtime was given, or '' before the node IPAM controller assigned one. */
  get cidr(): string {
    return this.podCIDR;
  }

  /** Asks the runtime for its status once (updateRuntimeUp at start-up). */
  start(onStatus?: () => void): void {
    this.error = NETWORK_UNKNOWN;
    this.podCIDR = '';
    this.lastRuntimeSync = this.deps.now?.() ?? 0;
    this.checkRuntime(this.deps.newTrace('bg-runtime-status'), onStatus);
    this.deps.after?.(RUNTIME_CHECK_MS, () => this.updateRuntimeUp());
  }

  private updateRuntimeUp(): void {
    this.checkRuntime(this.deps.newTrace('bg-runtime-status'));
    this.deps.after?.(RUNTIME_CHECK_MS, () => this.updateRuntimeUp());
  }

  /** updatePodCIDR: a new podCIDR of the Node goes to the runtime, whose status then tells. */
  observe(node: KubeObject): void {
    const spec = node.spec as { podCIDR?: string; podCIDRs?: string[] } | undefined;
    const cidr = (spec?.podCIDRs ?? (spec?.podCIDR ? [spec.podCIDR] : [])).join(',');
    if (!cidr || cidr === this.podCIDR) return;
    this.podCIDR = cidr;
    const trace = this.deps.newTrace('pod-cidr');
    this.deps.cri('UpdateRuntimeConfig', { podCIDR: cidr }, trace, (r) => {
      if (!r.ok) this.podCIDR = '';
      this.checkRuntime(trace);
    });
  }

  private checkRuntime(trace: string, then?: () => void): void {
    this.deps.cri<RuntimeStatus>('Status', {}, trace, (r) => {
      // a runtime that does not answer: "container runtime is down" (runtime.go)
      const now = this.deps.now?.();
      if (r.ok && now !== undefined) this.lastRuntimeSync = now;
      const down = now !== undefined && now - this.lastRuntimeSync >= RUNTIME_DOWN_AFTER_MS;
      const error = r.ok
        ? networkNotReadyError(r.result)
        : down
          ? RUNTIME_DOWN
          : now !== undefined
            ? this.error
            : NETWORK_UNKNOWN;
      if (error !== this.error) {
        this.error = error;
        this.deps.changed();
      }
      then?.();
    });
  }
}
