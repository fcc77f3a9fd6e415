import { resolveResourceName } from '../api/resources';
import { etcdKey } from '../api/resources';
import type { ApiRequest, ApiResponse, KubeObject } from '../api/types';
import { KubeApiServer } from '../apiserver/apiserver';
import { clusterIdentities } from '../apiserver/auth/identities';
import { decodeKV } from '../apiserver/storage/codec';
import type { EtcdCluster } from '../etcd';
import { createEtcdCluster } from '../etcd';
import { ControllerManager } from '../controllers/controller-manager';
import { controllersWithClusterCIDR, defaultControllers } from '../controllers';
import { runEtcdctl } from '../etcd/etcdctl';
import { etcdDataDirOf } from '../etcd/data-dir-path';
import type { KubectlResult } from '../kubectl';
import { runKubectl } from '../kubectl';
import { bornStopped } from '../node/born-stopped';
import { Kubelet } from '../node/kubelet';
import { preloadedImages } from '../node/images';
import { Containerd } from '../node/runtime';
import { kubeadmHostFs } from '../node/kubeadm-host-fs';
import type { HostFs } from '../node/host-fs';
import { ServiceNetwork } from '../network/service-network';
import type { TrafficRequest, TrafficResult } from '../network/traffic';
import type { Hop, LatencyOptions, Process } from '../sim';
import { Simulation } from '../sim';
import type { SchedulingAttempt } from '../scheduler/decisions';
import { KubeScheduler } from '../scheduler/kube-scheduler';
import { bootstrapObjects } from './bootstrap-objects';
import { ClientProcess } from './client-process';
import { LoadBalancer } from './load-balancer';
import { powerOff, powerOn } from './power';
import type { NodePlan, WorkerSpec } from './topology';
import { planNodes } from './topology';

export interface ClusterOptions {
  seed?: number;
  /** 1, 3 or 5 (2 and 4 are allowed, to show why etcd wants odd sizes) */
  controlPlaneNodes?: number;
  /** a count (default sizes) or one spec per worker */
  workers?: number | WorkerSpec[];
  /** false: no CoreDNS or kube-proxy pods, so nodes carry no system pods */
  addons?: boolean;
  hopBufferSize?: number;
  /** kubeadm's networking.podSubnet (default 10.244.0.0/16, 256 nodes of /24); larger for more */
  podSubnet?: string;
  latency?: Partial<LatencyOptions>;
  /**
   * 'wait' (default): createCluster runs the clock until the cluster has booted and returns
   * it ready to use. 'watch': createCluster returns at t=0 with only systemd's units (kubelet,
   * containerd) started, so the boot can be followed hop by hop; `isBooted()` tells when the
   * control plane is up and every node Ready.
   */
  boot?: 'wait' | 'watch';
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// The HA endpoint's address (kubeadm's controlPlaneEndpoint), next to the nodes' 10.0.0.x.
const LOAD_BALANCER_IP = '10.0.0.10';
// How long createCluster lets the control plane come up before giving up.
export const BOOT_TIMEOUT_MS = 120_000;

// A stored version never changes, so its decoded (frozen) object is kept while etcd keeps the
// version: the diagram lists every pod each time the cluster moves, and most are unchanged.
const decodedVersions = new WeakMap<Parameters<typeof decodeKV>[0], KubeObject>();
function decodeStored(kv: Parameters<typeof decodeKV>[0]): KubeObject {
  let obj = decodedVersions.get(kv);
  if (!obj) decodedVersions.set(kv, (obj = decodeKV(kv)));
  return obj;
}

/**
 * A whole simulated cluster: etcd, control plane, nodes, the user's machine. Everything it
 * does runs on the simulation's virtual clock; see DESIGN.md for the API contract.
 */
export class Cluster {
  readonly sim: Simulation;
  readonly nodes: readonly NodePlan[];
  readonly etcd: EtcdCluster;
  readonly apiServers: readonly KubeApiServer[];
  readonly kubelets: readonly Kubelet[];
  readonly loadBalancer?: LoadBalancer;
  readonly controllerManagers: readonly ControllerManager[];
  readonly schedulers: readonly KubeScheduler[];
  readonly serviceNetwork: ServiceNetwork;
  /** each node's files (kubeadm's static pod manifests on control planes), by node name */
  readonly hostFs: ReadonlyMap<string, HostFs>;
  private readonly kubectlClient: ClientProcess;
  private readonly processes = new Map<string, Process>();

