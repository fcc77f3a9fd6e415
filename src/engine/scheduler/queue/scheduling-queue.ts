import type { QueuedPodInfo } from '../framework/interface';
import type { PodInfo } from '../framework/pod-info';
import type { Framework } from '../framework/runtime';
import { Heap } from './heap';

// backend/queue/scheduling_queue.go
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS = 5 * 60_000;

/** A cluster event that may make unschedulable pods schedulable (framework.ClusterEvent). */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'UnscheduledPodUpdate';

// Each plugin's EventsToRegister, reduced to the events the simulation produces.
const EVENTS_FOR_PLUGIN: Record<string, readonly ClusterEvent[]> = {
  NodeUnschedulable: ['NodeAdd', 'NodeUpdate'],
  NodeName: ['NodeAdd'],
  TaintToleration: ['NodeAdd', 'NodeUpdate'],
  NodeAffinity: ['NodeAdd', 'NodeUpdate'],
  NodePorts: ['NodeAdd', 'AssignedPodDelete'],
  NodeResourcesFit: ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete', 'AssignedPodUpdate'],
  PodTopologySpread: [
    'NodeAdd',
    'NodeUpdate',
    'AssignedPodAdd',
    'AssignedPodUpdate',
    'AssignedPodDelete',
  ],
  InterPodAffinity: [
    'NodeAdd',
    'NodeUpdate',
    'AssignedPodAdd',
    'AssignedPodUpdate',
    'AssignedPodDelete',
  ],
};

// A pod not yet rejected by any plugin (shared: a failed attempt brings a set of its own).
const NO_PLUGINS: ReadonlySet<string> = new Set();

/** calculateBackoffDuration: 1 s doubling per attempt, capped at 10 s. */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  if (attempts === 0) return 0;
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return d;
}

/**
 * PriorityQueue (backend/queue): activeQ sorted by the QueueSort plugin, backoffQ of pods
 * waiting out their backoff, and unschedulablePods parked until a relevant cluster event or
 * 5 minutes pass. The owner calls `flush` periodically (1 s and 30 s in upstream).
 */
export class SchedulingQueue {
  readonly activeQ: Heap<QueuedPodInfo>;
  readonly backoffQ: Heap<QueuedPodInfo>;
  readonly unschedulablePods = new Map<string, QueuedPodInfo & { unschedulableSince: number }>();
  /** bumped on every move request; a pod that failed after a move goes to backoffQ */
  private moveRequestCycle = -1;
  schedulingCycle = 0;

  constructor(
    private readonly fwk: Framework,
    private readonly now: () => number,
    private readonly initialBackoffMs = DEFAULT_POD_INITIAL_BACKOFF_MS,
    private readonly maxBackoffMs = DEFAULT_POD_MAX_BACKOFF_MS,
    private readonly onActivated: () => void = () => undefined,
  ) {
    this.activeQ = new Heap(
      (q) => q.info.key,
      (a, b) => fwk.less(a, b),
      (q) => q.info.keyHash,
    );
    this.backoffQ = new Heap(
      (q) => q.info.key,
      (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
      (q) => q.info.keyHash,
    );
  }

  get length(): number {
    return this.activeQ.length + this.backoffQ.length + this.unschedulablePods.size;
  }

  /** Add: a new unscheduled pod; PreEnqueue decides between activeQ and the gated pool. */
  add(info: PodInfo): void {
    const q: QueuedPodInfo = {
      info,
      priority: info.priority,
      timestamp: this.now(),
      attempts: 0,
      podSchedulingCycle: 0,
      unschedulablePlugins: NO_PLUGINS,
    };
    this.toActiveOrGated(q);
  }

  /** Update: a pending pod changed; a parked pod gets another chance. */
  update(info: PodInfo): void {
    const key = info.key;
    for (const heap of [this.activeQ, this.backoffQ]) {
      const q = heap.get(key);
      if (q) {
        heap.addOrUpdate({ ...q, info, priority: info.priority });
        return;
      }
    }
    const parked = this.unschedulablePods.get(key);
    if (parked) {
      this.unschedulablePods.delete(key);
      const q: QueuedPodInfo = { ...parked, info, priority: info.priority };
      if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
      else this.toActiveOrGated(q);
      return;
    }
    // A pod in no queue is not being scheduled: from pop to the end of its binding it is assumed,
    // and the scheduler drops updates of assumed pods (eventhandlers.go IsAssumedPod).
    this.add(info);
  }

  delete(key: string): void {
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  has(key: string): boolean {
    return this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulablePods.has(key);
  }

  /** Pop: the next pod to schedule, its attempt and its scheduling cycle counted. */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.now();
    q.podSchedulingCycle = ++this.schedulingCycle;
    return q;
  }

  /**
   * AddUnschedulableIfNotPresent: after a failed attempt, park the pod, or put it in backoffQ
   * when a move request came since it was popped (or the failure was an error).
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, error: boolean): void {
    const key = q.info.key;
    if (this.has(key)) return;
    q.timestamp = this.now();
    if (error || this.moveRequestCycle >= q.podSchedulingCycle) this.backoffQ.addOrUpdate(q);
    else this.unschedulablePods.set(key, { ...q, unschedulableSince: this.now() });
  }

  /**
   * MoveAllToActiveOrBackoffQueue: pods whose rejecting plugins care about `event` leave
   * the unschedulable pool (to backoffQ while still backing off).
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent): void {
    let moved = false;
    for (const [key, q] of this.unschedulablePods) {
      if (q.gated) continue;
      if (!this.isRelevant(q, event)) continue;
      this.unschedulablePods.delete(key);
      this.requeue(q);
      moved = true;
    }
    this.moveRequestCycle = this.schedulingCycle;
    if (moved) this.onActivated();
  }

  /** flushBackoffQCompleted: pods whose backoff ended go to activeQ (every 1 s). */
  flushBackoffQCompleted(): void {
    const now = this.now();
    let moved = false;
    while (this.backoffQ.length > 0 && this.backoffExpiry(this.backoffQ.peek()!) <= now) {
      this.activeQ.addOrUpdate(this.backoffQ.pop()!);
      moved = true;
    }
    if (moved) this.onActivated();
  }

  /** flushUnschedulablePodsLeftover: pods parked over 5 minutes move on (every 30 s). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.now();
    let moved = false;
    for (const [key, q] of this.unschedulablePods) {
      if (q.gated) continue;
      if (now - q.unschedulableSince > DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS) {
        this.unschedulablePods.delete(key);
        this.requeue(q);
        moved = true;
      }
    }
    if (moved) this.onActivated();
  }

  /** When the pod's backoff ends (its last queue timestamp + backoff). */
  backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + backoffDuration(q.attempts, this.initialBackoffMs, this.maxBackoffMs);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return this.backoffExpiry(q) > this.now();
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
    else this.activeQ.addOrUpdate(q);
  }

  private isRelevant(q: QueuedPodInfo, event: ClusterEvent): boolean {
    if (q.unschedulablePlugins.size === 0) return true;
    for (const p of q.unschedulablePlugins) {
      if ((EVENTS_FOR_PLUGIN[p] ?? []).includes(event)) return true;
    }
    return false;
  }

  private toActiveOrGated(q: QueuedPodInfo): void {
    const s = this.fwk.runPreEnqueuePlugins(q.info);
    if (!s.isSuccess()) {
      q.gated = s;
      this.unschedulablePods.set(q.info.key, { ...q, unschedulableSince: this.now() });
      return;
    }
    q.gated = undefined;
    this.activeQ.addOrUpdate(q);
    this.onActivated();
  }
}
