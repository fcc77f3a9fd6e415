// The pod garbage collector (pkg/controller/podgc/gc_controller.go): every 20 s it deletes
// terminated pods above --terminated-pod-gc-threshold (oldest first), pods bound to nodes
// that no longer exist (after a 40 s quarantine) and unscheduled pods being deleted.
import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { Controller, ControllerContext } from './controller';
import { call, isPodTerminating, podNodeName, podPhase } from './util/controller-utils';

// gc_controller.go gcCheckPeriod and quarantineTime
const GC_CHECK_PERIOD_MS = 20_000;
const QUARANTINE_TIME_MS = 40_000;
// --terminated-pod-gc-threshold default
export const TERMINATED_POD_GC_THRESHOLD = 12_500;

const isTerminated = (p: KubeObject) => ['Succeeded', 'Failed'].includes(podPhase(p));
const created = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;

/** The `podgc` controller, running as kube-system/pod-garbage-collector. */
export class PodGCController implements Controller {
  readonly name = 'podgc';
  readonly serviceAccount = 'pod-garbage-collector';
  private ctx!: ControllerContext;
  private pods!: Informer;
  private nodes!: Informer;
  private timer?: { cancel(): void };
  /** node name → when it was first seen missing */
  private missingSince = new Map<string, number>();

  constructor(private readonly threshold = TERMINATED_POD_GC_THRESHOLD) {}

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
  }

  private schedule(): void {
    this.timer = this.ctx.after(GC_CHECK_PERIOD_MS, () => {
      if (this.pods.synced && this.nodes.synced) this.gc();
      this.schedule();
    });
  }

  private gc(): void {
    const pods = this.pods.items();
    const trace = this.ctx.newTrace('podgc');
    if (this.threshold > 0) this.gcTerminated(pods, trace);
    this.gcOrphaned(pods, trace);
    this.gcUnscheduledTerminating(pods, trace);
  }

  /** gcTerminated: delete the oldest terminated pods beyond the threshold. */
  private gcTerminated(pods: KubeObject[], trace: string): void {
    const terminated = pods.filter(isTerminated);
    const deleteCount = terminated.length - this.threshold;
    if (deleteCount <= 0) return;
    terminated.sort((a, b) => created(a) - created(b));
    for (const p of terminated.slice(0, deleteCount)) this.deletePod(p, trace);
  }

  /**
   * gcOrphaned: pods bound to a node missing from the informer for the quarantine time, and
   * confirmed gone by a live GET, are marked Failed with a DisruptionTarget condition and deleted.
   */
  private gcOrphaned(pods: KubeObject[], trace: string): void {
    const now = this.ctx.now();
    const missing = new Set<string>();
    for (const p of pods) {
      const node = podNodeName(p);
      if (node && !this.nodes.get(undefined, node)) missing.add(node);
    }
    for (const n of [...this.missingSince.keys()]) if (!missing.has(n)) this.missingSince.delete(n);
    for (const node of missing) {
      if (!this.missingSince.has(node)) this.missingSince.set(node, now);
      if (now - this.missingSince.get(node)! < QUARANTINE_TIME_MS) continue;
      call(this.ctx.client, { method: 'GET', path: `/api/v1/nodes/${node}` }, trace, (r) => {
        if (r.status !== 404) return;
        this.missingSince.delete(node);
        for (const p of pods) {
          if (podNodeName(p) !== node) continue;
          this.markFailedAndDelete(p, 'PodGC: node no longer exists', trace);
        }
      });
    }
  }

  /** gcUnscheduledTerminating: unscheduled pods being deleted go at once. */
  private gcUnscheduledTerminating(pods: KubeObject[], trace: string): void {
    for (const p of pods) if (isPodTerminating(p) && !podNodeName(p)) this.deletePod(p, trace);
  }

  private markFailedAndDelete(pod: KubeObject, message: string, trace: string): void {
    const ns = pod.metadata.namespace;
    if (isTerminated(pod)) return this.deletePod(pod, trace);
    const now = this.ctx.timestamp();
    // markFailedAndDeletePodWithCondition: phase Failed plus DisruptionTarget (DeletionByPodGC)
    call(
      this.ctx.client,
      {
        method: 'PATCH',
        path: `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`,
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: {
          status: {
            phase: 'Failed',
            conditions: [
              {
                type: 'DisruptionTarget',
                status: 'True',
                reason: 'DeletionByPodGC',
                message,
                lastTransitionTime: now,
              },
            ],
          },
        },
      },
      trace,
      () => this.deletePod(pod, trace),
    );
  }

  /** Force-deletes (grace period 0), as the pod GC does. */
  private deletePod(pod: KubeObject, trace: string): void {
    call(
      this.ctx.client,
      {
        method: 'DELETE',
        path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`,
        body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
      },
      trace,
      () => undefined,
    );
  }
}
