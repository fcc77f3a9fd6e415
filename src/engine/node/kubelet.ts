import type { ApiResponse, KubeObject } from '../api/types';
import { RestClient } from '../client/rest-client';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import type { NodeSpecOptions } from './node-object';
import { nodeConditions, registrationNode } from './node-object';

// kubelet defaults (kubelet config v1beta1 types.go, pkg/kubelet/kubelet.go):
const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000; // nodeStatusUpdateFrequency
const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000; // nodeStatusReportFrequency
const NODE_LEASE_DURATION_S = 40; // nodeLeaseDurationSeconds
const LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_S * 1000 * 0.25; // nodeLeaseRenewIntervalFraction
// registerWithAPIServer backs off from 100ms, doubling to 7s.
const REGISTER_BACKOFF_START_MS = 100;
const REGISTER_BACKOFF_MAX_MS = 7000;

export interface KubeletOptions extends NodeSpecOptions {
  /** the apiserver (or load balancer) this kubelet's kubeconfig points at */
  apiServer: string;
}

/**
 * The kubelet's node agent duties: register the Node, renew its Lease in kube-node-lease
 * every 10 s and post node status on change or every 5 minutes.
 */
export class Kubelet extends Process {
  readonly client: RestClient;
  registered = false;
  private registerBackoff = REGISTER_BACKOFF_START_MS;
  private leaseVersion?: string;
  private lastReport = -Infinity;
  private lastReportedReady?: boolean;

  constructor(
    sim: Simulation,
    readonly options: KubeletOptions,
  ) {
    super(sim, `kubelet@${options.name}`, options.name);
    this.client = new RestClient(this.transport(), options.apiServer, {
      user: `system:node:${options.name}`,
    });
    this.boot();
  }

  receive(_env: Envelope): void {}

  protected override onStart(): void {
    this.boot();
  }

  protected override onStop(): void {
    this.leaseVersion = undefined;
    this.lastReport = -Infinity;
  }

  private boot(): void {
    this.registered = false;
    this.registerBackoff = REGISTER_BACKOFF_START_MS;
    this.register();
  }

  private register(): void {
    const node = registrationNode(this.options, this.sim.timestamp());
    this.client.request(
      { method: 'POST', path: '/api/v1/nodes', body: node },
      (res) => {
        const status = res.ok ? res.response.status : 0;
        if (status === 201 || status === 409) {
          this.registered = true;
          this.lastReport = this.sim.now();
          this.lastReportedReady = true;
          this.renewLease();
          this.after(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.syncNodeStatus());
          return;
        }
        this.after(this.registerBackoff, () => this.register());
        this.registerBackoff = Math.min(this.registerBackoff * 2, REGISTER_BACKOFF_MAX_MS);
      },
      { trace: this.sim.newTrace('bg-register') },
    );
  }

  /** The node lease heartbeat: create it once, then update renewTime every 10 s. */
  private renewLease(): void {
    const name = this.options.name;
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: 'kube-node-lease',
        ...(this.leaseVersion ? { resourceVersion: this.leaseVersion } : {}),
      },
      spec: {
        holderIdentity: name,
        leaseDurationSeconds: NODE_LEASE_DURATION_S,
        renewTime: this.sim.microTimestamp(),
      },
    };
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    const trace = this.sim.newTrace('bg-lease');
    const done = (res: { ok: boolean; response?: ApiResponse }) => {
      const response = res.ok ? res.response : undefined;
      if (response && response.status < 300) {
        this.leaseVersion = (response.body as KubeObject).metadata.resourceVersion;
      } else if (response?.status === 409) {
        // Someone else wrote it (or it exists from before a restart): read it, then retry.
        this.client.request(
          { method: 'GET', path: `${path}/${name}` },
          (got) => {
            if (got.ok && got.response.status === 200) {
              this.leaseVersion = (got.response.body as KubeObject).metadata.resourceVersion;
            }
          },
          { trace, background: true },
        );
      } else if (response?.status === 404) this.leaseVersion = undefined;
      this.after(LEASE_RENEW_INTERVAL_MS, () => this.renewLease());
    };
    if (this.leaseVersion) {
      this.client.request({ method: 'PUT', path: `${path}/${name}`, body: lease }, done, {
        trace,
        background: true,
      });
    } else {
      this.client.request({ method: 'POST', path, body: lease }, done, { trace, background: true });
    }
  }

  /** Every 10 s: post status if it changed or if 5 minutes passed since the last report. */
  private syncNodeStatus(): void {
    const ready = true;
    const due = this.sim.now() - this.lastReport >= NODE_STATUS_REPORT_FREQUENCY_MS;
    if (due || ready !== this.lastReportedReady) {
      const now = this.sim.timestamp();
      this.client.request(
        {
          method: 'PATCH',
          path: `/api/v1/nodes/${this.options.name}/status`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: { status: { conditions: nodeConditions(now, ready).map(heartbeatOnly) } },
        },
        (res) => {
          if (res.ok && res.response.status < 300) {
            this.lastReport = this.sim.now();
            this.lastReportedReady = ready;
          }
        },
        { trace: this.sim.newTrace('bg-node-status'), background: true },
      );
    }
    this.after(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.syncNodeStatus());
  }
}

/** A heartbeat patch carries type, status and lastHeartbeatTime (transitions keep theirs). */
function heartbeatOnly(c: Record<string, unknown>): Record<string, unknown> {
  const { lastTransitionTime: _t, ...rest } = c;
  return rest;
}
