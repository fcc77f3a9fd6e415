import type { KubeObject } from '../api/types';
import { SchedulerCache } from './cache';
import type { PluginConfig, SchedulerConfiguration } from './config';
import type { AttemptRecord } from './decisions';
import { DecisionLog } from './decisions';
import type {
  CycleState as CycleStateT,
  Handle,
  QueuedPodInfo,
  SchedulerApi,
} from './framework/interface';
import { CycleState } from './framework/interface';
import type { PodInfo } from './framework/pod-info';
import { podInfo } from './framework/pod-info';
import type { Registry } from './framework/registry';
import { Framework } from './framework/runtime';
import type { Status } from './framework/status';
import { inTreeRegistry } from './plugins/registry';
import type { ClusterEvent } from './queue/scheduling-queue';
import { SchedulingQueue } from './queue/scheduling-queue';
import { SchedulingAlgorithm, fitError } from './schedule-one';

/** Everything a scheduler does to the outside world (the process turns these into requests). */
export interface SchedulerEffects extends SchedulerApi {
  /** FailedScheduling event, PodScheduled=False condition, nominatedNodeName */
  reportFailure(
    pod: PodInfo,
    reason: 'Unschedulable' | 'SchedulerError',
    message: string,
    nominatedNodeName: string | undefined,
  ): void;
  /** the Scheduled event */
  reportScheduled(pod: PodInfo, nodeName: string): void;
  /** objects other informers keep: services, replicasets, statefulsets, PDBs… */
  lister(resource: string): readonly KubeObject[];
}

export interface SchedulerOptions {
  config: SchedulerConfiguration;
  effects: SchedulerEffects;
  now: () => number;
  random: () => number;
  /** the instance recorded in decisions, e.g. kube-scheduler@control-plane-1 */
  instance: string;
  registry?: Registry;
  /** called when activeQ gets a pod, so the owner can run scheduleOne */
  onActivated?: () => void;
}

const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
// every successful binding records the same outcome (attempts hand out copies)
const BOUND: AttemptRecord['binding'] = Object.freeze({ outcome: 'Bound' });

function podChanged(a: KubeObject, b: KubeObject): boolean {
  // eventhandlers.go isPodUpdated: status and bookkeeping changes do not count
  return (
    JSON.stringify([a.spec, a.metadata.labels, a.metadata.annotations]) !==
    JSON.stringify([b.spec, b.metadata.labels, b.metadata.annotations])
  );
}

function nodeChanged(a: KubeObject, b: KubeObject): boolean {
  // NodeUpdate events that matter: allocatable, labels, taints, unschedulable
  const view = (n: KubeObject) =>
    JSON.stringify([
      n.metadata.labels,
      n.spec,
      (n.status as { allocatable?: unknown } | undefined)?.allocatable,
    ]);
  return view(a) !== view(b);
}

