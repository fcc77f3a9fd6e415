import type {
  CycleState,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Resource } from '../framework/resource';
import type { Status } from '../framework/status';
import { SUCCESS, SUCCESS_RESULT, Status as StatusClass } from '../framework/status';
import * as names from './names';
import type { ResourceSpec, Scorer, ScoringStrategy } from './resource-allocation';
import {
  DEFAULT_RESOURCES,
  isCpuMemory,
  leastAllocatedCpuMemory,
  leastAllocatedCpuMemoryEvenly,
  leastResourceScorer,
  mostResourceScorer,
  requestOf,
  requestedToCapacityRatioScorer,
  scoreNode,
} from './resource-allocation';

/** One resource the node lacks for the pod (noderesources.InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** even an empty node could not hold the pod: preemption cannot help */
  unresolvable: boolean;
}

/**
 * fit.go fitsRequest, the Filter core: the pod count against allocatable pods, then each
 * requested resource against allocatable minus what the node's pods request.
 */
export function fitsRequest(request: Resource, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowedPods = node.allowedPodNumber;
  if (node.numPods + 1 > allowedPods) {
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: node.numPods,
      capacity: allowedPods,
      unresolvable: false,
    });
  }
  if (
    request.milliCPU === 0 &&
    request.memory === 0 &&
    request.ephemeralStorage === 0 &&
    request.scalar.size === 0
  )
    return out;
  const check = (name: string, want: number, alloc: number, used: number) => {
    if (want > 0 && want > alloc - used) {
      out.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used,
        capacity: alloc,
        unresolvable: want > alloc,
      });
    }
  };
  check('cpu', request.milliCPU, node.allocatableMilliCPU, node.requestedMilliCPU);
  check('memory', request.memory, node.allocatableMemory, node.requestedMemory);
  check(
    'ephemeral-storage',
    request.ephemeralStorage,
    node.allocatableEphemeralStorage,
    node.requestedEphemeralStorage,
  );
  for (const [name, want] of request.scalar) {
    if (want === 0) continue;
    check(name, want, node.allocatable.scalar.get(name) ?? 0, node.requestedScalar.get(name) ?? 0);
  }
  return out;
}

/** The Filter status for a fitsRequest result (all reasons kept, in order). */
export function insufficientStatus(insufficient: readonly InsufficientResource[]): Status {
  if (insufficient.length === 0) return SUCCESS;
  const code = insufficient.some((r) => r.unresolvable)
    ? 'UnschedulableAndUnresolvable'
    : 'Unschedulable';
  return new StatusClass(
    code,
    insufficient.map((r) => r.reason),
  );
}

export interface NodeResourcesFitArgs {
  scoringStrategy?: ScoringStrategy;
}

