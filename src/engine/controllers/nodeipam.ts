// The node IPAM controller's RangeAllocator (pkg/controller/nodeipam/ipam/range_allocator.go):
// each node gets spec.podCIDR / podCIDRs from the cluster CIDR, a /24 each (kubeadm with
// flannel: --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16, node-cidr-mask-size 24).
import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import { CidrSet } from './nodeipam-cidr-set';
import { call } from './util/controller-utils';

export const CLUSTER_CIDR = '10.244.0.0/16';
// --node-cidr-mask-size-ipv4 default
export const NODE_CIDR_MASK_SIZE = 24;
// range_allocator.go cidrUpdateRetries
const CIDR_UPDATE_RETRIES = 3;

const podCIDRs = (node: KubeObject) =>
  (node.spec as { podCIDRs?: string[] } | undefined)?.podCIDRs ?? [];

/** The `nodeipam` controller, running as kube-system/node-controller. */
export class NodeIpamController implements Controller {
  readonly name = 'nodeipam';
  readonly serviceAccount = 'node-controller';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private queue!: RateLimitingQueue;
  private cidrs!: CidrSet;
  /** node name → the CIDR being written for it */
  private pending = new Map<string, string>();

  constructor(
    private readonly clusterCIDR = CLUSTER_CIDR,
    private readonly maskSize = NODE_CIDR_MASK_SIZE,
  ) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.cidrs = new CidrSet(this.clusterCIDR, this.maskSize);
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.queue = ctx.queue('cidrallocator_node', 1, (name, done) => this.sync(name, done));
    this.nodes.addHandlers({
      onAdd: (n) => this.observe(n),
      onUpdate: (_o, n) => this.observe(n),
      onDelete: (n) => {
        for (const c of podCIDRs(n)) this.cidrs.release(c);
      },
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private observe(node: KubeObject): void {
    const has = podCIDRs(node);
    if (has.length > 0) {
      for (const c of has) this.cidrs.occupy(c);
      return;
    }
    this.queue.add(node.metadata.name!);
  }

  /** AllocateOrOccupyCIDR then updateCIDRsAllocation: patch spec.podCIDR(s). */
  private sync(name: string, done: () => void): void {
    const node = this.nodes.get(undefined, name);
    if (!node || podCIDRs(node).length > 0) return done();
    let cidr = this.pending.get(name);
    if (!cidr) {
      try {
        cidr = this.cidrs.allocateNext();
      } catch {
        // range_allocator.go: nodeutil.RecordNodeStatusChange(..., "CIDRNotAvailable")
        this.ctx.events.record(
          node,
          'Normal',
          'CIDRNotAvailable',
          `Node ${name} status is now: CIDRNotAvailable`,
        );
        return done();
      }
      this.pending.set(name, cidr);
    }
    const trace = this.ctx.newTrace('nodeipam');
    const attempt = (n: number) =>
      call(
        this.ctx.client,
        {
          method: 'PATCH',
          path: `/api/v1/nodes/${name}`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: { spec: { podCIDR: cidr, podCIDRs: [cidr] } },
        },
        trace,
        (r) => {
          if (r.ok) {
            this.pending.delete(name);
            return done();
          }
          if (n + 1 < CIDR_UPDATE_RETRIES && r.status !== 404) return attempt(n + 1);
          // give the CIDR back unless the node already had one (range_allocator.go)
          this.pending.delete(name);
          this.cidrs.release(cidr!);
          if (r.status !== 404) {
            this.ctx.events.record(
              node,
              'Normal',
              'CIDRAssignmentFailed',
              `Node ${name} status is now: CIDRAssignmentFailed`,
              trace,
            );
            this.queue.addRateLimited(name);
          }
          done();
        },
      );
    attempt(0);
  }
}
