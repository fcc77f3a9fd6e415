import type { KubeObject } from '../api/types';
import { jsonEqual } from '../api/patch/json-value';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { Taint, Toleration } from './util/nodelifecycle-taints';
import { NODE_NAME_KEY_INDEX, nodeNameIndexFunc } from './util/controller-utils';
import { getMatchingTolerations, getMinTolerationTime } from './util/nodelifecycle-taints';

// taint_eviction.go: UpdateWorkerSize workers; a deletion is retried `retries` times.
const UPDATE_WORKER_SIZE = 8;
const DELETE_RETRIES = 5;
const RETRY_DELAY_MS = 10;

interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
  timer: { cancel(): void };
}

function noExecuteTaints(node: KubeObject | undefined): Taint[] {
  const taints = (node?.spec as { taints?: Taint[] } | undefined)?.taints ?? [];
  return taints.filter((t) => t.effect === 'NoExecute');
}

function podSpec(pod: KubeObject): { nodeName?: string; tolerations?: Toleration[] } {
  return (pod.spec ?? {}) as { nodeName?: string; tolerations?: Toleration[] };
}

/**
 * The taint eviction controller (pkg/controller/tainteviction, `taint-eviction-controller`):
 * a pod on a node with NoExecute taints is deleted at once when it does not tolerate them all,
 * or when the shortest tolerationSeconds of the matching tolerations runs out (counted from
 * when the controller noticed the taint); removing the taints cancels the deletion.
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  // cmd/kube-controller-manager: "taint-manager uses existing cluster role from node-controller"
  readonly serviceAccount = 'node-controller';
  readonly eventSource = 'taint-eviction-controller';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private pods!: Informer;
  private nodeQueue!: RateLimitingQueue;
  private podQueue!: RateLimitingQueue;
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly work = new Map<string, ScheduledEviction>();
  private stopped = false;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.pods.addIndexer(NODE_NAME_KEY_INDEX, nodeNameIndexFunc);
    this.nodeQueue = ctx.queue('noexec_taint_node', UPDATE_WORKER_SIZE, (k, done) =>
      this.whenSynced(k, done, this.nodeQueue, () => this.handleNodeUpdate(k)),
    );
    this.podQueue = ctx.queue('noexec_taint_pod', UPDATE_WORKER_SIZE, (k, done) =>
      this.whenSynced(k, done, this.podQueue, () => this.handlePodUpdate(k)),
    );
    this.nodes.addHandlers({
      onAdd: (n) => this.nodeQueue.add(n.metadata.name!),
      onUpdate: (o, n) => {
        if (JSON.stringify(noExecuteTaints(o)) !== JSON.stringify(noExecuteTaints(n)))
          this.nodeQueue.add(n.metadata.name!);
      },
      onDelete: (n) => this.nodeQueue.add(n.metadata.name!),
    });
    this.pods.addHandlers({
      onAdd: (p) => this.podQueue.add(podKey(p)),
      onUpdate: (o, p) => {
        const a = podSpec(o);
        const b = podSpec(p);
        if (a.nodeName === b.nodeName && jsonEqual(a.tolerations ?? [], b.tolerations ?? []))
          return;
        this.podQueue.add(podKey(p));
      },
      onDelete: (p) => this.podQueue.add(podKey(p)),
    });
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.work.values()) w.timer.cancel();
    this.work.clear();
    this.nodeQueue?.shutDown();
    this.podQueue?.shutDown();
  }

  /** The pods whose deletion is scheduled, with when it fires (virtual ms), for views and tests. */
  scheduledEvictions(): { pod: string; fireAt: number }[] {
    return [...this.work].map(([pod, w]) => ({ pod, fireAt: w.fireAt }));
  }

  private whenSynced(
    key: string,
    done: () => void,
    queue: RateLimitingQueue,
    run: () => void,
  ): void {
    // WaitForNamedCacheSync: nothing is processed before both caches are filled.
    if (!this.nodes.synced || !this.pods.synced) {
      done();
      queue.addAfter(key, 100);
      return;
    }
    run();
    done();
  }

  private handlePodUpdate(key: string): void {
    const [namespace, name] = key.split('/');
    const pod = this.pods.get(namespace, name);
    if (!pod) return this.cancelWorkWithEvent(key);
    const { nodeName, tolerations } = podSpec(pod);
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(key, tolerations, taints, this.ctx.now());
  }

  private handleNodeUpdate(nodeName: string): void {
    const node = this.nodes.get(undefined, nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.pods.byIndex(NODE_NAME_KEY_INDEX, nodeName);
    if (taints.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent(podKey(p));
      return;
    }
    const now = this.ctx.now();
    for (const p of pods) this.processPodOnNode(podKey(p), podSpec(p).tolerations, taints, now);
  }

  private processPodOnNode(
    key: string,
    tolerations: Toleration[] | undefined,
    taints: Taint[],
    now: number,
  ): void {
    if (taints.length === 0) this.cancelWorkWithEvent(key);
    const { allTolerated, used } = getMatchingTolerations(taints, tolerations);
    if (!allTolerated) {
      // Delete right away; any scheduled deletion is superseded.
      this.cancelWorkWithEvent(key);
      return this.addWork(key, now, now);
    }
    const min = getMinTolerationTime(used);
    if (min < 0) return this.cancelWorkWithEvent(key);
    let startTime = now;
    const scheduled = this.work.get(key);
    if (scheduled) {
      startTime = scheduled.createdAt;
      // Keep the earlier deadline.
      if (startTime + min < now + min) return;
      this.cancelWorkWithEvent(key);
    }
    this.addWork(key, startTime, startTime + min);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const timer = this.ctx.after(Math.max(0, fireAt - this.ctx.now()), () => {
      this.work.delete(key);
      this.deletePod(key, DELETE_RETRIES);
    });
    this.work.set(key, { createdAt, fireAt, timer });
  }

  private cancelWorkWithEvent(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    w.timer.cancel();
    this.work.delete(key);
    this.ctx.events.record(
      podRef(key),
      'Normal',
      'TaintManagerEviction',
      `Cancelling deletion of Pod ${key}`,
    );
  }

  /** deletePodHandler: the event, a DisruptionTarget condition, then DELETE the pod. */
  private deletePod(key: string, retries: number, evented = false): void {
    if (this.stopped) return;
    if (!evented)
      this.ctx.events.record(
        podRef(key),
        'Normal',
        'TaintManagerEviction',
        `Marking for deletion Pod ${key}`,
      );
    const [namespace, name] = key.split('/');
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    const retry = () => {
      if (retries > 1) this.ctx.after(RETRY_DELAY_MS, () => this.deletePod(key, retries - 1, true));
    };
    this.ctx.client.request({ method: 'GET', path }, (got) => {
      if (this.stopped) return;
      if (!got.ok || got.response.status !== 200) return retry();
      const pod = got.response.body as KubeObject;
      const conditions =
        (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
          ?.conditions ?? [];
      const remove = () =>
        this.ctx.client.request({ method: 'DELETE', path }, (res) => {
          if (!res.ok || (res.response.status >= 300 && res.response.status !== 404)) retry();
        });
      if (conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True'))
        return remove();
      this.ctx.client.request(
        {
          method: 'PATCH',
          path: `${path}/status`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: {
            metadata: { uid: pod.metadata.uid },
            status: {
              conditions: [
                {
                  type: 'DisruptionTarget',
                  status: 'True',
                  lastProbeTime: null,
                  lastTransitionTime: this.ctx.timestamp(),
                  reason: 'DeletionByTaintManager',
                  message: 'Taint manager: deleting due to NoExecute taint',
                },
              ],
            },
          },
        },
        (res) => {
          if (this.stopped) return;
          if (!res.ok || res.response.status >= 300) return retry();
          remove();
        },
      );
    });
  }
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function podRef(key: string): KubeObject {
  const [namespace, name] = key.split('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}

/** The taint eviction controller's factory, for defaultControllers. */
export const taintEvictionController = (): Controller => new TaintEvictionController();
