import type { ApiResponse, KubeObject } from '../api/types';
import { RestClient } from '../client/rest-client';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import { parseMilli, parseValue } from '../api/quantity';
import { Backoff } from './backoff';
import { EvictionManager } from './eviction-manager';
import { ImageManager } from './kubelet-images';
import { eventNameSuffixer } from '../client/event-name';
import { EventSink } from '../client/event-sink';
import { KubeletEvents } from './kubelet-events';
import { KubeletNetwork } from './kubelet-network';
import { PodManager } from './kubelet-pods';
import { NodeInformer } from './node-informer';
import type { HostFs } from './host-fs';
import { StaticPods } from './kubelet-static-pods';
import { StaticPodSource } from './static-pod-source';
import type { NodeSpecOptions } from './node-object';
import { nodeConditions, registrationNode } from './node-object';
import type { Containerd } from './runtime';
import type { ContainerEvent, CriReply } from './runtime-types';

// kubelet defaults (kubelet config v1beta1 types.go, pkg/kubelet/kubelet.go):
const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000; // nodeStatusUpdateFrequency
const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000; // nodeStatusReportFrequency
const NODE_LEASE_DURATION_S = 40; // nodeLeaseDurationSeconds
const LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_S * 1000 * 0.25; // nodeLeaseRenewIntervalFraction
// registerWithAPIServer backs off from 100ms, doubling to 7s.
const REGISTER_BACKOFF_START_MS = 100;
const REGISTER_BACKOFF_MAX_MS = 7000;
// pkg/kubelet/kubelet.go: containerBackOffPeriod 10s, MaxContainerBackOff 300s; the image
// pull backoff has the same curve (imageBackOffPeriod, MaxImageBackOff).
const CONTAINER_BACKOFF_MS = 10_000;
const MAX_CONTAINER_BACKOFF_MS = 300_000;
// kubelet's runtime-request-timeout (2m)
const RUNTIME_REQUEST_TIMEOUT_MS = 120_000;
// nodestatus.MaxNamesPerImageInNodeStatus and the image list cap (nodeStatusMaxImages = 50)
const MAX_IMAGES_IN_STATUS = 50;

export interface KubeletOptions extends NodeSpecOptions {
  /** the apiserver (or load balancer) this kubelet's kubeconfig points at */
  apiServer: string;
  /** the node's container runtime; without one the kubelet runs no pods */
  runtime?: Containerd;
  /** the static pod manifests in /etc/kubernetes/manifests (kubeadm's, on control planes) */
  staticManifests?: KubeObject[];
  /** the node's files: when given, static pods come from its staticPodPath and follow it */
  fs?: HostFs;
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
  /** the Ready status on the Node as last read (the node controller may have set Unknown) */
  private storedReady?: string;
  private lastReportedMemoryPressure = false;
  /** the eviction manager (memory.available; undefined without a runtime) */
  eviction?: EvictionManager;
  private lastReportedImages = '';
  /** the pods this kubelet runs (undefined without a runtime) */
  pods?: PodManager;
  /** the static pods and their mirror pods */
  readonly staticPods: StaticPods;
  private readonly staticPodSource?: StaticPodSource;
  /** the kubelet's informer on its own Node (GetNode reads its cache) */
  private nodeInformer?: NodeInformer;
  /** the pod network as the runtime reports it (undefined without a runtime) */
  network?: KubeletNetwork;
  private readonly crashBackoff: Backoff;
  private readonly imageBackoff: Backoff;
  // whether this kubelet has run before: a restart adopts the runtime's containers
  private bootedBefore = false;

