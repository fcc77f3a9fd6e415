import type { CycleState, PreScorePlugin, ScorePlugin } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import { SKIP, SUCCESS } from '../framework/status';
import * as names from './names';
import type { ResourceSpec } from './resource-allocation';
import {
  DEFAULT_RESOURCES,
  balancedCpuMemory,
  balancedResourceScorer,
  isCpuMemory,
  requestOf,
  scoreNode,
} from './resource-allocation';

const PRE_SCORE_KEY = 'PreScore' + names.NodeResourcesBalancedAllocation;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal
 * shares with the pod (actual requests, no defaults); best-effort pods skip it (#129138).
 */
export class BalancedAllocationPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  private readonly requested: number[];
  private readonly allocatable: number[];
  /** cpu and memory only: scored on the fast path */
  private readonly cpuMemory: boolean;

  constructor(private readonly resources: readonly ResourceSpec[] = DEFAULT_RESOURCES) {
    this.requested = resources.map(() => 0);
    this.allocatable = resources.map(() => 0);
    this.cpuMemory = isCpuMemory(resources);
  }

  private podRequest(pod: PodInfo): number[] {
    return this.resources.map((r) => requestOf(pod.requests, r.name));
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    if (this.cpuMemory) {
      // cpu and memory are read off the pod's requests as they are; none at all skips
      return pod.requestedMilliCPU === 0 && pod.requestedMemory === 0 ? SKIP : SUCCESS;
    }
    const request = this.podRequest(pod);
    if (request.every((v) => v === 0)) return SKIP;
    state.write(PRE_SCORE_KEY, request);
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
    if (this.cpuMemory) {
      const cpu = pod.requestedMilliCPU;
      const memory = pod.requestedMemory;
      for (let i = 0; i < count; i++) out[offset + i] = balancedCpuMemory(nodes[i], cpu, memory);
      return;
    }
    const request = state.read<number[]>(PRE_SCORE_KEY) ?? this.podRequest(pod);
    for (let i = 0; i < count; i++) out[offset + i] = this.scoreWith(request, nodes[i]);
  }

  private scoreWith(request: readonly number[], node: NodeInfo): number {
    return scoreNode(
      node,
      this.resources,
      request,
      true,
      balancedResourceScorer,
      this.requested,
      this.allocatable,
    );
  }
}
