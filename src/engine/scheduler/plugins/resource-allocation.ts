import { MAX_NODE_SCORE } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { Resource } from '../framework/resource';

/** A resource and its weight in a scoring strategy (config.ResourceSpec). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** One point of RequestedToCapacityRatio's shape: utilization % → score 0..10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** NodeResourcesFitArgs.scoringStrategy */
export interface ScoringStrategy {
  type: ScoringStrategyType;
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

// kube-scheduler config/v1 defaults: LeastAllocated over cpu and memory, weight 1 each.
export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

// config.MaxCustomPriorityScore: shape scores are 0..10, scaled to MaxNodeScore.
const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

/** least_allocated.go leastRequestedScore: the free share of capacity, 0..100, integer. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** most_allocated.go mostRequestedScore: the used share of capacity, 0..100, integer. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // requested may exceed capacity because pods without requests count the defaults
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

export type Scorer = (requested: readonly number[], allocatable: readonly number[]) => number;

function weightedAverage(
  resources: readonly ResourceSpec[],
  score: (requested: number, capacity: number) => number,
): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i].weight;
      nodeScore += score(requested[i], allocatable[i]) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** least_allocated.go leastResourceScorer: weighted integer average of leastRequestedScore. */
export function leastResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return weightedAverage(resources, leastRequestedScore);
}

/** most_allocated.go mostResourceScorer: weighted integer average of mostRequestedScore. */
export function mostResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return weightedAverage(resources, mostRequestedScore);
}

/** requested_to_capacity_ratio.go buildBrokenLinearFunction over the scaled shape. */
export function brokenLinearFunction(
  shape: readonly UtilizationShapePoint[],
): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const a = shape[i - 1];
        const b = shape[i];
        return (
          a.score +
          Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization))
        );
      }
    }
    return shape[shape.length - 1].score;
  };
}

/** requested_to_capacity_ratio.go requestedToCapacityRatioScorer (rounded weighted mean). */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): Scorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
  }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? raw(MAX_UTILIZATION)
      : raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i].weight;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * weight;
        weightSum += weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** balanced_allocation.go balancedResourceScorer: 100 × (1 − std of the used fractions). */
export function balancedResourceScorer(
  requested: readonly number[],
  allocatable: readonly number[],
): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = usedFraction(requested[i], allocatable[i]);
    total += fraction;
    if (n === 0) f0 = fraction;
    else if (n === 1) f1 = fraction;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    // a second pass over the same fractions rather than a list of them per node
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const d = usedFraction(requested[i], allocatable[i]) - mean;
      sum += d * d;
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

// balanced_allocation.go: a fraction over 1 (requests past allocatable) counts as 1.
function usedFraction(requested: number, allocatable: number): number {
  const fraction = requested / allocatable;
  return fraction > 1 ? 1 : fraction;
}

/** The pod's request of each resource (milli for cpu), from a precomputed Resource. */
export function requestOf(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    default:
      return r.scalar.get(name) ?? 0;
  }
}

// resource_allocation.go calculateResourceAllocatableRequest, split in two so that scoring a
// node fills scratch arrays instead of returning pairs: the node's allocatable (an extended
// resource the pod does not ask for is left out as 0) and what would be requested with the pod
// (non-zero requests unless `useRequested`).
function allocatableOf(node: NodeInfo, name: string, podRequest: number): number {
  switch (name) {
    case 'cpu':
      return node.allocatableMilliCPU;
    case 'memory':
      return node.allocatableMemory;
    case 'ephemeral-storage':
      return node.allocatableEphemeralStorage;
    default:
      if (podRequest === 0) return 0;
      return node.allocatable.scalar.get(name) ?? 0;
  }
}

function requestedOf(
  node: NodeInfo,
  name: string,
  podRequest: number,
  useRequested: boolean,
): number {
  switch (name) {
    case 'cpu':
      return (useRequested ? node.requestedMilliCPU : node.nonZeroMilliCPU) + podRequest;
    case 'memory':
      return (useRequested ? node.requestedMemory : node.nonZeroMemory) + podRequest;
    case 'ephemeral-storage':
      return node.requestedEphemeralStorage + podRequest;
    default:
      return (node.requestedScalar.get(name) ?? 0) + podRequest;
  }
}

/**
 * resourceAllocationScorer.score: fills requested/allocatable per resource (skipping those the
 * node lacks) into the given scratch arrays and applies the scorer.
 */
export function scoreNode(
  node: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: Scorer,
  requested: number[],
  allocatable: number[],
): number {
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i].name;
    const alloc = allocatableOf(node, name, podRequests[i]);
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : requestedOf(node, name, podRequests[i], useRequested);
  }
  return scorer(requested, allocatable);
}

/** Whether the resources are exactly cpu then memory, the default both scorers get. */
export function isCpuMemory(resources: readonly ResourceSpec[]): boolean {
  return resources.length === 2 && resources[0].name === 'cpu' && resources[1].name === 'memory';
}

/**
 * leastResourceScorer over cpu and memory, read straight off the node (what scoreNode and the
 * scorer compute for these two, with the same integer steps), for the hot path of every cycle.
 */
export function leastAllocatedCpuMemory(
  node: NodeInfo,
  podMilliCPU: number,
  podMemory: number,
  cpuWeight: number,
  memoryWeight: number,
): number {
  let nodeScore = 0;
  let weightSum = 0;
  const cpu = node.allocatableMilliCPU;
  if (cpu !== 0) {
    nodeScore += leastRequestedScore(node.nonZeroMilliCPU + podMilliCPU, cpu) * cpuWeight;
    weightSum += cpuWeight;
  }
  const memory = node.allocatableMemory;
  if (memory !== 0) {
    nodeScore += leastRequestedScore(node.nonZeroMemory + podMemory, memory) * memoryWeight;
    weightSum += memoryWeight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/**
 * leastAllocatedCpuMemory with cpu and memory weighing 1 each (the default): on a node with
 * both, the weighted mean is the integer mean of the two scores, with no division by a weight
 * sum on every node.
 */
export function leastAllocatedCpuMemoryEvenly(
  node: NodeInfo,
  podMilliCPU: number,
  podMemory: number,
): number {
  const cpu = node.allocatableMilliCPU;
  const memory = node.allocatableMemory;
  if (cpu === 0 || memory === 0) return leastAllocatedCpuMemory(node, podMilliCPU, podMemory, 1, 1);
  return Math.trunc(
    (leastRequestedScore(node.nonZeroMilliCPU + podMilliCPU, cpu) +
      leastRequestedScore(node.nonZeroMemory + podMemory, memory)) /
      2,
  );
}

/** balancedResourceScorer over cpu and memory requests, read straight off the node. */
export function balancedCpuMemory(node: NodeInfo, podMilliCPU: number, podMemory: number): number {
  const cpu = node.allocatableMilliCPU;
  const memory = node.allocatableMemory;
  // with one resource or none the standard deviation is 0
  if (cpu === 0 || memory === 0) return MAX_NODE_SCORE;
  const f0 = usedFraction(node.requestedMilliCPU + podMilliCPU, cpu);
  const f1 = usedFraction(node.requestedMemory + podMemory, memory);
  return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MAX_NODE_SCORE);
}