/**
 * The scheduler core (pkg/scheduler Scheduler): cache, queue, one framework per profile and
 * the scheduling algorithm, fed by informer events and driven one cycle at a time; its
 * effects go through `SchedulerEffects`. Pure of any process or network concern.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly algorithm: SchedulingAlgorithm;
  readonly decisions = new DecisionLog();
  readonly schedulerName: string;
  /** bound pods (successful bindings) since start */
  bound = 0;
  private victims: string[] = [];

  constructor(private readonly o: SchedulerOptions) {
    const profile = o.config.profiles[0];
    this.schedulerName = profile.schedulerName;
    const handle: Handle = {
      nodeInfos: () => this.cache.nodeInfos(),
      havePodsWithAffinity: () => this.cache.havePodsWithAffinity(),
      havePodsWithRequiredAntiAffinity: () => this.cache.havePodsWithRequiredAntiAffinity(),
      nodeInfo: (name) => this.cache.nodeInfo(name),
      nodesChangedSince: (generation) => this.cache.nodesChangedSince(generation),
      nodeCounts: () => this.cache.counts,
      runFilterPlugins: (state, pod, node) => this.framework.runFilterPlugins(state, pod, node),
      lister: (r) => o.effects.lister(r),
      api: {
        ...o.effects,
        preempt: (victim, preemptor, node) => {
          this.victims.push(victim.key);
          o.effects.preempt(victim, preemptor, node);
        },
      },
      random: o.random,
      now: o.now,
    };
    this.framework = new Framework(
      profile.schedulerName,
      o.registry ?? inTreeRegistry(),
      profile.plugins as PluginConfig[],
      handle,
    );
    this.queue = new SchedulingQueue(
      this.framework,
      o.now,
      o.config.podInitialBackoffSeconds * 1000,
      o.config.podMaxBackoffSeconds * 1000,
      o.onActivated,
    );
    this.algorithm = new SchedulingAlgorithm(
      profile.percentageOfNodesToScore ?? o.config.percentageOfNodesToScore,
      o.random,
    );
  }

  private responsibleFor(pod: KubeObject): boolean {
    const name = (pod.spec as { schedulerName?: string }).schedulerName ?? DEFAULT_SCHEDULER_NAME;
    return name === this.schedulerName;
  }

  private moveAll(event: ClusterEvent): void {
    this.queue.moveAllToActiveOrBackoffQueue(event);
  }

  // --- informer event handlers (eventhandlers.go) ---

  onPodAdd(pod: KubeObject): void {
    if ((pod.spec as { nodeName?: string }).nodeName) {
      this.cache.addPod(pod);
      this.moveAll('AssignedPodAdd');
    } else if (this.responsibleFor(pod)) this.queue.add(podInfo(pod));
  }

  onPodUpdate(oldPod: KubeObject, pod: KubeObject): void {
    const wasAssigned = Boolean((oldPod.spec as { nodeName?: string }).nodeName);
    const assigned = Boolean((pod.spec as { nodeName?: string }).nodeName);
    const key = podInfo(pod).key;
    if (assigned) {
      if (!wasAssigned) this.queue.delete(key);
      this.cache.updatePod(pod);
      if (!wasAssigned) this.moveAll('AssignedPodAdd');
      else if (JSON.stringify(oldPod.metadata.labels) !== JSON.stringify(pod.metadata.labels))
        this.moveAll('AssignedPodUpdate');
      return;
    }
    if (!this.responsibleFor(pod) || this.cache.isAssumed(key)) return;
    if (podChanged(oldPod, pod) || !this.queue.has(key)) this.queue.update(podInfo(pod));
    else this.refreshQueued(key, podInfo(pod));
  }

  onPodDelete(pod: KubeObject): void {
    const key = podInfo(pod).key;
    if (this.cache.hasPod(key)) {
      this.cache.removePod(pod);
      this.moveAll('AssignedPodDelete');
    }
    this.queue.delete(key);
  }

  onNodeAdd(node: KubeObject): void {
    this.cache.addNode(node);
    this.moveAll('NodeAdd');
  }

  onNodeUpdate(oldNode: KubeObject, node: KubeObject): void {
    this.cache.updateNode(node);
    if (nodeChanged(oldNode, node)) this.moveAll('NodeUpdate');
  }

  onNodeDelete(node: KubeObject): void {
    this.cache.removeNode(node);
  }

  /** A status-only change (e.g. nominatedNodeName) replaces the queued copy in place. */
  private refreshQueued(key: string, info: PodInfo): void {
    for (const heap of [this.queue.activeQ, this.queue.backoffQ]) {
      const q = heap.get(key);
      if (q) q.info = info;
    }
    const parked = this.queue.unschedulablePods.get(key);
    if (parked) parked.info = info;
  }

  /** Moves pods whose backoff ended, and long-parked ones, back into activeQ. */
  flushQueues(): void {
    this.queue.flushBackoffQCompleted();
    this.queue.flushUnschedulablePodsLeftover();
  }

  /**
   * scheduleOne: pops the next pod and runs its scheduling cycle; a chosen node is assumed
   * and the binding cycle starts (its result arrives later). False when activeQ is empty.
   */
  scheduleOne(): boolean {
    const q = this.queue.pop();
    if (!q) return false;
    const pod = q.info;
    const rec = this.decisions.begin(
      pod.key,
      this.o.instance,
      this.framework.profileName,
      q.lastAttempt,
      pod.keyHash,
    );
    q.lastAttempt = rec;
    rec.at = this.o.now();
    const state = new CycleState();
    const result = this.algorithm.schedulePod(
      this.framework,
      state,
      pod,
      this.cache.nodeInfos(),
      rec,
    );
    if (result.kind === 'fitError') {
      this.victims = [];
      const post = this.framework.postFilter.length
        ? this.framework.runPostFilterPlugins(state, pod, result.diagnosis.nodeToStatus)
        : undefined;
      const postMsg = post && !post.status.isSuccess() ? post.status.message() : '';
      const message = fitError(result.numAllNodes, result.diagnosis, postMsg);
      q.unschedulablePlugins = result.diagnosis.unschedulablePlugins;
      const nominated = post?.result?.nominatedNodeName;
      if (post)
        rec.postFilter = {
          status: post.status,
          nominatedNodeName: nominated,
          victims: this.victims,
        };
      this.fail(q, rec, 'Unschedulable', message, nominated);
      return true;
    }
    if (result.kind === 'error') {
      this.fail(q, rec, 'SchedulerError', result.status.message(), undefined);
      return true;
    }
    rec.chosenNode = result.node;
    rec.result = 'Scheduled';
    this.assumeAndBind(q, state, rec, result.node);
    return true;
  }

  private fail(
    q: QueuedPodInfo,
    rec: AttemptRecord,
    reason: 'Unschedulable' | 'SchedulerError',
    message: string,
    nominated: string | undefined,
  ): void {
    rec.result = reason === 'Unschedulable' ? 'Unschedulable' : 'Error';
    rec.message = message;
    this.queue.addUnschedulableIfNotPresent(q, reason !== 'Unschedulable');
    this.o.effects.reportFailure(q.info, reason, message, nominated);
  }

  private assumeAndBind(
    q: QueuedPodInfo,
    state: CycleStateT,
    rec: AttemptRecord,
    node: string,
  ): void {
    const fwk = this.framework;
    const pod = q.info;
    this.cache.assumePod(pod, node);
    const reserved = fwk.runReservePluginsReserve(state, pod, node);
    if (!reserved.isSuccess()) return this.undo(q, state, rec, node, reserved, '');
    const permitted = fwk.runPermitPlugins(state, pod, node);
    if (!permitted.isSuccess()) return this.undo(q, state, rec, node, permitted, '');
    // The binding cycle: PreBind, Bind (the API call), PostBind.
    const preBound = fwk.runPreBindPlugins(state, pod, node);
    if (!preBound.isSuccess()) return this.undo(q, state, rec, node, preBound, '');
    fwk.runBindPlugins(state, pod, node, (s) => {
      if (!s.isSuccess()) return this.undo(q, state, rec, node, s, 'Binding rejected: ');
      this.bound++;
      rec.binding = BOUND;
      this.o.effects.reportScheduled(pod, node);
      fwk.runPostBindPlugins(state, pod, node);
    });
  }

  /** A reservation, permit or binding failed: unreserve, forget the assumed pod, report. */
  private undo(
    q: QueuedPodInfo,
    state: CycleStateT,
    rec: AttemptRecord,
    node: string,
    s: Status,
    stage: string,
  ): void {
    this.framework.runReservePluginsUnreserve(state, q.info, node);
    this.cache.forgetPod(q.info);
    rec.binding = { outcome: 'Failed', message: s.message() };
    this.fail(q, rec, 'SchedulerError', `${stage}${s.message()}`, undefined);
  }

  /** Every recorded attempt for a pod. */
  attempts(namespace: string, name: string): ReturnType<DecisionLog['attempts']> {
    return this.decisions.attempts(`${namespace}/${name}`);
  }
}
