import { AddonInstaller } from '../addons/addon-installer';
import { CoreDns } from '../addons/coredns';
import { corednsObjects, KUBE_DNS_IP } from '../addons/coredns-objects';
import { CLUSTER_CIDR, kubeProxyObjects } from '../addons/kube-proxy-objects';
import type { KubeObject } from '../api/types';
import type { Process, Simulation } from '../sim';
import type { HttpServer } from './http';
import { hostnameServer } from './http';
import { NodeIptables } from './iptables';
import { KubeProxy } from './kube-proxy';
import { NetEndpoint } from './net-endpoint';
import { PodDirectory } from './pod-directory';
import type { TrafficContext, TrafficRequest, TrafficResult } from './traffic';
import { DEFAULT_TIMEOUT_MS, handleAtPod, handleAtStack, startTrafficRequest } from './traffic';

export interface ServiceNetworkOptions {
  nodes: readonly { name: string; ip: string; controlPlane: boolean }[];
  /** what kube-proxy's and CoreDNS's kubeconfigs point at (the HA endpoint or first apiserver) */
  apiServer: string;
  /** kubeadm add-ons: kube-proxy DaemonSet and CoreDNS; false = kube-proxy as a node service */
  addons: boolean;
  /** the stored pods (the data plane reads addresses from their status) */
  pods: () => readonly KubeObject[];
  /** changes whenever stored objects change (e.g. etcd's revision), to cache the pod view */
  revision: () => number;
  /** makes a process known to the cluster's fail/recover and views */
  register: (p: Process) => void;
}

const COREDNS_USER = 'system:serviceaccount:kube-system:coredns';
// How often the data plane looks at the coredns pods (the container runtime's state change
// reaches CoreDNS at once in reality; a second is well below any lookup's 5 s timeout).
const DNS_RECONCILE_MS = 1000;

/**
 * The Service data plane of a cluster: per node the kernel's iptables and kube-proxy; the
 * CoreDNS servers; the endpoints traffic flows between; kubeadm's add-on objects.
 *
 * DNS is answered by the coredns pods' containers only (`pod/kube-system/coredns-…`, one
 * CoreDNS process per pod whose container runs, on the pod's node), reached through the
 * kube-dns Service and kube-proxy's rules; before any is ready a lookup is refused or times
 * out, as in a cluster whose CoreDNS has not started.
 */
export class ServiceNetwork {
  readonly kubeProxies: readonly KubeProxy[];
  readonly installer?: AddonInstaller;
  private readonly tables = new Map<string, NodeIptables>();
  private readonly endpoints = new Map<string, NetEndpoint>();
  private readonly podDns = new Map<string, CoreDns>();
  private cachedPods?: { revision: number; directory: PodDirectory };
  /** how pods answer HTTP; container behaviours can replace the default */
  http: HttpServer = hostnameServer;

  constructor(
    private readonly sim: Simulation,
    private readonly options: ServiceNetworkOptions,
  ) {
    this.kubeProxies = [];
    for (const n of options.nodes) this.addNode(n.name);
    if (!options.addons) return;
    const first = options.nodes.find((n) => n.controlPlane) ?? options.nodes[0];
    this.installer = new AddonInstaller(sim, first.name, options.apiServer, [
      ...kubeProxyObjects(),
      ...corednsObjects(),
    ]);
    this.watchDns();
  }

  /** A node joins: its kernel's tables and its kube-proxy (the DaemonSet's pod, or a unit). */
  addNode(node: string): KubeProxy {
    const iptables = new NodeIptables();
    this.tables.set(node, iptables);
    const proxy = new KubeProxy(this.sim, {
      node,
      apiServer: this.options.apiServer,
      user: this.options.addons
        ? 'system:serviceaccount:kube-system:kube-proxy'
        : 'system:kube-proxy',
      clusterCIDR: CLUSTER_CIDR,
      iptables,
    });
    (this.kubeProxies as KubeProxy[]).push(proxy);
    this.options.register(proxy);
    return proxy;
  }

  /** The node's netfilter tables. */
  iptables(node: string): NodeIptables {
    const t = this.tables.get(node);
    if (!t) throw new Error(`no node named ${node}`);
    return t;
  }