  constructor(options: ClusterOptions = {}) {
    this.sim = new Simulation({
      seed: options.seed ?? 1,
      hopBufferSize: options.hopBufferSize,
      latency: options.latency,
    });
    const controlPlanes = options.controlPlaneNodes ?? 1;
    if (!Number.isInteger(controlPlanes) || controlPlanes < 1 || controlPlanes > 5) {
      throw new Error(`controlPlaneNodes must be 1 to 5, got ${controlPlanes}`);
    }
    this.nodes = planNodes(controlPlanes, options.workers ?? 3);
    const cps = this.nodes.filter((n) => n.controlPlane);
    const addons = options.addons ?? true;
    const identities = clusterIdentities({ nodes: this.nodes.map((n) => n.name) });

    // The control plane runs as kubeadm's static pods: each component exists from the start but
    // its process runs only once the kubelet has started its container.
    this.etcd = createEtcdCluster(
      this.sim,
      cps.map((n) => n.name),
    );
    for (const m of this.etcd.members) m.kill();
    const StaticApiServer = bornStopped(KubeApiServer);
    this.apiServers = cps.map(
      (n) =>
        new StaticApiServer(this.sim, {
          node: n.name,
          etcd: `etcd@${n.name}`,
          identities,
          advertiseAddress: n.ip,
          bootstrapObjects: () => bootstrapObjects({ apiServerIPs: cps.map((c) => c.ip), addons }),
        }),
    );
    const StaticControllerManager = bornStopped(ControllerManager);
    const controllers = options.podSubnet
      ? controllersWithClusterCIDR(options.podSubnet)
      : defaultControllers;
    this.controllerManagers = cps.map(
      (n) => new StaticControllerManager(this.sim, n.name, controllers),
    );
    const StaticScheduler = bornStopped(KubeScheduler);
    this.schedulers = cps.map((n) => new StaticScheduler(this.sim, n.name));
    if (cps.length > 1)
      this.loadBalancer = new LoadBalancer(
        this.sim,
        this.apiServers.map((a) => a.id),
      );
    const endpoint = this.loadBalancer?.id ?? this.apiServers[0].id;
    // systemd starts containerd and the kubelet on every node. containerd's pod network waits
    // for the node's podCIDR; the kubelet runs the node's pods through it (CRI), on control
    // planes first the static pods of /etc/kubernetes/manifests, whose containers run the
    // component binaries. kubeadm: control-plane kubelets talk to their local apiserver,
    // workers to the endpoint.
    this.hostFs = new Map(this.nodes.map((n) => [n.name, kubeadmHostFs(n, cps)]));
    this.kubelets = this.nodes.map((n) => {
      const cp = cps.indexOf(n);
      const components =
        cp < 0
          ? undefined
          : new Map<string, Process>([
              ['etcd', this.etcd.members[cp]],
              ['kube-apiserver', this.apiServers[cp]],
              ['kube-controller-manager', this.controllerManagers[cp]],
              ['kube-scheduler', this.schedulers[cp]],
            ]);
      const runtime = new Containerd(this.sim, {
        node: n.name,
        hostIP: n.ip,
        preloaded: preloadedImages(n.controlPlane),
        components,
      });
      return new Kubelet(this.sim, {
        ...n,
        apiServer: n.controlPlane ? `kube-apiserver@${n.name}` : endpoint,
        runtime,
        fs: this.hostFs.get(n.name),
      });
    });
    // each member runs on the data dir its static pod's etcd-data hostPath names
    cps.forEach((n, i) => {
      const { staticPods } = this.kubelets[this.nodes.indexOf(n)];
      this.etcd.members[i].dataDirPath = () => etcdDataDirOf(staticPods.pod('etcd'));
      this.etcd.members[i].staticPod = () => staticPods.pod('etcd');
    });
    this.kubectlClient = new ClientProcess(this.sim, 'kubectl', endpoint, 'kubernetes-admin');
    for (const p of [...this.etcd.members, ...this.apiServers, ...this.kubelets]) this.register(p);
    if (this.loadBalancer) this.register(this.loadBalancer);

    // --- further components: each adds its processes with this.register(...) ---
    for (const k of this.kubelets) this.register(k.options.runtime!);
    for (const p of this.controllerManagers) this.register(p);
    for (const p of this.schedulers) this.register(p);
    // kube-proxy on every node, kubeadm's add-ons (CoreDNS) and the Service data plane
    this.serviceNetwork = new ServiceNetwork(this.sim, {
      nodes: this.nodes,
      apiServer: endpoint,
      addons,
      pods: () => this.list('pods'),
      revision: () => this.storeView().revision,
      register: (p) => this.register(p),
    });

    if ((options.boot ?? 'wait') === 'watch') return;
    const booted = this.sim.runUntil(() => this.isBooted(), BOOT_TIMEOUT_MS);
    if (!booted) throw new Error('the simulated control plane did not come up');
  }