  constructor(
    sim: Simulation,
    readonly options: KubeletOptions,
  ) {
    super(sim, `kubelet@${options.name}`, options.name);
    this.client = new RestClient(this.transport(), options.apiServer, {
      user: `system:node:${options.name}`,
    });
    this.crashBackoff = new Backoff(CONTAINER_BACKOFF_MS, MAX_CONTAINER_BACKOFF_MS, () =>
      sim.now(),
    );
    this.imageBackoff = new Backoff(CONTAINER_BACKOFF_MS, MAX_CONTAINER_BACKOFF_MS, () =>
      sim.now(),
    );
    const fs = options.fs;
    if (fs) {
      this.staticPodSource = new StaticPodSource({
        fs,
        after: (ms, run) => this.after(ms, run),
        changed: () => this.staticPods.sync(),
      });
    }
    this.staticPods = new StaticPods({
      node: options.name,
      client: this.client,
      after: (ms, run) => this.after(ms, run),
      newTrace: (p) => this.sim.newTrace(p),
      timestamp: () => this.sim.timestamp(),
      nodeUid: () => this.nodeInformer?.node?.metadata.uid ?? undefined,
      registered: () => this.registered,
      manifests: () => this.staticPodSource?.read() ?? this.options.staticManifests ?? [],
    });
    this.boot();
  }

  receive(env: Envelope): void {
    // The runtime's container events (evented PLEG; upstream's default relists every 1 s).
    if (env.verb === 'ContainerEvent') this.pods?.containerEvent(env.payload as ContainerEvent);
  }

  protected override onStart(): void {
    this.boot();
  }

  protected override onStop(): void {
    this.nodeInformer?.stop();
    this.nodeInformer = undefined;
    this.network = undefined;
    this.leaseVersion = undefined;
    this.lastReport = -Infinity;
    this.pods?.stop();
    this.pods = undefined;
    this.staticPods.stop();
    this.staticPodSource?.stop();
    this.eviction?.stop();
    this.eviction = undefined;
    // kubelet.go NewMainKubelet makes klet.backOff (flowcontrol.NewBackOff) in memory: a
    // restarted kubelet restarts a crash-looping container at once
    this.crashBackoff.reset();
    this.imageBackoff.reset();
  }

  private boot(): void {
    const restarted = this.bootedBefore;
    this.bootedBefore = true;
    this.registered = false;
    this.registerBackoff = REGISTER_BACKOFF_START_MS;
    this.nodeInformer = new NodeInformer({
      client: this.client,
      node: this.options.name,
      after: (ms, run) => this.after(ms, run),
      newTrace: (p) => this.sim.newTrace(p),
      // updatePodCIDR as soon as the node IPAM controller has set it (fastStatusUpdateOnce)
      onNode: (node) => {
        this.network?.observe(node);
        if (this.registered) this.staticPods.createMirrorPods();
      },
    });
    this.nodeInformer.start();
    // The node registers once the runtime has said whether its network is ready.
    if (this.options.runtime)
      this.startPodManager(this.options.runtime, () => this.register(), restarted);
    else this.register();
  }

  /** Whether the kubelet's Node is registered and it has reported it Ready. */
  get nodeReady(): boolean {
    return this.registered && this.lastReportedReady === true;
  }

  /** Connects the node's container runtime (the CRI socket) and starts running pods. */
  attachRuntime(runtime: Containerd, staticManifests: KubeObject[] = []): Containerd {
    this.options.runtime = runtime;
    this.options.staticManifests = staticManifests;
    if (this.isUp() && !this.pods) this.startPodManager(runtime);
    return runtime;
  }

  /** Why pods other than host-network ones cannot start now, or undefined. */
  private networkError(): string | undefined {
    return this.network ? this.network.error : undefined;
  }

  /** A CRI call to the node's containerd: a hop whose verb is the method name. */
  private cri<T>(
    verb: string,
    pod: KubeObject,
    payload: unknown,
    trace: string | undefined,
    done: (r: CriReply<T>) => void,
    background = false,
  ): void {
    const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.criCall(verb, `pod/${name}`, `${verb} ${name}`, payload, trace, done, background);
  }

  private criCall<T>(
    verb: string,
    resource: string,
    summary: string,
    payload: unknown,
    trace: string | undefined,
    done: (r: CriReply<T>) => void,
    background = false,
  ): void {
    const runtime = this.options.runtime!;
    this.call(
      { to: runtime.id, verb, resource, summary, payload, trace, background },
      (err, reply) => {
        if (err || !reply) {
          return done({
            ok: false,
            error: {
              code: 'Unknown',
              desc: `connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: ${err === 'refused' ? 'connection refused' : 'no such file or directory'}"`,
            },
          });
        }
        done(reply.payload as CriReply<T>);
      },
      RUNTIME_REQUEST_TIMEOUT_MS,
    );
  }

