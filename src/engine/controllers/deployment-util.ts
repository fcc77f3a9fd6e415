// pkg/controller/deployment/util/deployment_util.go and controller.ComputeHash: the pure
// arithmetic of the Deployment controller — fenceposts, revisions, annotations, proportions.
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../api/types';
import { canonicalJson } from './util/controller-utils';

// apps/v1 DefaultDeploymentUniqueLabelKey
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
// deployment_util.go annotation keys
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
// kubectl's last-applied-configuration is never copied to ReplicaSets
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
// deployment_util.go annotationsToSkip
const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);
// deployment_controller.go maxRevHistoryLengthInChars
const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

export type IntOrString = number | string;

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
  strategy?: {
    type?: 'RollingUpdate' | 'Recreate';
    rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface ReplicaSetLike {
  replicas?: number;
  minReadySeconds?: number;
  template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
}

export const deploymentSpec = (d: KubeObject) => (d.spec ?? {}) as DeploymentSpec;
export const rsSpec = (rs: KubeObject) => (rs.spec ?? {}) as ReplicaSetLike;
export const rsReplicas = (rs: KubeObject) => rsSpec(rs).replicas ?? 1;
export const desiredReplicas = (d: KubeObject) => deploymentSpec(d).replicas ?? 1;

interface RSStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
}
const rsStatus = (rs: KubeObject) => (rs.status ?? {}) as RSStatus;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, `N%` of total rounded up or down;
 * anything else is an error.
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m)
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and both zero means
 * one may be unavailable (so a rollout can make progress).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  // apps/v1 defaults: 25% each
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (deploymentSpec(d).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: KubeObject) {
  const ru = deploymentSpec(d).strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, desiredReplicas(d));
}

/** MaxSurge: 0 for Recreate. */
export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** MaxUnavailable: 0 for Recreate, never more than the desired replicas. */
export function maxUnavailable(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  const u = fenceposts(d).unavailable;
  return u > desiredReplicas(d) ? desiredReplicas(d) : u;
}

// ---- pod-template-hash (controller_utils.go ComputeHash) ----

function fnv32a(bytes: Iterable<number>, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// apimachinery pkg/util/rand alphanums: no vowels, no confusable digits
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte mapped onto the safe alphabet (mod 27). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}

/**
 * controller.ComputeHash: FNV-32a of the pod template (then of the collision count as 8
 * little-endian bytes), printed in decimal and safe-encoded. Upstream hashes spew's dump of
 * the Go struct; the simulation hashes the template's canonical JSON, so values differ.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24, 0, 0, 0, 0], h);
  }
  return safeEncodeString(String(h));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
export function equalIgnoreHash(t1: unknown, t2: unknown): boolean {
  const strip = (t: unknown) => {
    const c = structuredClone(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    if (c.metadata && Object.keys(c.metadata).length === 0) delete c.metadata;
    return canonicalJson(c);
  };
  return strip(t1) === strip(t2);
}

// ---- ordering (controller_utils.go ReplicaSetsByCreationTimestamp etc.) ----

const created = (o: KubeObject) => Date.parse(o.metadata.creationTimestamp ?? '') || 0;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  return created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : 1);
}

/** ReplicaSetsBySizeOlder: larger first; among equals, older first. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  return rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: larger first; among equals, newer first. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  return rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(b, a);
}

export function revision(o: KubeObject): number {
  const v = o.metadata.annotations?.[REVISION_ANNOTATION];
  return v && /^\d+$/.test(v) ? Number(v) : 0;
}

/** ReplicaSetsByRevision: lowest revision first, then oldest. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  return revision(a) - revision(b) || byCreationTimestamp(a, b);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(
  d: KubeObject,
  rsList: readonly KubeObject[],
): KubeObject | undefined {
  const template = deploymentSpec(d).template;
  return [...rsList]
    .sort(byCreationTimestamp)
    .find((rs) => equalIgnoreHash(rsSpec(rs).template, template));
}

/** FindOldReplicaSets: every other ReplicaSet; the first list only those with replicas. */
export function findOldReplicaSets(
  d: KubeObject,
  rsList: readonly KubeObject[],
): { oldRSs: KubeObject[]; allOldRSs: KubeObject[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const allOldRSs = rsList.filter((rs) => rs !== newRS);
  return { oldRSs: allOldRSs.filter((rs) => rsReplicas(rs) !== 0), allOldRSs };
}

export const filterActive = (rss: readonly (KubeObject | undefined)[]) =>
  rss.filter((rs): rs is KubeObject => !!rs && rsReplicas(rs) > 0);

export const sumReplicas = (rss: readonly (KubeObject | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs ? rsReplicas(rs) : 0), 0);
export const sumActual = (rss: readonly (KubeObject | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).replicas ?? 0) : 0), 0);
export const sumReady = (rss: readonly (KubeObject | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).readyReplicas ?? 0) : 0), 0);
export const sumAvailable = (rss: readonly (KubeObject | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs ? (rsStatus(rs).availableReplicas ?? 0) : 0), 0);