  /**
   * Whether etcd has a leader, every apiserver is ready and every node is registered and
   * Ready (its podCIDR assigned, so pods can get addresses) with the node lifecycle
   * controller's not-ready taint lifted, so the scheduler can use it.
   */
  isBooted(): boolean {
    return (
      this.etcd.leader() !== undefined &&
      this.apiServers.every((a) => a.ready && a.bootstrapDone) &&
      this.kubelets.every((k) => k.nodeReady) &&
      this.nodes.every((n) => {
        const taints = (this.get('nodes', n.name, '')?.spec as { taints?: { key: string }[] })
          ?.taints;
        return !taints?.some((t) => t.key === 'node.kubernetes.io/not-ready');
      })
    );
  }

  now(): number {
    return this.sim.now();
  }

  /** The server address kubectl's kubeconfig names (the HA endpoint or the first node). */
  get serverHost(): string {
    return this.loadBalancer ? 'load-balancer' : this.nodes[0].name;
  }

  kubectl(command: string, stdin?: string): CommandResult {
    const trace = this.sim.newTrace('kubectl');
    const result: KubectlResult = runKubectl(command, stdin, {
      request: (req) => this.kubectlClient.requestSync(req, trace),
      watch: (req, durationMs, until) =>
        this.kubectlClient.watchSync(req, trace, durationMs, until),
      now: () => this.sim.wallTime(),
      server: `https://${this.serverHost}:6443`,
      serverAddress: `${this.loadBalancer ? LOAD_BALANCER_IP : this.nodes[0].ip}:6443`,
      namespace: 'default',
    });
    this.notify();
    return result;
  }

  /** A raw REST request, as a real client sees it; a network failure answers status 0. */
  request(req: TrafficRequest): TrafficResult;
  request(req: Omit<ApiRequest, 'query'> & { query?: Record<string, string> }): ApiResponse;
  /**
   * A raw REST request to the apiserver (`{ method, path, … }`), or — given `{ from, url }` —
   * traffic from a pod, a node or an outside client through DNS, kube-proxy and the overlay.
   */
  request(req: TrafficRequest | ApiRequest): ApiResponse | TrafficResult {
    if ('url' in req) return this.trafficRequest(req);
    return this.apiRequest(req);
  }

  private apiRequest(req: ApiRequest): ApiResponse {
    const trace = this.sim.newTrace('request');
    const full: ApiRequest = { user: 'kubernetes-admin', ...req };
    if (full.method === 'GET' && (full.query?.watch === '1' || full.query?.watch === 'true')) {
      const seconds = Number(full.query?.timeoutSeconds ?? 1);
      const r = this.kubectlClient.watchSync(full, trace, seconds * 1000 + 100);
      this.notify();
      if (r.error && r.response) return r.response;
      if (r.error) return { status: 0, headers: {}, body: { error: r.error } };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: r.events };
    }
    const r = this.kubectlClient.requestSync(full, trace);
    this.notify();
    if (!r.ok) return { status: 0, headers: {}, body: { error: r.error } };
    return r.response;
  }

  /**
   * A REST request that completes later, while something else drives the clock (the HTTP
   * bridge of `npm run api`): `done` gets the response, or status 0 on a network failure.
   */
  requestAsync(req: ApiRequest, done: (res: ApiResponse) => void): void {
    this.kubectlClient.rest.request(
      req,
      (r) => done(r.ok ? r.response : { status: 0, headers: {}, body: { error: r.error } }),
      { trace: this.sim.newTrace('request') },
    );
  }

  /** A watch that streams while something else drives the clock; returns a stop function. */
  watchAsync(
    req: ApiRequest,
    onEvent: (e: { type: string; object: unknown }) => void,
    onEnd: (res?: ApiResponse) => void,
  ): () => void {
    return this.kubectlClient.rest.watch(
      req,
      { onEvent: (e) => onEvent(e), onClose: (_reason, res) => onEnd(res) },
      { trace: this.sim.newTrace('watch'), background: false },
    );
  }

  etcdctl(command: string): CommandResult {
    const result = runEtcdctl(command, { sim: this.sim, cluster: this.etcd });
    this.notify();
    return result;
  }

