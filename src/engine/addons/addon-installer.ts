import type { KubeObject } from '../api/types';
import { RestClient } from '../client/rest-client';
import { resolveResourceName } from '../api/resources';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';

// Between attempts while the apiserver is not ready yet (kubeadm's apiclient retries).
const RETRY_MS = 1000;

/**
 * kubeadm init's `addon` phase: once the apiserver answers, it creates each add-on object
 * with the admin credentials (kube-proxy's ConfigMap and DaemonSet, CoreDNS's ConfigMap,
 * Deployment and Service), retrying until each is accepted or already exists.
 */
export class AddonInstaller extends Process {
  private readonly client: RestClient;
  private pending: KubeObject[];

  constructor(sim: Simulation, node: string, apiServer: string, objects: KubeObject[]) {
    super(sim, `kubeadm@${node}`, node);
    this.client = new RestClient(this.transport(), apiServer, { user: 'kubernetes-admin' });
    this.pending = [...objects];
    this.after(0, () => this.next());
  }

  /** Whether every object has been created. */
  get done(): boolean {
    return this.pending.length === 0;
  }

  receive(_env: Envelope): void {}

  private next(): void {
    const obj = this.pending[0];
    if (!obj) return;
    const kind = obj.kind.toLowerCase();
    const info = resolveResourceName(kind)!;
    const base = info.group ? `/apis/${info.group}/${info.version}` : '/api/v1';
    const path = `${base}/namespaces/${obj.metadata.namespace}/${info.resource}`;
    this.client.request(
      { method: 'POST', path, body: obj },
      (res) => {
        const status = res.ok ? res.response.status : 0;
        if (status === 201 || status === 409) {
          this.pending.shift();
          this.next();
        } else this.after(RETRY_MS, () => this.next());
      },
      { trace: this.sim.newTrace('kubeadm-addon') },
    );
  }
}
