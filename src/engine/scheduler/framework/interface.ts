import type { KubeObject } from '../../api/types';
import type { AttemptRecord } from '../decisions';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Status } from './status';

// k8s.io/kube-scheduler/framework/interface.go: scores are integers in [MinScore, MaxScore].
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/** Per-cycle scratch space plugins share between their extension points (CycleState). */
export class CycleState {
  // The few keys a cycle writes (plugins' 'PreFilter…'/'PreScore…' constants) live in slots of
  // the state itself, compared by identity first: no table, and no store under a computed
  // property name (slow once many keys pass through the same line). More keys go to a Map.
  private k0?: string;
  private v0: unknown;
  private k1?: string;
  private v1: unknown;
  private k2?: string;
  private v2: unknown;
  private k3?: string;
  private v3: unknown;
  private more?: Map<string, unknown>;
  /** the Filter plugins this cycle runs (those PreFilter did not skip: SkipFilterPlugins) */
  filterPlugins?: readonly FilterPlugin[];

  read<T>(key: string): T | undefined {
    if (key === this.k0) return this.v0 as T;
    if (key === this.k1) return this.v1 as T;
    if (key === this.k2) return this.v2 as T;
    if (key === this.k3) return this.v3 as T;
    return this.more?.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    if (this.k0 === undefined || key === this.k0) {
      this.k0 = key;
      this.v0 = value;
    } else if (this.k1 === undefined || key === this.k1) {
      this.k1 = key;
      this.v1 = value;
    } else if (this.k2 === undefined || key === this.k2) {
      this.k2 = key;
      this.v2 = value;
    } else if (this.k3 === undefined || key === this.k3) {
      this.k3 = key;
      this.v3 = value;
    } else (this.more ??= new Map()).set(key, value);
  }
}

/** A pod in the scheduling queue (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  info: PodInfo;
  /**
   * info.priority, beside the timestamp: sorting the queue compares these two of many queued
   * pods, whose PodInfos (one more object each) are rarely in the processor's cache
   */
  priority: number;
  /** when it was last added to the queue (virtual ms): PrioritySort's tie-breaker */
  timestamp: number;
  attempts: number;
  initialAttemptTimestamp?: number;
  /** the scheduling cycle it was last popped in (scheduleOne's podSchedulingCycle upstream) */
  podSchedulingCycle: number;
  /** plugins that rejected it in its last attempt (decide which events move it back) */
  unschedulablePlugins: ReadonlySet<string>;
  /** a PreEnqueue plugin keeps it out of activeQ */
  gated?: Status;
  /** the decision record of its last attempt: the next one finds the pod's log entry from it */
  lastAttempt?: AttemptRecord;
}

export interface Plugin {
  readonly name: string;
}

/** How many of the cache's nodes have what some plugins look at on every node. */
export interface NodeCounts {
  tainted: number;
  unschedulable: number;
  withImages: number;
}

/** What plugins may use besides their arguments (framework.Handle). */
export interface Handle {
  /** every node, in the scheduler's list order */
  nodeInfos(): readonly NodeInfo[];
  /** the nodes with a pod that has some pod (anti-)affinity term */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** the nodes with a pod that has required pod anti-affinity */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
  nodeInfo(name: string): NodeInfo | undefined;
  /**
   * The nodes of nodeInfos() changed (pods, labels) after generation `generation` (see
   * NodeInfo.generation), most recent first: plugins keeping running totals over all nodes
   * update them from these instead of recounting every node.
   */
  nodesChangedSince?(generation: number): readonly NodeInfo[];
  /** how many of the nodes have taints, are cordoned, have images (plugins skip what none has) */
  nodeCounts?(): NodeCounts;
  /** Runs every Filter plugin on a node (with the cycle's PreFilter state). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /** Reads the objects informers keep (services, replica sets, PDBs…) */
  lister(resource: string): readonly KubeObject[];
  /** the API side effects of a scheduler: bind, delete, patch status, record events */
  api: SchedulerApi;
  /** uniform random in [0, 1) from the engine's seeded generator */
  random(): number;
  now(): number;
}

/** The writes a scheduler makes, each a request to the apiserver. */
export interface SchedulerApi {
  bind(pod: PodInfo, nodeName: string, done: (s: Status) => void): void;
  /** Preemption: marks the victim DisruptionTarget, then deletes it. */
  preempt(victim: PodInfo, preemptor: PodInfo, nodeName: string): void;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** PreFilter may narrow the nodes to check (PreFilterResult.NodeNames). */
export interface PreFilterResult {
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status: Status };
  /** PreFilterExtensions: keep the cycle state right when preemption adds/removes pods */
  addPod?(state: CycleState, pod: PodInfo, add: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: PodInfo, remove: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /**
   * Filter on nodes[from..from+count): how many it rejected; when some, the status of node
   * nodes[from + i] is in out[i]
   * (when none, out may be left as it was). Each plugin's own loop calls its own `filter`, one
   * call target the engine can inline, instead of one shared call site switching between
   * every plugin for every node, and a plugin with nothing to check for this pod returns 0 at
   * once.
   */
  filterNodes?(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number;
}

export interface PostFilterResult {
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filteredNodeStatus: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** the node's raw score; a non-success status aborts the cycle with an error */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Score on nodes[0..count), node i's score into out[offset + i] (see filterNodes); true
   * when every node got the same score, which may then be written at out[offset] only.
   */
  scoreNodes?(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    count: number,
    out: Float64Array,
    offset: number,
  ): boolean | void;
  /** ScoreExtensions.NormalizeScore: rescales every node's score in place to [0, 100] */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): Status;
  /** normalizeScore over scores[0..count) in place, for plugins that need no node names */
  normalizeScores?(state: CycleState, pod: PodInfo, scores: Float64Array, count: number): Status;
  /** what normalizeScores makes of `count` scores all equal to `score` (one number for all) */
  normalizeUniform?(state: CycleState, pod: PodInfo, score: number, count: number): number;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Status; timeoutMs: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Status;
}

export interface BindPlugin extends Plugin {
  /** Skip lets the next bind plugin try; the result arrives through `done` */
  bind(state: CycleState, pod: PodInfo, nodeName: string, done: (s: Status) => void): void;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** The extension points, in the order a scheduling cycle reaches them. */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'normalizeScore',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];