  private startPodManager(runtime: Containerd, onNetworkKnown?: () => void, adopt = false): void {
    const o = this.options;
    this.network = new KubeletNetwork({
      newTrace: (p) => this.sim.newTrace(p),
      cri: (verb, payload, trace, done) =>
        this.criCall(verb, `node/${o.name}`, `${verb} ${o.name}`, payload, trace, done, false),
      changed: () => {
        if (this.registered) this.postNodeStatus(false);
      },
      now: () => this.sim.now(),
      after: (ms, run) => this.after(ms, run),
    });
    this.network.start(onNetworkKnown);
    const suffix = eventNameSuffixer(
      () => this.sim.wallTime(),
      () => this.sim.rng.nextUint32(),
    );
    // the kubelet's one event broadcaster writes its events in order, retrying as client-go does
    const sink = new EventSink(
      this.client,
      (ms, run) => this.after(ms, run),
      () => this.sim.rng.next(),
    );
    const events = new KubeletEvents(sink, o.name, () => this.sim.timestamp(), suffix);
    const event = events.record.bind(events);
    const after = (ms: number, run: () => void) => this.after(ms, run);
    this.pods = new PodManager({
      adopt,
      memoryPressure: () => this.eviction?.memoryPressure ?? false,
      client: this.client,
      nodeCri: (verb, payload, trace, done) =>
        this.criCall(verb, `node/${o.name}`, `${verb} ${o.name}`, payload, trace, done, true),
      node: {
        name: o.name,
        cpu: parseMilli(o.cpu),
        // allocatable = capacity − eviction-hard memory.available (100Mi), as the Node reports
        memory: parseValue(o.memory) - 100 * 1024 * 1024,
        pods: 110,
      },
      after,
      newTrace: (p) => this.sim.newTrace(p),
      worker: {
        node: o.name,
        hostIP: o.ip,
        now: () => this.sim.now(),
        timestamp: (at) => this.sim.timestamp(at),
        after,
        cri: (verb, pod, payload, trace, done, background) =>
          this.cri(verb, pod, payload, trace, done, background),
        api: this.client,
        event,
        crashBackoff: this.crashBackoff,
        images: new ImageManager({
          now: () => this.sim.now(),
          cri: (verb, pod, payload, trace, done) => this.cri(verb, pod, payload, trace, done),
          event,
          backoff: this.imageBackoff,
        }),
        runtime,
        networkError: () => this.networkError(),
        statusPath: (pod) => {
          const isStatic = this.staticPods.isStatic(pod.metadata.uid);
          if (isStatic && !this.staticPods.hasMirror(pod.metadata.name!)) return undefined;
          return `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`;
        },
      },
    });
    this.pods.start();
    const pods = this.pods;
    this.eviction?.stop();
    this.eviction = new EvictionManager({
      capacityBytes: parseValue(o.memory),
      now: () => this.sim.now(),
      after,
      usage: () => runtime.memoryUsage(),
      pods: () =>
        [...pods.workers.values()].map((w) => ({
          pod: w.pod,
          isStatic: w.isStatic,
          evict: (message: string) => w.evict(message),
        })),
      changed: () => {
        if (this.registered) this.postNodeStatus(false);
      },
      // the kubelet's node reference: kind Node, uid = the node's name
      nodeEvent: (reason, message) =>
        event(
          { apiVersion: 'v1', kind: 'Node', metadata: { name: o.name, uid: o.name } },
          'Warning',
          reason,
          message,
          undefined,
        ),
    });
    this.eviction.start();
    // The kubelet starts the manifests' pods at once: the control plane comes up through them.
    this.staticPods.boot(this.pods);
    this.staticPodSource?.start();
    if (this.nodeInformer?.node) this.network.observe(this.nodeInformer.node);
  }

