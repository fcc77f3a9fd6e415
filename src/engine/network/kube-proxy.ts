import type { KubeObject } from '../api/types';
import { RestClient } from '../client/rest-client';
import { SharedInformers } from '../client/shared-informers';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import type { NodeIptables } from './iptables';
import { ensureJumpChains } from './jump-chains';
import type { ProxiedService, ProxierConfig } from './proxier-rules';
import { syncProxyRules } from './proxier-rules';
import { endpointsForPort, servicePorts } from './service-ports';

// KubeProxyConfiguration defaults (pkg/proxy/apis/config/v1alpha1/defaults.go): iptables
// minSyncPeriod 1s; masqueradeBit 14; localhostNodePorts true.
export const MIN_SYNC_PERIOD_MS = 1000;
export const MASQUERADE_MARK = '0x4000';
// How often a starting kube-proxy checks whether its informers have synced.
const SYNCED_POLL_MS = 100;
// cmd/kube-proxy: Services and EndpointSlices of services another proxy owns, or headless
// ones, are not watched.
const PROXY_LABEL_SELECTOR =
  '!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name';

export interface KubeProxyOptions {
  node: string;
  /** the apiserver or load balancer its kubeconfig names */
  apiServer: string;
  /** system:serviceaccount:kube-system:kube-proxy (DaemonSet) or system:kube-proxy */
  user: string;
  /** the cluster CIDR (kubeadm's podSubnet) for the local-traffic detector */
  clusterCIDR: string;
  /** the node's netfilter tables, which outlive this process */
  iptables: NodeIptables;
}

/**
 * kube-proxy in iptables mode on one node: informers on Services and EndpointSlices; once both
 * have synced, every change leads (at most once per minSyncPeriod) to a full
 * iptables-restore of the node's tables. Killing it leaves the last rules in the kernel.
 */
export class KubeProxy extends Process {
  private informers?: SharedInformers;
  private syncTimer?: { cancel(): void };
  private lastSync = -Infinity;
  /** how many times the rules were written */
  syncCount = 0;

  constructor(
    sim: Simulation,
    readonly options: KubeProxyOptions,
  ) {
    super(sim, `kube-proxy@${options.node}`, options.node);
    this.boot();
  }

  receive(_env: Envelope): void {}

  protected override onStop(): void {
    this.informers?.stop();
    this.informers = undefined;
    this.syncTimer = undefined;
  }

  protected override onStart(): void {
    this.boot();
  }

  /** The proxier's settings on this node. */
  config(): ProxierConfig {
    return {
      nodeName: this.options.node,
      clusterCIDR: this.options.clusterCIDR,
      masqueradeMark: MASQUERADE_MARK,
      masqueradeAll: false,
      localhostNodePorts: true,
      hasRandomFully: true,
      nfacct: true,
    };
  }

  private boot(): void {
    this.lastSync = -Infinity;
    const client = new RestClient(this.transport(), this.options.apiServer, {
      user: this.options.user,
    });
    const informers = new SharedInformers(
      client,
      (ms, run) => this.after(ms, run),
      () => this.sim.rng.next(),
      () => this.sim.newTrace('bg-informer'),
    );
    this.informers = informers;
    const onChange = {
      onAdd: () => this.queueSync(),
      onUpdate: () => this.queueSync(),
      onDelete: () => this.queueSync(),
    };
    informers
      .informer('/api/v1/services', { labelSelector: PROXY_LABEL_SELECTOR })
      .addHandlers(onChange);
    informers
      .informer('/apis/discovery.k8s.io/v1/endpointslices', { labelSelector: PROXY_LABEL_SELECTOR })
      .addHandlers(onChange);
    informers.start();
    this.queueSync();
  }

  // async.BoundedFrequencyRunner: run soon, but never twice within minSyncPeriod.
  private queueSync(): void {
    if (this.syncTimer) return;
    const delay = Math.max(0, this.lastSync + MIN_SYNC_PERIOD_MS - this.sim.now());
    this.syncTimer = this.after(delay, () => {
      this.syncTimer = undefined;
      this.sync();
    });
  }

  private sync(): void {
    const informers = this.informers;
    // Not until Services and EndpointSlices have both been listed (proxier isInitialized).
    if (!informers) return;
    if (!informers.synced) {
      // OnServiceSynced / OnEndpointSlicesSynced: check again once the lists are in.
      this.syncTimer = this.after(SYNCED_POLL_MS, () => {
        this.syncTimer = undefined;
        this.sync();
      });
      return;
    }
    this.lastSync = this.sim.now();
    const services = informers.informer('/api/v1/services', {
      labelSelector: PROXY_LABEL_SELECTOR,
    });
    const slices = informers.informer('/apis/discovery.k8s.io/v1/endpointslices', {
      labelSelector: PROXY_LABEL_SELECTOR,
    });
    const proxied = proxiedServices(services.items(), slices.items(), this.options.node);
    const ipt = this.options.iptables;
    ensureJumpChains(ipt);
    ipt.restore(syncProxyRules(proxied, this.config(), new Set(ipt.chainNames('nat'))));
    this.syncCount++;
  }
}

/** The proxier's ServicePortMap and EndpointsMap for these objects, sorted by port name. */
export function proxiedServices(
  services: readonly KubeObject[],
  slices: readonly KubeObject[],
  node: string,
): ProxiedService[] {
  const slicesByService = new Map<string, KubeObject[]>();
  for (const slice of slices) {
    const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!owner) continue;
    const key = `${slice.metadata.namespace}/${owner}`;
    const list = slicesByService.get(key) ?? [];
    list.push(slice);
    slicesByService.set(key, list);
  }
  const out: ProxiedService[] = [];
  for (const svc of services) {
    const own = slicesByService.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? [];
    for (const port of servicePorts(svc)) {
      out.push({ svc: port, endpoints: endpointsForPort(own, port, node) });
    }
  }
  // Go ranges over a map here; a fixed order keeps the simulation repeatable.
  return out.sort((a, b) =>
    a.svc.nameString === b.svc.nameString
      ? a.svc.protocol < b.svc.protocol
        ? -1
        : 1
      : a.svc.nameString < b.svc.nameString
        ? -1
        : 1,
  );
}
