// Shared pieces of kube-controller-manager's controllers (pkg/controller/controller_utils.go and
// client-go helpers): pod predicates, owner references, the scale-down ranking, slow start,
// and a callback-style wrapper of the REST client (the simulation has no goroutines).
import { resourceForKind } from '../../api/resources';
import type { ApiRequest, KubeObject } from '../../api/types';
import type { RestClient } from '../../client/rest-client';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The outcome of one API call: the HTTP status (0 on a network failure) and body. */
export interface ApiResult {
  ok: boolean;
  status: number;
  body: unknown;
  /** the Status message on failures, or the network error */
  message: string;
  reason?: string;
}

/** One request through the controller's client; `done` always runs, errors included. */
export function call(
  client: RestClient,
  req: ApiRequest,
  trace: string | undefined,
  done: (r: ApiResult) => void,
): void {
  client.request(
    req,
    (res) => {
      if (!res.ok) return done({ ok: false, status: 0, body: undefined, message: res.error });
      const { status, body } = res.response;
      const st = body as { message?: string; reason?: string } | undefined;
      done({
        ok: status < 300,
        status,
        body,
        message: status < 300 ? '' : (st?.message ?? `status ${status}`),
        reason: status < 300 ? undefined : st?.reason,
      });
    },
    { trace },
  );
}

/** Runs tasks concurrently and calls `done` once all have finished, with their errors. */
export function parallel(
  tasks: ((done: (err?: string) => void) => void)[],
  done: (errors: string[]) => void,
): void {
  let left = tasks.length;
  const errors: string[] = [];
  if (left === 0) return done(errors);
  for (const task of tasks) {
    let finished = false;
    task((err) => {
      if (finished) return;
      finished = true;
      if (err) errors.push(err);
      if (--left === 0) done(errors);
    });
  }
}

/** Runs tasks one after another, stopping at the first error. */
export function series(
  tasks: ((done: (err?: string) => void) => void)[],
  done: (err?: string) => void,
): void {
  const next = (i: number): void => {
    if (i >= tasks.length) return done();
    tasks[i]((err) => (err ? done(err) : next(i + 1)));
  };
  next(0);
}

// controller_utils.go SlowStartInitialBatchSize
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * controller.slowStartBatch: calls `fn` `count` times in batches of 1, 2, 4, … run
 * concurrently; a batch with any error stops the rest. `done` gets the successes.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (done: (err?: string) => void) => void,
  done: (successes: number, err?: string) => void,
): void {
  let remaining = count;
  let successes = 0;
  const batch = (size: number): void => {
    if (size <= 0) return done(successes);
    const tasks = Array.from({ length: size }, () => fn);
    parallel(tasks, (errors) => {
      successes += size - errors.length;
      if (errors.length > 0) return done(successes, errors[0]);
      remaining -= size;
      batch(Math.min(2 * size, remaining));
    });
  };
  batch(Math.min(remaining, initialBatchSize));
}

// ---- owner references (apimachinery pkg/apis/meta/v1/controller_ref.go) ----

export function ownerReferences(obj: KubeObject): OwnerReference[] {
  return (obj.metadata.ownerReferences ?? []) as OwnerReference[];
}

/** metav1.GetControllerOf: the owner reference with controller=true. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return ownerReferences(obj).find((r) => r.controller === true);
}

// controller_utils.go PodControllerUIDIndex: pods filed by their controller's uid, orphans by
// OrphanPodIndexKeyForNamespace, so a controller finds its pods without scanning the namespace.
export const POD_CONTROLLER_UID_INDEX = 'podControllerUID';
const ORPHAN_POD_INDEX_KEY = '_ORPHAN_POD';

/** OrphanPodIndexKeyForNamespace: the index value of a namespace's pods without a controller. */
export function orphanPodIndexKey(namespace: string): string {
  return `${ORPHAN_POD_INDEX_KEY}/${namespace}`;
}

/** The PodControllerUIDIndex function. */
export function podControllerUIDIndexFunc(pod: KubeObject): string[] {
  const ref = getControllerOf(pod);
  return [ref ? ref.uid : orphanPodIndexKey(pod.metadata.namespace ?? '')];
}

// node_lifecycle_controller.go nodeNameKeyIndex: pods filed by spec.nodeName, so the node
// lifecycle and taint eviction controllers find a node's pods without scanning them all.
export const NODE_NAME_KEY_INDEX = 'spec.nodeName';