  private register(): void {
    const node = registrationNode(this.options, this.sim.timestamp(), this.networkError());
    this.client.request(
      { method: 'POST', path: '/api/v1/nodes', body: node },
      (res) => {
        const status = res.ok ? res.response.status : 0;
        if (status === 201 || status === 409) {
          this.registered = true;
          // A Node that already exists (a restart) still shows what was last posted, maybe
          // Unknown: report at once (kubelet_node_status.go: lastStatusReportTime starts zero).
          const created = status === 201;
          this.lastReport = created ? this.sim.now() : -Infinity;
          this.lastReportedReady = created ? this.networkError() === undefined : undefined;
          this.renewLease();
          this.staticPods.createMirrorPods();
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

  private nodeImages(): { names: string[]; sizeBytes: number }[] {
    return nodeImagesOf(this.options.runtime);
  }

  /** tryUpdateNodeStatus every 10 s: read the Node (podCIDR), post status if it changed or
   *  if 5 minutes passed since the last report. */
  private syncNodeStatus(): void {
    this.readNode(true, () => this.postNodeStatus(true));
    this.after(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.syncNodeStatus());
  }

  /** tryUpdateNodeStatus's GET of the Node, from the apiserver's cache (resourceVersion=0 on
   *  the first try), and updatePodCIDR from it. */
  private readNode(background: boolean, then: () => void): void {
    if (!this.network) return then();
    this.client.request(
      {
        method: 'GET',
        path: `/api/v1/nodes/${this.options.name}`,
        query: { resourceVersion: '0' },
      },
      (res) => {
        if (res.ok && res.response.status === 200) {
          const node = res.response.body as KubeObject;
          this.network?.observe(node);
          this.storedReady = readyStatusOf(node);
        }
        then();
      },
      { trace: this.sim.newTrace('bg-node-status'), background },
    );
  }

  /** Patches nodes/<name>/status when something changed (or the report is due). */
  private postNodeStatus(background: boolean): void {
    const notReady = this.networkError();
    // kubelet_node_status.go: nodeStatusHasChanged compares with the Node as read, so a Ready
    // the node controller set to Unknown while the kubelet was cut off is put right at once
    const stale =
      this.storedReady !== undefined &&
      this.storedReady !== (notReady === undefined ? 'True' : 'False');
    if (stale) this.lastReportedReady = undefined;
    const ready = notReady === undefined;
    const pressure = this.eviction?.memoryPressure ?? false;
    const due = this.sim.now() - this.lastReport >= NODE_STATUS_REPORT_FREQUENCY_MS;
    const images = this.nodeImages();
    const imagesJson = JSON.stringify(images);
    if (
      due ||
      ready !== this.lastReportedReady ||
      pressure !== this.lastReportedMemoryPressure ||
      imagesJson !== this.lastReportedImages
    ) {
      const now = this.sim.timestamp();
      this.client.request(
        {
          method: 'PATCH',
          path: `/api/v1/nodes/${this.options.name}/status`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: {
            status: {
              // a Ready flip carries its new lastTransitionTime; heartbeats keep the old one
              conditions: nodeConditions(now, notReady, now, pressure).map((c) =>
                (c.type === 'Ready' && ready !== this.lastReportedReady) ||
                (c.type === 'MemoryPressure' && pressure !== this.lastReportedMemoryPressure)
                  ? c
                  : heartbeatOnly(c),
              ),
              ...(images.length > 0 ? { images } : {}),
            },
          },
        },
        (res) => {
          if (res.ok && res.response.status < 300) {
            this.lastReport = this.sim.now();
            this.lastReportedReady = ready;
            this.lastReportedMemoryPressure = pressure;
            this.lastReportedImages = imagesJson;
          }
        },
        { trace: this.sim.newTrace(background ? 'bg-node-status' : 'node-status'), background },
      );
    }
  }
}

/** nodestatus.Images: largest first, each with its digest and tag names. */
function nodeImagesOf(runtime: Containerd | undefined): { names: string[]; sizeBytes: number }[] {
  if (!runtime) return [];
  return runtime
    .listImages()
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES_IN_STATUS)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
}

function readyStatusOf(node: KubeObject): string | undefined {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] })
    ?.conditions;
  return conditions?.find((c) => c.type === 'Ready')?.status;
}

/** A heartbeat patch carries type, status and lastHeartbeatTime (transitions keep theirs). */
function heartbeatOnly(c: Record<string, unknown>): Record<string, unknown> {
  const { lastTransitionTime: _t, ...rest } = c;
  return rest;
}