  /** The node's rules as `iptables-save` prints them. */
  iptablesSave(node: string): string {
    return this.iptables(node).save(this.sim.wallTime());
  }

  /** Starts a request; `done` gets its outcome once the simulation has carried it. */
  request(req: TrafficRequest, done: (r: TrafficResult) => void): void {
    this.reconcileDns();
    startTrafficRequest(this.context(), req, done);
  }

  /** Runs the clock until the request completes (curl's --max-time bounds it). */
  requestSync(req: TrafficRequest): TrafficResult {
    let result: TrafficResult | undefined;
    this.request(req, (r) => (result = r));
    // Up to four DNS lookups of five seconds each, then the connection's own timeout.
    const bound = 4 * 5_000 + (req.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 1_000;
    this.sim.runUntil(() => result !== undefined, bound);
    return (
      result ?? {
        ok: false,
        error: 'timeout',
        message: `curl: (28) Connection timed out after ${bound} milliseconds`,
        trace: '',
      }
    );
  }

  /** The CoreDNS servers running now: one per coredns pod whose container runs. */
  dnsServers(): CoreDns[] {
    return [...this.podDns.values()].filter((d) => d.isUp());
  }

  private directory(): PodDirectory {
    const revision = this.options.revision();
    if (this.cachedPods?.revision !== revision) {
      this.cachedPods = { revision, directory: new PodDirectory(this.options.pods()) };
    }
    return this.cachedPods.directory;
  }

  // Keeps the CoreDNS processes in step with the coredns pods' containers, also while no
  // traffic flows, so a replica has synced its caches before the first lookup needs it.
  private watchDns(): void {
    this.reconcileDns();
    this.sim.after(DNS_RECONCILE_MS, () => this.watchDns());
  }

  // Give each coredns pod whose container runs its own CoreDNS process, on the pod's node;
  // stop those whose pod is gone, whose container is not running (crashed, OOM-killed,
  // restarting) or whose node is powered off (its stored status still says Running).
  private reconcileDns(): void {
    if (!this.options.addons) return;
    const pods = this.directory().select('kube-system', { 'k8s-app': 'kube-dns' });
    const current = new Set(pods.map((p) => `pod/${p.namespace}/${p.name}`));
    for (const pod of pods) {
      const id = `pod/${pod.namespace}/${pod.name}`;
      const running = pod.running && this.sim.net.isHostUp(pod.node);
      const existing = this.podDns.get(id);
      if (existing) {
        if (running && !existing.isUp()) existing.start();
        else if (!running && existing.isUp()) existing.kill();
        continue;
      }
      if (!running || this.sim.net.endpoint(id)) continue;
      const dns = new CoreDns(this.sim, id, pod.node, this.options.apiServer, COREDNS_USER);
      this.podDns.set(id, dns);
      this.options.register(dns);
    }
    for (const [id, dns] of this.podDns) if (!current.has(id) && dns.isUp()) dns.kill();
  }

  private endpoint(id: string, host: string): NetEndpoint {
    let ep = this.endpoints.get(id);
    if (ep) return ep;
    if (this.sim.net.endpoint(id)) {
      throw new Error(`${id} is already a network endpoint of another component`);
    }
    ep = new NetEndpoint(this.sim, id, host);
    const ctx = this.context();
    if (id.startsWith('node/')) ep.handle = (env, self) => handleAtStack(ctx, self, env);
    else if (id.startsWith('pod/')) {
      const [, namespace, name] = id.split('/');
      ep.handle = (env, self) => handleAtPod(ctx, self, env, { namespace, name });
    }
    this.endpoints.set(id, ep);
    return ep;
  }

  private context(): TrafficContext {
    return {
      sim: this.sim,
      endpoint: (id, host) => this.endpoint(id, host),
      pods: () => this.directory(),
      nodes: this.options.nodes,
      iptables: (node) => this.iptables(node),
      dnsServer: (ip) => {
        const pod = ip ? this.directory().byAddress(ip) : undefined;
        return pod ? this.podDns.get(`pod/${pod.namespace}/${pod.name}`) : undefined;
      },
      kubeDnsIP: KUBE_DNS_IP,
      http: (pod, req) => this.http(pod, req),
    };
  }
}