function strategyScorer(s: ScoringStrategy): Scorer {
  switch (s.type) {
    case 'MostAllocated':
      return mostResourceScorer(s.resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(
        s.resources,
        s.requestedToCapacityRatio?.shape ?? [
          { utilization: 0, score: 0 },
          { utilization: 100, score: 10 },
        ],
      );
    default:
      return leastResourceScorer(s.resources);
  }
}

const PRE_FILTER_KEY = 'PreFilter' + names.NodeResourcesFit;
const PRE_SCORE_KEY = 'PreScore' + names.NodeResourcesFit;

/**
 * NodeResourcesFit: Filter checks requests against allocatable; Score rates the node with the
 * configured strategy (LeastAllocated by default) over non-zero requests.
 */
export class NodeResourcesFitPlugin
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = names.NodeResourcesFit;
  readonly strategy: ScoringStrategy;
  private readonly scorer: Scorer;
  /** LeastAllocated over cpu and memory: scored on the fast path */
  private readonly leastCpuMemory: boolean;
  private readonly resources: readonly ResourceSpec[];
  private readonly cpuWeight: number;
  private readonly memoryWeight: number;
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(args: NodeResourcesFitArgs = {}) {
    this.strategy = args.scoringStrategy ?? {
      type: 'LeastAllocated',
      resources: DEFAULT_RESOURCES,
    };
    this.resources = this.strategy.resources;
    this.scorer = strategyScorer(this.strategy);
    this.leastCpuMemory = this.strategy.type === 'LeastAllocated' && isCpuMemory(this.resources);
    this.cpuWeight = this.resources[0]?.weight ?? 0;
    this.memoryWeight = this.resources[1]?.weight ?? 0;
    this.requested = this.resources.map(() => 0);
    this.allocatable = this.resources.map(() => 0);
  }

  preFilter(state: CycleState, pod: PodInfo): { status: Status } {
    state.write(PRE_FILTER_KEY, pod.requests);
    return SUCCESS_RESULT;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return this.fits(state.read<Resource>(PRE_FILTER_KEY) ?? pod.requests, node);
  }

  filterNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    from: number,
    count: number,
    out: Status[],
  ): number {
    const request = state.read<Resource>(PRE_FILTER_KEY) ?? pod.requests;
    let i = 0;
    // the pod's own requests (as PreFilter keeps them) are read off its flat copies: loading
    // the requests object and its Map costs more than checking a batch of nodes
    if (request === pod.requests && !pod.hasScalarRequests) {
      // the common case first: room for the pod on every node of the batch, nothing to write
      const milliCPU = pod.requestedMilliCPU;
      const memory = pod.requestedMemory;
      const ephemeralStorage = pod.requestedEphemeralStorage;
      for (; i < count; i++) {
        const node = nodes[from + i];
        if (
          node.numPods + 1 > node.allowedPodNumber ||
          milliCPU > node.allocatableMilliCPU - node.requestedMilliCPU ||
          memory > node.allocatableMemory - node.requestedMemory ||
          ephemeralStorage > node.allocatableEphemeralStorage - node.requestedEphemeralStorage
        )
          break;
      }
      if (i === count) return 0;
    }
    let rejected = 0;
    for (i = 0; i < count; i++)
      if ((out[i] = this.fits(request, nodes[from + i])) !== SUCCESS) rejected++;
    return rejected;
  }

  private fits(request: Resource, node: NodeInfo): Status {
    // fast path: plenty of room for the common resources and no extended ones
    if (
      request.scalar.size === 0 &&
      node.numPods + 1 <= node.allowedPodNumber &&
      request.milliCPU <= node.allocatableMilliCPU - node.requestedMilliCPU &&
      request.memory <= node.allocatableMemory - node.requestedMemory &&
      request.ephemeralStorage <= node.allocatableEphemeralStorage - node.requestedEphemeralStorage
    )
      return SUCCESS;
    return insufficientStatus(fitsRequest(request, node));
  }

  private podRequest(pod: PodInfo): number[] {
    return this.resources.map((r) => requestOf(pod.nonZeroRequests, r.name));
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    // LeastAllocated over cpu and memory reads the pod's non-zero requests as they are
    if (!this.leastCpuMemory) state.write(PRE_SCORE_KEY, this.podRequest(pod));
    return SUCCESS;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return this.scoreWith(state.read<number[]>(PRE_SCORE_KEY) ?? this.podRequest(pod), node);
  }

  scoreNodes(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    count: number,
    out: Float64Array,
    offset: number,
  ): void {
    if (this.leastCpuMemory) {
      const { nonZeroMilliCPU: cpu, nonZeroMemory: memory } = pod;
      const { cpuWeight, memoryWeight } = this;
      if (cpuWeight === 1 && memoryWeight === 1) {
        for (let i = 0; i < count; i++)
          out[offset + i] = leastAllocatedCpuMemoryEvenly(nodes[i], cpu, memory);
        return;
      }
      for (let i = 0; i < count; i++)
        out[offset + i] = leastAllocatedCpuMemory(nodes[i], cpu, memory, cpuWeight, memoryWeight);
      return;
    }
    const podRequest = state.read<number[]>(PRE_SCORE_KEY) ?? this.podRequest(pod);
    for (let i = 0; i < count; i++) out[offset + i] = this.scoreWith(podRequest, nodes[i]);
  }

  private scoreWith(podRequest: readonly number[], node: NodeInfo): number {
    return scoreNode(
      node,
      this.resources,
      podRequest,
      false,
      this.scorer,
      this.requested,
      this.allocatable,
    );
  }
}