export function maxRevision(rss: readonly KubeObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revision(rs)), 0);
}

// ---- annotations ----

/** SetReplicasAnnotations: desired-replicas and max-replicas; true if changed. */
export function setReplicasAnnotations(
  annotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(
  rs: KubeObject,
  desired: number,
  max: number,
): boolean {
  const a = rs.metadata.annotations ?? {};
  return (
    a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (but not the skipped ones),
 * raises the revision to `newRevision`, keeps the old revisions in revision-history when a
 * ReplicaSet comes back (a rollback), and sets the replicas annotations on a new one.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  annotations: Record<string, string>,
  newRevision: string,
  exists: boolean,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  // an unparsable revision is left alone (deployment_util.go)
  if (oldRevision !== undefined && oldRevision !== '' && !/^\d+$/.test(oldRevision)) return false;
  const raised = Number(oldRevision || 0) < Number(newRevision);
  if (raised) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // An existing ReplicaSet raised to a new revision is a rollback: remember its old ones.
  if (oldRevision !== undefined && raised) {
    const history = annotations[REVISION_HISTORY_ANNOTATION];
    let list = history ? [...history.split(','), oldRevision] : [oldRevision];
    // keep the newest revisions within maxRevHistoryLengthInChars
    while (list.join(',').length > MAX_REV_HISTORY_LENGTH_IN_CHARS && list.length > 1)
      list = list.slice(1);
    annotations[REVISION_HISTORY_ANNOTATION] = list.join(',');
  }
  if (!exists) {
    const desired = desiredReplicas(d);
    if (setReplicasAnnotations(annotations, desired, desired + maxSurge(d))) changed = true;
  }
  return changed;
}

// ---- scaling ----

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(
  d: KubeObject,
  allRSs: readonly KubeObject[],
  newRS: KubeObject,
): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d)) return desired;
  const current = sumReplicas(allRSs);
  const maxTotal = desired + maxSurge(d);
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, desired - rsReplicas(newRS));
  return rsReplicas(newRS) + up;
}

/** IsSaturated: the new ReplicaSet has all desired replicas, annotated and available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  const want = desiredReplicas(d);
  return (
    rsReplicas(rs) === want && desired === want && (rsStatus(rs).availableReplicas ?? 0) === want
  );
}

/** FindActiveOrLatest: the only active ReplicaSet, the newest if none is, else undefined. */
export function findActiveOrLatest(
  newRS: KubeObject | undefined,
  oldRSs: readonly KubeObject[],
): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// Go's math.Round: half away from zero
const goRound = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** getReplicaSetFraction: the share of `toAdd` this ReplicaSet gets when the Deployment scales. */
function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  if (desiredReplicas(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = desiredReplicas(d) + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
  // without the annotation, fall back to the Deployment's current size
  const base =
    Number.isInteger(annotated) && rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] !== undefined
      ? annotated
      : ((d.status as { replicas?: number } | undefined)?.replicas ?? 0);
  if (base === 0) return 0;
  return goRound((rsReplicas(rs) * deploymentReplicas) / base) - rsReplicas(rs);
}

/** GetReplicaSetProportion: how many replicas this ReplicaSet gains (or loses) in a scale. */
export function replicaSetProportion(
  rs: KubeObject,
  d: KubeObject,
  toAdd: number,
  added: number,
): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
