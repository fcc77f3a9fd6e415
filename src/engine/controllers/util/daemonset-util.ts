// The pure rules of the DaemonSet controller (pkg/controller/daemon/util/daemonset_util.go and
// NodeShouldRunDaemonPod in daemon_controller.go): which nodes should run a daemon pod, the
// tolerations and node affinity its pods get, and which pods are up to date.
import type { KubeObject } from '../../api/types';
import type { NodeSelectorTerm } from '../../scheduler/framework/types';
import { nodeSelectorMatches } from '../../scheduler/plugins/helper/node-selector';
import { POD_REVISION_LABEL } from '../controllerrevision';
import { scaledValue } from '../deployment-util';
import type { Taint, Toleration } from './nodelifecycle-taints';
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  tolerationsTolerateTaint,
} from './nodelifecycle-taints';

// apps/v1 DeprecatedTemplateGeneration and extensions DaemonSetTemplateGenerationKey
export const DEPRECATED_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    [k: string]: unknown;
  };
  [k: string]: unknown;
}
/** The parts of a PodSpec the DaemonSet controller reads or writes. */
export interface DaemonPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  hostNetwork?: boolean;
  [k: string]: unknown;
}
export interface DaemonPodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: DaemonPodSpec;
}
export interface DaemonSetSpec {
  selector?: unknown;
  template?: DaemonPodTemplate;
  updateStrategy?: {
    type?: string;
    rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}
export interface DaemonSetStatus {
  currentNumberScheduled?: number;
  numberMisscheduled?: number;
  desiredNumberScheduled?: number;
  numberReady?: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
}

export const dsSpec = (ds: KubeObject) => (ds.spec ?? {}) as DaemonSetSpec;
export const dsStatus = (ds: KubeObject) => (ds.status ?? {}) as DaemonSetStatus;

/** Toleration.MatchToleration: same key, operator, value and effect. */
function matchToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  );
}

/** v1helper.AddOrUpdateTolerationInPodSpec: replaces a matching toleration, else appends. */
export function addOrUpdateToleration(tolerations: Toleration[], t: Toleration): Toleration[] {
  let updated = false;
  const out: Toleration[] = [];
  for (const cur of tolerations) {
    if (matchToleration(t, cur)) {
      if (cur.tolerationSeconds === t.tolerationSeconds) return tolerations;
      out.push(t);
      updated = true;
    } else out.push(cur);
  }
  if (!updated) out.push(t);
  return out;
}

/**
 * AddOrUpdateDaemonPodTolerations: daemon pods tolerate not-ready and unreachable NoExecute
 * forever, and the condition taints (disk, memory, pid pressure, unschedulable; network
 * unavailable for hostNetwork pods) with NoSchedule. Returns a new spec.
 */
export function addOrUpdateDaemonPodTolerations(spec: DaemonPodSpec): DaemonPodSpec {
  let tols = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: string) =>
    (tols = addOrUpdateToleration(tols, { key, operator: 'Exists', effect }));
  add(TAINT_NODE_NOT_READY, 'NoExecute');
  add(TAINT_NODE_UNREACHABLE, 'NoExecute');
  add(TAINT_NODE_DISK_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_MEMORY_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_PID_PRESSURE, 'NoSchedule');
  add(TAINT_NODE_UNSCHEDULABLE, 'NoSchedule');
  if (spec.hostNetwork) add(TAINT_NODE_NETWORK_UNAVAILABLE, 'NoSchedule');
  return { ...spec, tolerations: tols };
}

/** GetTemplateGeneration: the deprecated annotation's number, if set and valid. */
export function templateGeneration(ds: KubeObject): number | undefined {
  const v = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION];
  return v !== undefined && /^[-+]?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * CreatePodTemplate: the template with the daemon tolerations, the template generation label
 * (when the DaemonSet has the annotation) and `controller-revision-hash: <hash>`.
 */
