// The pod network plugin (flannel with the host-local IPAM): each node owns the /24 of the
// cluster CIDR 10.244.0.0/16 that the controller-manager's node IPAM gave it (spec.podCIDR);
// the bridge cni0 takes .1 and pods get .2, .3 … in order, reusing released addresses last.

// What containerd's CRI plugin reports while no CNI network config is loaded
// (containerd internal/cri/server/status.go: networkNotReadyReason, "cni plugin not initialized").
export const NETWORK_NOT_READY_REASON = 'NetworkPluginNotReady';
export const CNI_NOT_INITIALIZED = 'Network plugin returns error: cni plugin not initialized';

/** Host-local IPAM over one node's podCIDR. */
export class HostLocalIpam {
  private readonly used = new Set<number>();
  private last = 1;
  private base = '';
  private size = 0;

  constructor(podCIDR: string) {
    this.setRange(podCIDR);
  }

  /** Switches to the node's podCIDR once the node-IPAM controller has assigned one. */
  setRange(podCIDR: string): void {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(podCIDR);
    this.base = m ? m[1] : podCIDR.split('/')[0].split('.').slice(0, 3).join('.');
    this.size = 254;
    this.used.clear();
    this.last = 1;
  }

  get range(): string {
    return `${this.base}.0/24`;
  }

  /** The next free address after the last one handed out (host-local's round robin). */
  allocate(): string | undefined {
    const hosts = this.size - 1; // .2 … .254
    for (let i = 1; i <= hosts; i++) {
      const host = ((this.last - 2 + i) % hosts) + 2;
      if (!this.used.has(host)) {
        this.used.add(host);
        this.last = host;
        return `${this.base}.${host}`;
      }
    }
    return undefined;
  }

  release(ip: string): void {
    this.used.delete(Number(ip.split('.')[3]));
  }
}