/** The nodeNameKeyIndex function: bound pods under their node's name, unbound ones nowhere. */
export function nodeNameIndexFunc(pod: KubeObject): string[] {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  return nodeName ? [nodeName] : [];
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The REST path of an object (or of its collection when `name` is omitted). */
export function objectPath(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name?: string,
): string | undefined {
  const info = resourceForKind(apiVersion, kind);
  if (!info) return undefined;
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${info.resource}${name ? `/${name}` : ''}`;
}

/** The work-queue key of an object: `namespace/name`, or `name` for cluster objects. */
export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name!;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

// ---- pods (pkg/api/v1/pod/util.go, controller_utils.go) ----

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}
interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: { restartCount?: number }[];
}

export function podPhase(pod: KubeObject): string {
  return (pod.status as PodStatus | undefined)?.phase ?? '';
}

export function podNodeName(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return (pod.status as PodStatus | undefined)?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** controller.IsPodActive: not Succeeded or Failed, and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** controller.IsPodTerminating: not terminal, but being deleted. */
export function isPodTerminating(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !!pod.metadata.deletionTimestamp;
}

/**
 * podutil.IsPodAvailable: ready, and ready for at least minReadySeconds by `nowMs`
 * (wall-clock ms; the Ready condition's lastTransitionTime).
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = readyCondition(pod)?.lastTransitionTime;
  if (!since) return false;
  return Date.parse(since) + minReadySeconds * 1000 <= nowMs;
}

function maxContainerRestarts(pod: KubeObject): number {
  const statuses = (pod.status as PodStatus | undefined)?.containerStatuses ?? [];
  return statuses.reduce((m, s) => Math.max(m, s.restartCount ?? 0), 0);
}

function timeOf(t: string | undefined): number | undefined {
  return t ? Date.parse(t) : undefined;
}

// k8s.io/api core/v1 PodDeletionCost annotation
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[-+]?\d+$/.test(v)) return 0;
  return Number(v);
}

// controller_utils.go podPhaseToOrdinal: Pending < Unknown < Running
const podPhaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

// controller_utils.go afterOrZero: an empty time sorts first, then the later time
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/**
 * Compares two times as LogarithmicScaleDown does (beta, on by default since v1.22): by
 * int(log2(now - t)) in nanoseconds, so pods of similar age tie and the UID breaks the tie.
 */
function newerFirst(
  t1: number | undefined,
  t2: number | undefined,
  a: KubeObject,
  b: KubeObject,
  nowMs: number | undefined,
): boolean {
  if (nowMs === undefined || t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const rank = (t: number) => (nowMs - t > 0 ? Math.floor(Math.log2((nowMs - t) * 1e6)) : -1);
  const diff = rank(t1) - rank(t2);
  // "pseudorandom" tie-break by UID (controller_utils.go)
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return diff < 0;
}

/**
 * ActivePodsWithRanks.Less (controller_utils.go): whether pod `a` should be deleted before
 * pod `b`; `rankA`/`rankB` count related pods on their node; `nowMs` (wall clock) turns on
 * the LogarithmicScaleDown comparison of ready and creation times.
 */
export function deleteBefore(
  a: KubeObject,
  rankA: number,
  b: KubeObject,
  rankB: number,
  nowMs?: number,
): boolean {
  // 1. Unassigned < assigned
  const aNode = podNodeName(a);
  const bNode = podNodeName(b);
  if (aNode !== bNode && (aNode === '' || bNode === '')) return aNode === '';
  // 2. PodPending < PodUnknown < PodRunning
  const pa = podPhaseOrdinal[podPhase(a)] ?? 0;
  const pb = podPhaseOrdinal[podPhase(b)] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  // 4. lower pod-deletion-cost < higher (PodDeletionCost is GA-on by default)
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up < not doubled up (more related pods on the same node first)
  if (rankA !== rankB) return rankA > rankB;
  // 6. Been ready for empty time < less time < more time
  if (isPodReady(a) && isPodReady(b)) {
    const ra = timeOf(readyCondition(a)?.lastTransitionTime);
    const rb = timeOf(readyCondition(b)?.lastTransitionTime);
    if (ra !== rb) return newerFirst(ra, rb, a, b, nowMs);
  }
  // 7. Pods with containers with higher restart counts < lower restart counts
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xa > xb;
  // 8. Empty creation time pods < newer pods < older pods
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta !== tb) return newerFirst(ta, tb, a, b, nowMs);
  return false;
}

/**
 * replica_set.go getPodsToDelete: when fewer than all pods go, ranks the candidates by
 * ActivePodsWithRanks (rank = active related pods on the same node) and takes the first `diff`.
 */
export function getPodsToDelete(
  filteredPods: readonly KubeObject[],
  relatedPods: readonly KubeObject[],
  diff: number,
  nowMs?: number,
): KubeObject[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = podNodeName(p);
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = filteredPods.map((pod) => ({ pod, rank: onNode.get(podNodeName(pod)) ?? 0 }));
  // sort.Sort is not stable, but Less is a strict order up to full ties; keep input order then
  ranked.sort((x, y) =>
    deleteBefore(x.pod, x.rank, y.pod, y.rank, nowMs)
      ? -1
      : deleteBefore(y.pod, y.rank, x.pod, x.rank, nowMs)
        ? 1
        : 0,
  );
  return ranked.slice(0, diff).map((r) => r.pod);
}

/** Wall-clock ms of now, for comparing with object timestamps. */
export function wallClock(ctx: { now(): number; timestamp(at?: number): string }): number {
  return Date.parse(ctx.timestamp(0)) + ctx.now();
}

/** Drops keys whose value is 0, undefined or an empty list (Go's omitempty). */
export function omitEmpty<T extends Record<string, unknown>>(o: T, keep: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (keep.includes(k)) out[k] = v;
    else if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    else out[k] = v;
  }
  return out as T;
}

/** JSON with object keys sorted, for order-insensitive comparison and hashing. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