export function createPodTemplate(
  template: DaemonPodTemplate,
  generation: number | undefined,
  hash: string,
): DaemonPodTemplate {
  const t = structuredClone(template);
  t.spec = addOrUpdateDaemonPodTolerations(t.spec ?? {});
  const meta = (t.metadata ??= {});
  meta.labels = { ...meta.labels };
  if (generation !== undefined) meta.labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) meta.labels[POD_REVISION_LABEL] = hash;
  return t;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single term
 * `matchFields metadata.name In [node]`, so the scheduler binds the pod to that node.
 */
export function replaceNodeNameNodeAffinity(
  affinity: Affinity | undefined,
  node: string,
): Affinity {
  const selector = {
    nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [node] }] },
    ],
  };
  const a: Affinity = structuredClone(affinity ?? {});
  a.nodeAffinity = { ...a.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: selector };
  return a;
}

/**
 * GetTargetNodeName: spec.nodeName, or the node of a pending pod's `metadata.name In [node]`
 * affinity term; undefined when there is neither.
 */
export function getTargetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as DaemonPodSpec;
  if (spec.nodeName) return spec.nodeName;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms)
    for (const f of term.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In')
        return f.values?.length === 1 ? f.values[0] : undefined;
  return undefined;
}

/** IsPodUpdated: the pod carries the current hash (or template generation). */
export function isPodUpdated(pod: KubeObject, hash: string, generation?: number): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  return (hash !== '' && labels[POD_REVISION_LABEL] === hash) || templateMatches;
}

/** SurgeCount: maxSurge of `n` rounded up, 0 unless RollingUpdate. */
export function surgeCount(ds: KubeObject, n: number): number {
  const s = dsSpec(ds).updateStrategy;
  if (s?.type !== 'RollingUpdate' || !s.rollingUpdate) return 0;
  return scaledValue(s.rollingUpdate.maxSurge, n, true);
}

/** UnavailableCount: maxUnavailable of `n` rounded up, 0 unless RollingUpdate. */
export function unavailableCount(ds: KubeObject, n: number): number {
  const s = dsSpec(ds).updateStrategy;
  if (s?.type !== 'RollingUpdate' || !s.rollingUpdate) return 0;
  return scaledValue(s.rollingUpdate.maxUnavailable, n, true);
}

/** AllowsSurge: a RollingUpdate with a maxSurge above zero. */
export function allowsSurge(ds: KubeObject): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

interface NodeShape {
  metadata: { name?: string; labels?: Record<string, string> };
  spec?: { taints?: Taint[] };
}

/** The first taint with a matching effect the tolerations do not tolerate. */
function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
): Taint | undefined {
  return taints.find(
    (t) => effects.includes(t.effect) && !tolerationsTolerateTaint(tolerations, t),
  );
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should be created on the node (`shouldRun`:
 * node name, nodeSelector and required affinity match, every NoSchedule/NoExecute taint
 * tolerated) and whether one already there may stay (`shouldContinueRunning`: the same, but
 * only NoExecute taints count).
 */
export function nodeShouldRunDaemonPod(
  node: NodeShape,
  ds: KubeObject,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const no = { shouldRun: false, shouldContinueRunning: false };
  const name = node.metadata.name ?? '';
  const tspec = dsSpec(ds).template?.spec ?? {};
  if (tspec.nodeName && tspec.nodeName !== name) return no;
  const spec = addOrUpdateDaemonPodTolerations(tspec);
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return no;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !nodeSelectorMatches(required.nodeSelectorTerms ?? [], labels, name)) return no;
  const taints = node.spec?.taints ?? [];
  const tols = spec.tolerations ?? [];
  if (untoleratedTaint(taints, tols, ['NoExecute', 'NoSchedule'])) {
    return {
      shouldRun: false,
      shouldContinueRunning: !untoleratedTaint(taints, tols, ['NoExecute']),
    };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

const created = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
const nodeNameOf = (p: KubeObject) => ((p.spec ?? {}) as DaemonPodSpec).nodeName ?? '';

/** podByCreationTimestampAndPhase: scheduled first, then oldest, then by name. */
export function byCreationTimestampAndPhase(a: KubeObject, b: KubeObject): number {
  const sa = nodeNameOf(a) !== '';
  const sb = nodeNameOf(b) !== '';
  if (sa !== sb) return sa ? -1 : 1;
  return (
    created(a) - created(b) ||
    (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0)
  );
}
