// The kubelet's pod side: the apiserver pod source (a list+watch of pods with
// spec.nodeName=<node>, config/apiserver.go), admission, one PodWorker per pod, and the
// routing of runtime events to them. The watch event's trace follows the pod's story.
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import type { Envelope } from '../sim';
import type { NodeAllocatable } from './kubelet-admission';
import { admitUnderMemoryPressure } from './eviction-manager';
import { admitPod } from './kubelet-admission';
import type { WorkerContext } from './pod-worker';
import { PodWorker } from './pod-worker';
import type { ContainerEvent, CriReply, PodSandbox } from './runtime-types';

// api.MirrorPodAnnotationKey
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
// client-go reflector's first retry after a failed list/watch
const RELIST_BACKOFF_MS = 800;
// pkg/kubelet/status/status_manager.go syncPeriod: syncBatch retries unsent statuses
const STATUS_SYNC_PERIOD_MS = 10_000;

interface Timer {
  cancel(): void;
}

export interface PodManagerContext {
  client: RestClient;
  /** a CRI call about the node as a whole (background) */
  nodeCri<T>(
    verb: string,
    payload: unknown,
    trace: string | undefined,
    done: (r: CriReply<T>) => void,
  ): void;
  node: NodeAllocatable;
  after(ms: number, run: () => void): Timer;
  newTrace(prefix: string): string;
  worker: Omit<WorkerContext, 'finished'>;
  /** whether the eviction manager reports MemoryPressure (its admit handler) */
  memoryPressure?(): boolean;
  /** the kubelet restarted: adopt what the runtime still runs before starting anything */
  adopt?: boolean;
}

/** The pods a kubelet runs, keyed by uid. */
export class PodManager {
  readonly workers = new Map<string, PodWorker>();
  private resourceVersion = '';
  private stopWatch?: () => void;
  private running = false;
  private statusTicker?: Timer;
  private adopting: boolean;
  /** what every worker of this node is given: one object, not a copy per pod */
  private readonly workerContext: WorkerContext;

  constructor(private readonly ctx: PodManagerContext) {
    this.adopting = ctx.adopt ?? false;
    this.workerContext = { ...ctx.worker, finished: (id) => this.workers.delete(id) };
  }

  start(): void {
    this.running = true;
    this.list();
    this.syncBatch();
  }

  stop(): void {
    this.running = false;
    this.statusTicker?.cancel();
    this.stopWatch?.();
    this.workers.clear();
  }

  /** Adds a pod from another source (static manifests) and starts its worker. */
  addStatic(pod: KubeObject, trace: string): PodWorker {
    const w = this.newWorker(pod, trace);
    w.isStatic = true;
    this.startWorker(w);
    return w;
  }

  /** The status manager's ticker: every 10 s, statuses whose write failed are sent again. */
  private syncBatch(): void {
    this.statusTicker = this.ctx.after(STATUS_SYNC_PERIOD_MS, () => {
      if (!this.running) return;
      for (const w of this.workers.values()) w.syncStatus();
      this.syncBatch();
    });
  }

  containerEvent(e: ContainerEvent): void {
    this.workers.get(e.podUid)?.containerEvent(e);
  }

  private path(): { path: string; query: Record<string, string> } {
    return {
      path: '/api/v1/pods',
      query: { fieldSelector: `spec.nodeName=${this.ctx.node.name}` },
    };
  }

  private list(): void {
    if (!this.running) return;
    const { path, query } = this.path();
    this.ctx.client.request(
      { method: 'GET', path, query: { ...query, resourceVersion: '0' } },
      (res) => {
        if (!this.running) return;
        if (!res.ok || res.response.status !== 200) {
          this.ctx.after(RELIST_BACKOFF_MS, () => this.list());
          return;
        }
        const body = res.response.body as {
          metadata: { resourceVersion: string };
          items: KubeObject[];
        };
        this.resourceVersion = body.metadata.resourceVersion;
        // config/apiserver.go: a relist replaces the source's pods, so a pod missing from it
        // (deleted while the watch was down, or gone with an etcd restore) is removed
        const listed = new Set(body.items.map((p) => p.metadata.uid));
        for (const w of [...this.workers.values()]) {
          if (!w.isStatic && !listed.has(w.pod.metadata.uid)) w.removed();
        }
        for (const item of body.items)
          this.onPod('ADDED', { ...item, apiVersion: 'v1', kind: 'Pod' }, undefined);
        if (this.adopting) this.removeOrphans();
        this.adopting = false;
        this.watch();
      },
      { trace: this.ctx.newTrace('bg-kubelet-pods'), background: true },
    );
  }

