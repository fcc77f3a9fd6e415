import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import { HostLocalIpam } from './cni';

/** A CNI ADD/DEL request from containerd for one sandbox's network namespace. */
export interface CniRequest {
  containerId: string;
  /** K8S_POD_NAMESPACE / K8S_POD_NAME */
  pod: string;
  ip?: string;
}

/**
 * The node's CNI plugin chain (flannel → bridge → host-local), exec'd by containerd for each
 * sandbox: ADD wires the pause container's netns to cni0 and assigns an IP, DEL releases it.
 * It has no network config (is not initialized) until the node's podCIDR is known.
 */
export class CniPlugin extends Process {
  private ipamRange?: HostLocalIpam;

  constructor(sim: Simulation, node: string, podCIDR?: string) {
    super(sim, `cni@${node}`, node);
    if (podCIDR) this.configure(podCIDR);
  }

  /** Whether a network config is loaded (flannel has the node's subnet). */
  get initialized(): boolean {
    return this.ipamRange !== undefined;
  }

  /** The host-local IPAM of the node's range; undefined until configured. */
  get ipam(): HostLocalIpam | undefined {
    return this.ipamRange;
  }

  /** Loads the config for the node's podCIDR; the same range again keeps its allocations. */
  configure(podCIDR: string): void {
    if (!this.ipamRange) this.ipamRange = new HostLocalIpam(podCIDR);
    else if (this.ipamRange.range !== podCIDR) this.ipamRange.setRange(podCIDR);
  }

  receive(env: Envelope): void {
    const req = env.payload as CniRequest;
    if (env.verb === 'ADD') {
      const ipam = this.ipamRange;
      // libcni without a loaded config (containerd's cni.ErrCNINotInitialized)
      const error = !ipam ? 'cni plugin not initialized' : undefined;
      const ip = ipam?.allocate();
      if (error || !ip) {
        // host-local's exhaustion error
        const why = error ?? `no IP addresses available in range set: ${ipam!.range}`;
        return this.respond(env, {
          verb: 'ADD',
          resource: env.resource,
          summary: why,
          payload: { error: why },
          status: 500,
        });
      }
      return this.respond(env, {
        verb: 'ADD',
        resource: env.resource,
        summary: `${req.pod}: ${ip}/24 on cni0`,
        payload: { ip },
      });
    }
    if (env.verb === 'DEL' && req.ip) this.ipamRange?.release(req.ip);
    this.respond(env, { verb: env.verb, resource: env.resource, summary: 'ok', payload: {} });
  }
}