  advance(ms: number): void {
    this.sim.advance(ms);
    this.notify();
  }

  runUntil(predicate: (c: Cluster) => boolean, options: { timeoutMs: number }): boolean {
    const ok = this.sim.runUntil(() => predicate(this), options.timeoutMs);
    this.notify();
    return ok;
  }

  /** The stored object, read straight from etcd's state (no hops), or undefined. */
  get(kind: string, name: string, namespace = 'default'): KubeObject | undefined {
    const info = resolveResourceName(kind);
    if (!info) throw new Error(`unknown kind ${kind}`);
    const store = this.storeView();
    const kv = store.range(etcdKey(info, info.namespaced ? namespace : undefined, name)).kvs[0];
    return kv ? decodeStored(kv) : undefined;
  }

  /** Stored objects of a kind, in one namespace or (namespace undefined) all. */
  list(kind: string, namespace?: string): KubeObject[] {
    const info = resolveResourceName(kind);
    if (!info) throw new Error(`unknown kind ${kind}`);
    const prefix =
      info.namespaced && namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.storeView().range(prefix, end).kvs.map(decodeStored);
  }

  hops(): readonly Hop[] {
    return this.sim.hops.all();
  }

  /** Calls `listener` with each hop as it is recorded; returns an unsubscribe function. */
  onHop(listener: (hop: Hop) => void): () => void {
    return this.sim.hops.onRecord(listener);
  }

  /**
   * Every scheduling attempt for a pod, from the scheduler instances that made them (in time
   * order): per-node filter outcomes, per-plugin scores, the chosen node.
   */
  schedulingDecisions(namespace: string, name: string): SchedulingAttempt[] {
    return this.schedulers
      .flatMap((s) => s.schedulingDecisions(namespace, name))
      .sort((a, b) => a.at - b.at);
  }

  /** The node's kube-proxy rules as `iptables-save` prints them. */
  iptablesSave(nodeName: string): string {
    this.requireNode(nodeName);
    return this.serviceNetwork.iptablesSave(nodeName);
  }

  /**
   * An HTTP request through the data path, as curl in a pod, on a node or outside makes it:
   * DNS, iptables, node links, the pod's answer; runs the clock until it completes.
   *
   *   c.trafficRequest({ from: 'pod/default/client', url: 'http://web' }).body;
   */
  trafficRequest(req: TrafficRequest): TrafficResult {
    const result = this.serviceNetwork.requestSync(req);
    this.notify();
    return result;
  }

  /** Kills a node (`node/<name>`: power off) or one component instance. */
  fail(id: string): void {
    if (id.startsWith('node/')) {
      const host = id.slice(5);
      this.requireNode(host);
      powerOff(this, host);
    } else this.requireProcess(id).kill();
    this.notify();
  }

  /** Starts a node again (`node/<name>`: power on, a reboot) or one component instance. */
  recover(id: string): void {
    if (id.startsWith('node/')) {
      const host = id.slice(5);
      this.requireNode(host);
      powerOn(this, host);
    } else this.requireProcess(id).start();
    this.notify();
  }

  partition(nodeName: string): void {
    this.requireNode(nodeName);
    this.sim.net.partition(nodeName);
    this.notify();
  }

  heal(nodeName: string): void {
    this.requireNode(nodeName);
    this.sim.net.heal(nodeName);
    this.notify();
  }

  /** Makes a process known to fail/recover (and to the views) by its id. */
  register(p: Process): void {
    this.processes.set(p.id, p);
  }

  /** Every registered component instance. */
  components(): Process[] {
    return [...this.processes.values()];
  }

  private listeners = new Set<(c: Cluster) => void>();

  subscribe(listener: (c: Cluster) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l(this);
  }

  private storeView() {
    const member =
      this.etcd.leader() ?? this.etcd.members.find((m) => m.isUp()) ?? this.etcd.members[0];
    return member.disk.store;
  }

  private requireNode(name: string): void {
    if (!this.nodes.some((n) => n.name === name)) throw new Error(`no node named ${name}`);
  }

  private requireProcess(id: string): Process {
    const p = this.processes.get(id);
    if (!p) throw new Error(`no component ${id}`);
    return p;
  }
}

/**
 * Creates and boots a cluster: etcd elects a leader, the apiservers sync their caches and
 * write the bootstrap objects, the kubelets register their nodes.
 *
 *   const c = createCluster({ seed: 42, workers: 3 });
 *   c.kubectl('get nodes').stdout;
 */
export function createCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(options);
}
