// The kubelet's static pods: one pod worker per manifest of the file source, and the mirror
// pods that show them in the API (pkg/kubelet/pod/mirror_client.go, kubelet.go syncPod and
// HandlePodCleanups' deleteOrphanedMirrorPods).
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import type { PodManager } from './kubelet-pods';
import type { PodWorker } from './pod-worker';
import { CONFIG_HASH, mirrorPod, staticPod } from './static-pods';

// api.MirrorPodAnnotationKey
const MIRROR = 'kubernetes.io/config.mirror';
// a failed mirror pod write is tried again with the next node status sync
const MIRROR_RETRY_MS = 10_000;
// pod_workers.go allowStaticPodStart: a static pod waits for the one of the same full name to
// finish terminating; the worker is queued again about once a second
const STATIC_POD_START_RETRY_MS = 1000;

export interface StaticPodsContext {
  node: string;
  client: RestClient;
  after(ms: number, run: () => void): { cancel(): void };
  newTrace(prefix: string): string;
  timestamp(): string;
  /** the Node as the kubelet's informer has it (owner of the mirror pods), once known */
  nodeUid(): string | undefined;
  registered(): boolean;
  /** the manifests now in the static pod path */
  manifests(): KubeObject[];
}

const podsPath = '/api/v1/namespaces/kube-system/pods';
const hashOf = (pod: KubeObject) => pod.metadata.annotations?.[CONFIG_HASH] ?? '';

/** The static pods one kubelet runs, kept in step with its manifest directory. */
export class StaticPods {
  readonly workers: PodWorker[] = [];
  /** mirror pods the API holds, by name → the static pod hash they mirror */
  private readonly mirrors = new Map<string, string>();
  private readonly pending = new Set<string>();
  /** mirror pods whose static pod is gone, still to delete */
  private readonly orphans = new Set<string>();
  private pods?: PodManager;
  private retry?: { cancel(): void };

  constructor(private readonly ctx: StaticPodsContext) {}

  /** The kubelet (re)started: a worker for each manifest, mirror pods made anew. */
  boot(pods: PodManager): void {
    this.pods = pods;
    this.workers.length = 0;
    this.mirrors.clear();
    this.pending.clear();
    this.orphans.clear();
    const trace = this.ctx.newTrace('static-pods');
    for (const file of this.ctx.manifests()) {
      this.workers.push(
        pods.addStatic(staticPod(file, this.ctx.node, this.ctx.timestamp()), trace),
      );
    }
    this.createMirrorPods();
  }

  stop(): void {
    this.pods = undefined;
    this.retry?.cancel();
    this.retry = undefined;
    this.pending.clear();
  }

  /** The static pod this kubelet runs now for a manifest's pod name (`etcd` → etcd-<node>). */
  pod(name: string): KubeObject | undefined {
    return this.workers.find((w) => w.pod.metadata.name === `${name}-${this.ctx.node}`)?.pod;
  }

  isStatic(uid: string | undefined): boolean {
    return this.workers.some((w) => w.pod.metadata.uid === uid);
  }

  hasMirror(name: string): boolean {
    return this.mirrors.has(name);
  }

  /**
   * The file source changed: pods whose manifest is gone or different (a new hash is a new
   * pod) are killed, new ones start once no pod of their name is still terminating.
   */
  sync(): void {
    const pods = this.pods;
    if (!pods) return;
    const wanted = this.ctx
      .manifests()
      .map((f) => staticPod(f, this.ctx.node, this.ctx.timestamp()));
    const uids = new Set(wanted.map((p) => p.metadata.uid));
    const names = new Set(wanted.map((p) => p.metadata.name!));
    const trace = this.ctx.newTrace('static-pods');
    for (const w of [...this.workers]) {
      if (uids.has(w.pod.metadata.uid)) continue;
      this.workers.splice(this.workers.indexOf(w), 1);
      w.removed();
      const name = w.pod.metadata.name!;
      this.mirrors.delete(name);
      if (!names.has(name)) this.orphans.add(name);
    }
    let waiting = false;
    for (const pod of wanted) {
      const name = pod.metadata.name!;
      this.orphans.delete(name);
      if (this.isStatic(pod.metadata.uid)) continue;
      const terminating = [...pods.workers.values()].some(
        (w) => w.isStatic && w.pod.metadata.name === name,
      );
      if (terminating) {
        waiting = true;
        continue;
      }
      this.workers.push(pods.addStatic(pod, trace));
    }
    if (waiting) this.ctx.after(STATIC_POD_START_RETRY_MS, () => this.sync());
    this.deleteOrphans();
    this.createMirrorPods();
  }