  private watch(): void {
    if (!this.running) return;
    const { path, query } = this.path();
    this.stopWatch = this.ctx.client.watch(
      {
        method: 'GET',
        path,
        query: { ...query, resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true' },
      },
      {
        onEvent: (e, env: Envelope) => {
          const ev = e as { type: string; object: KubeObject };
          if (ev.type === 'ERROR') {
            this.stopWatch?.();
            this.ctx.after(0, () => this.list());
            return;
          }
          if (ev.object?.metadata?.resourceVersion)
            this.resourceVersion = ev.object.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK') return;
          this.onPod(ev.type, ev.object, env.trace);
        },
        onClose: (reason, response) => {
          if (!this.running) return;
          if (reason === 'ended') return this.watch();
          this.ctx.after(RELIST_BACKOFF_MS, () =>
            response?.status === 410 ? this.list() : this.watch(),
          );
        },
      },
      { trace: this.ctx.newTrace('bg-kubelet-pods'), background: true },
    );
  }

  private onPod(type: string, pod: KubeObject, trace: string | undefined): void {
    if (MIRROR_ANNOTATION in (pod.metadata.annotations ?? {})) return;
    const uid = pod.metadata.uid ?? '';
    const worker = this.workers.get(uid);
    if (type === 'DELETED') {
      worker?.removed();
      return;
    }
    if (worker) return worker.update(pod, trace);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const admitted = [...this.workers.values()].filter((w) => !w.isStatic).map((w) => w.pod);
    const rejection =
      admitUnderMemoryPressure(pod, this.ctx.memoryPressure?.() ?? false) ??
      admitPod(pod, this.ctx.node, admitted);
    if (rejection) return this.reject(pod, rejection.reason, rejection.message, trace);
    this.startWorker(this.newWorker(pod, trace));
  }

  private startWorker(w: PodWorker): void {
    if (this.adopting) w.adopt(() => w.sync());
    else w.sync();
  }

  /**
   * HandlePodCleanups after a restart: sandboxes of pods this node no longer runs (deleted
   * while the kubelet was down) are stopped and removed, their containers with them.
   */
  private removeOrphans(): void {
    const cri = this.ctx.worker.cri;
    const trace = this.ctx.newTrace('bg-kubelet-cleanup');
    this.ctx.nodeCri<{ items: PodSandbox[] }>('ListPodSandbox', {}, trace, (res) => {
      if (!res.ok) return;
      for (const s of res.result.items) {
        if (this.workers.has(s.metadata.uid)) continue;
        const { name, namespace, uid } = s.metadata;
        const pod: KubeObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace, uid },
        };
        const sandboxId = s.id;
        cri(
          'StopPodSandbox',
          pod,
          { sandboxId },
          trace,
          () => cri('RemovePodSandbox', pod, { sandboxId }, trace, () => undefined, true),
          true,
        );
      }
    });
  }

  private newWorker(pod: KubeObject, trace: string | undefined): PodWorker {
    const uid = pod.metadata.uid ?? '';
    const w = new PodWorker(this.workerContext, pod, trace);
    this.workers.set(uid, w);
    return w;
  }

  /** kubelet.rejectPod: an event and a Failed status whose message says why. */
  private reject(
    pod: KubeObject,
    reason: string,
    message: string,
    trace: string | undefined,
  ): void {
    this.ctx.worker.event(pod, 'Warning', reason, message, trace);
    this.ctx.client.request(
      {
        method: 'PATCH',
        path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: { status: { phase: 'Failed', reason, message: `Pod was rejected: ${message}` } },
      },
      () => undefined,
      { trace },
    );
  }
}
