// The kubelet's eviction manager (pkg/kubelet/eviction), memory only: every 10 s it observes
// memory.available = capacity − the containers' working sets; below the hard threshold
// (100Mi) the node reports MemoryPressure and one pod is evicted per round, ranked as
// rankMemoryPressure does (usage over requests first, then lower priority, then the most
// usage above requests). Only containers whose behaviour declares memory (the stress image's
// --vm-bytes) use any; system daemons are not modelled.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { fromValue, parseValue, quantityString } from '../api/quantity';

// eviction_manager.go: housekeeping every evictionMonitoringPeriod (10s)
const MONITORING_PERIOD_MS = 10_000;
// kubelet config defaults: evictionHard memory.available<100Mi
const MEMORY_AVAILABLE_HARD_BYTES = 100 * 1024 * 1024;
const MEMORY_AVAILABLE_HARD = '100Mi';
// kubelet config defaults: evictionPressureTransitionPeriod 5m
const PRESSURE_TRANSITION_MS = 5 * 60_000;
// v1.TaintNodeMemoryPressure
const MEMORY_PRESSURE_TAINT = 'node.kubernetes.io/memory-pressure';
// scheduling.SystemCriticalPriority: such pods are never evicted (IsCriticalPod)
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

interface Timer {
  cancel(): void;
}

/** One running container's working set, as the stats provider reports it. */
export interface ContainerMemory {
  podUid: string;
  container: string;
  workingSetBytes: number;
}

/** A pod the manager may evict. */
export interface EvictionCandidate {
  pod: KubeObject;
  /** static pods are critical (kubelettypes.IsCriticalPod) */
  isStatic: boolean;
  evict(message: string): void;
}

export interface EvictionDeps {
  capacityBytes: number;
  now(): number;
  after(ms: number, run: () => void): Timer;
  usage(): ContainerMemory[];
  pods(): EvictionCandidate[];
  /** MemoryPressure flipped: the node status should be posted */
  changed(): void;
  /** an event about the node (EvictionThresholdMet) */
  nodeEvent(reason: string, message: string): void;
}

/** Observes node memory and evicts pods while memory.available is under 100Mi. */
export class EvictionManager {
  /** the MemoryPressure condition the node reports */
  memoryPressure = false;
  private lastThresholdMet = -Infinity;
  private timer?: Timer;

  constructor(private readonly deps: EvictionDeps) {}

  start(): void {
    this.timer = this.deps.after(MONITORING_PERIOD_MS, () => this.synchronize());
  }

  stop(): void {
    this.timer?.cancel();
  }

  /** memory.available in bytes: capacity minus every running container's working set. */
  available(): number {
    const used = this.deps.usage().reduce((sum, c) => sum + c.workingSetBytes, 0);
    return this.deps.capacityBytes - used;
  }

  private synchronize(): void {
    this.timer = this.deps.after(MONITORING_PERIOD_MS, () => this.synchronize());
    const available = this.available();
    const now = this.deps.now();
    const met = available < MEMORY_AVAILABLE_HARD_BYTES;
    if (met) this.lastThresholdMet = now;
    // the condition stays until the threshold has not been met for the transition period
    const pressure = now - this.lastThresholdMet < PRESSURE_TRANSITION_MS;
    if (pressure !== this.memoryPressure) {
      this.memoryPressure = pressure;
      this.deps.changed();
    }
    if (!met) return;
    this.deps.nodeEvent('EvictionThresholdMet', 'Attempting to reclaim memory');
    const usage = this.deps.usage();
    const victim = rankMemoryPressure(
      this.deps.pods().filter((c) => !c.isStatic && priorityOf(c.pod) < SYSTEM_CRITICAL_PRIORITY),
      usage,
    )[0];
    if (victim) victim.evict(evictionMessage(victim.pod, usage, available));
  }
}

function priorityOf(pod: KubeObject): number {
  return (pod as unknown as Pod).spec?.priority ?? 0;
}

/** Each container's working set and memory request (0 when none is set). */
function containerUsage(
  pod: KubeObject,
  usage: ContainerMemory[],
): { name: string; used: number; request: number; requestText: string }[] {
  return ((pod as unknown as Pod).spec?.containers ?? []).map((c) => {
    const requested = c.resources?.requests?.memory;
    const used = usage.find((u) => u.podUid === pod.metadata.uid && u.container === c.name);
    return {
      name: c.name,
      used: used?.workingSetBytes ?? 0,
      request: requested === undefined ? 0 : parseValue(String(requested)),
      requestText: requested === undefined ? '0' : String(requested),
    };
  });
}

/** rankMemoryPressure: exceedMemoryRequests, then priority, then memory above requests. */
export function rankMemoryPressure(
  candidates: EvictionCandidate[],
  usage: ContainerMemory[],
): EvictionCandidate[] {
  const key = (c: EvictionCandidate) => {
    const containers = containerUsage(c.pod, usage);
    const used = containers.reduce((s, x) => s + x.used, 0);
    const requested = containers.reduce((s, x) => s + x.request, 0);
    return {
      exceeds: used > requested ? 1 : 0,
      priority: priorityOf(c.pod),
      over: used - requested,
    };
  };
  return candidates
    .map((c) => ({ c, k: key(c) }))
    .sort((a, b) => b.k.exceeds - a.k.exceeds || a.k.priority - b.k.priority || b.k.over - a.k.over)
    .map((x) => x.c);
}

/** helpers.go evictionMessage: the resource, the threshold met, the containers over request. */
export function evictionMessage(
  pod: KubeObject,
  usage: ContainerMemory[],
  available: number,
): string {
  let message = `The node was low on resource: memory. `;
  message += `Threshold quantity: ${MEMORY_AVAILABLE_HARD}, available: ${quantityString(fromValue(available, 'BinarySI'))}. `;
  for (const c of containerUsage(pod, usage)) {
    if (c.used > c.request) {
      const used = quantityString(fromValue(c.used, 'BinarySI'));
      message += `Container ${c.name} was using ${used}, request is ${c.requestText}, has larger consumption of memory. `;
    }
  }
  return message;
}

/**
 * The eviction manager's admit handler: under memory pressure a BestEffort pod that does not
 * tolerate the memory-pressure taint is rejected (critical pods are always admitted).
 */
export function admitUnderMemoryPressure(
  pod: KubeObject,
  memoryPressure: boolean,
): { reason: string; message: string } | undefined {
  if (!memoryPressure || priorityOf(pod) >= SYSTEM_CRITICAL_PRIORITY) return undefined;
  const spec = (pod as unknown as Pod).spec;
  const bestEffort = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].every(
    (c) =>
      Object.keys(c.resources?.requests ?? {}).length === 0 &&
      Object.keys(c.resources?.limits ?? {}).length === 0,
  );
  if (!bestEffort) return undefined;
  const tolerates = (spec?.tolerations ?? []).some(
    (t) =>
      (t.key === undefined || t.key === ''
        ? t.operator === 'Exists'
        : t.key === MEMORY_PRESSURE_TAINT) &&
      (t.effect === undefined || t.effect === '' || t.effect === 'NoSchedule'),
  );
  if (tolerates) return undefined;
  // eviction_manager.go Admit: nodeConditionMessageFmt with the node's conditions
  return { reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' };
}