  /**
   * Each static pod's mirror pod, created once the node is registered and owned by the Node;
   * one that mirrors another version of the pod (its config.mirror hash differs) is replaced.
   */
  createMirrorPods(): void {
    const uid = this.ctx.nodeUid();
    if (!this.pods || !this.ctx.registered() || uid === undefined) return;
    const node = { name: this.ctx.node, uid };
    const trace = this.ctx.newTrace('mirror-pods');
    for (const w of this.workers) {
      const name = w.pod.metadata.name!;
      if (this.mirrors.get(name) === hashOf(w.pod) || this.pending.has(name)) continue;
      this.pending.add(name);
      const fail = () => {
        this.pending.delete(name);
        this.later();
      };
      const done = () => {
        this.pending.delete(name);
        if (!this.workers.includes(w)) return;
        this.mirrors.set(name, hashOf(w.pod));
        w.republish();
      };
      const create = (): void =>
        this.ctx.client.request(
          { method: 'POST', path: podsPath, body: mirrorPod(w.pod, node) },
          (res) => {
            const status = res.ok ? res.response.status : 0;
            if (status === 201) return done();
            if (status === 409) return this.replaceIfStale(w, trace, create, done, fail);
            fail();
          },
          { trace },
        );
      create();
    }
  }

  /** A mirror pod of that name exists: keep it if it mirrors this pod, else delete it first. */
  private replaceIfStale(
    w: PodWorker,
    trace: string,
    create: () => void,
    done: () => void,
    fail: () => void,
  ): void {
    const name = w.pod.metadata.name!;
    this.ctx.client.request(
      { method: 'GET', path: `${podsPath}/${name}` },
      (got) => {
        if (!got.ok || got.response.status !== 200) return fail();
        const existing = got.response.body as KubeObject;
        const stale =
          existing.metadata.deletionTimestamp !== undefined ||
          existing.metadata.annotations?.[MIRROR] !== hashOf(w.pod);
        if (!stale) return done();
        this.deleteMirror(name, existing.metadata.uid, trace, (deleted) =>
          deleted ? create() : fail(),
        );
      },
      { trace },
    );
  }

  /**
   * mirror_client.go DeleteMirrorPod: a DELETE with grace period 0 and the mirror pod's uid as
   * precondition; NotFound or Conflict (another uid) leave nothing to delete.
   */
  private deleteMirror(
    name: string,
    uid: string | undefined,
    trace: string,
    then: (deleted: boolean) => void,
  ): void {
    this.ctx.client.request(
      {
        method: 'DELETE',
        path: `${podsPath}/${name}`,
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          gracePeriodSeconds: 0,
          ...(uid ? { preconditions: { uid } } : {}),
        },
      },
      (res) => {
        const status = res.ok ? res.response.status : 0;
        const deleted = status === 200 || status === 404 || status === 409;
        if (deleted) this.orphans.delete(name);
        then(deleted);
      },
      { trace },
    );
  }

  private deleteOrphans(): void {
    if (!this.pods || this.orphans.size === 0) return;
    const trace = this.ctx.newTrace('mirror-pods');
    for (const name of this.orphans) {
      this.deleteMirror(name, undefined, trace, (deleted) => {
        if (!deleted) this.later();
      });
    }
  }

  private later(): void {
    this.retry ??= this.ctx.after(MIRROR_RETRY_MS, () => {
      this.retry = undefined;
      this.deleteOrphans();
      this.createMirrorPods();
    });
  }
}
