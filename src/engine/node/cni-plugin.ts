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
 */
export class CniPlugin extends Process {
  readonly ipam: HostLocalIpam;

  constructor(sim: Simulation, node: string, podCIDR: string) {
    super(sim, `cni@${node}`, node);
    this.ipam = new HostLocalIpam(podCIDR);
  }

  receive(env: Envelope): void {
    const req = env.payload as CniRequest;
    if (env.verb === 'ADD') {
      const ip = this.ipam.allocate();
      if (!ip) {
        // host-local's exhaustion error
        return this.respond(env, {
          verb: 'ADD',
          resource: env.resource,
          summary: `no IP addresses available in range set: ${this.ipam.range}`,
          payload: { error: `no IP addresses available in range set: ${this.ipam.range}` },
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
    if (env.verb === 'DEL' && req.ip) this.ipam.release(req.ip);
    this.respond(env, { verb: env.verb, resource: env.resource, summary: 'ok', payload: {} });
  }
}
