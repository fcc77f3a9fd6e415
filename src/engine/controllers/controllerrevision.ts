// ControllerRevisions (pkg/controller/history/controller_history.go): the immutable snapshots of
// a pod template that the DaemonSet and StatefulSet controllers keep, named `<owner>-<hash>`.
import type { LabelSelectorValue } from '../api/selectors';
import { matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import { safeEncodeString } from './deployment-util';
import { call, canonicalJson, getControllerOf, newControllerRef } from './util/controller-utils';

// controller_history.go ControllerRevisionHashLabel: the hash on a revision object
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
// apps/v1 ControllerRevisionHashLabelKey: the revision on a pod (DaemonSet: hash, StatefulSet: name)
export const POD_REVISION_LABEL = 'controller-revision-hash';

/** A ControllerRevision as the controllers read it. */
export type ControllerRevision = KubeObject & { data?: unknown; revision?: number };

/**
 * Go's json.Marshal of a decoded map: keys sorted at every level and `<`, `>`, `&`, U+2028,
 * U+2029 escaped as \uXXXX (encoding/json escapes HTML by default).
 */
export function goJsonMarshal(v: unknown): string {
  return canonicalJson(v).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** hash/fnv New32 (FNV-1, not FNV-1a): multiply, then xor each byte. */
export function fnv32(bytes: Iterable<number>, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/**
 * HashControllerRevision: FNV-1 32 of the data's JSON, then of the collision count in decimal
 * when given, printed in decimal and safe-encoded. The StatefulSet controller always passes a
 * count, so `{"spec":{"template":…}}` hashes with a trailing "0" (testdata
 * compatibility_revision_1.33.0.json: test-c77f6d978).
 */
export function hashControllerRevision(data: unknown, probe?: number): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(goJsonMarshal(data)));
  if (probe !== undefined) h = fnv32(enc.encode(String(probe)), h);
  return safeEncodeString(String(h));
}

/** ControllerRevisionName: `prefix-hash`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/**
 * The strategic merge patch that restores an object's pod template (getPatch in the daemon and
 * statefulset controllers): `{"spec":{"template":{…,"$patch":"replace"}}}`. A Go ObjectMeta
 * always serialises creationTimestamp, as null when unset.
 */
export function templatePatch(owner: KubeObject): Record<string, unknown> {
  const spec = (owner.spec ?? {}) as { template?: Record<string, unknown> };
  const template = structuredClone(spec.template ?? {});
  const meta = (template.metadata ?? {}) as Record<string, unknown>;
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  template.metadata = meta;
  template.$patch = 'replace';
  return { spec: { template } };
}

/** The template a revision's data restores (ApplyRevision of a `$patch: replace` template). */
export function revisionTemplate(rev: ControllerRevision): Record<string, unknown> {
  const data = (rev.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const t = structuredClone(data.spec?.template ?? {});
  delete t.$patch;
  const meta = t.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) delete meta.creationTimestamp;
  return t;
}

/**
 * NewControllerRevision: a revision owned by `parent` with the template labels plus the hash
 * label, named `<parent>-<hash>`.
 */
export function newControllerRevision(
  parent: KubeObject,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount?: number,
): ControllerRevision {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata.name!, hash),
      namespace: parent.metadata.namespace,
      labels: { ...templateLabels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent)],
    },
    data,
    revision,
  };
}

const created = (r: KubeObject) => Date.parse(r.metadata.creationTimestamp ?? '') || 0;

/** SortControllerRevisions: by revision, then creation time, then name (stable). */
export function sortControllerRevisions(revs: ControllerRevision[]): ControllerRevision[] {
  return revs.sort(
    (a, b) =>
      (a.revision ?? 0) - (b.revision ?? 0) ||
      created(a) - created(b) ||
      (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0),
  );
}

/** EqualRevision: hash labels agree (when both parse) and the data is the same. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const numeric = (h?: string) => h !== undefined && /^[-+]?\d+$/.test(h);
  if (numeric(ha) && numeric(hb) && Number(ha) !== Number(hb)) return false;
  return goJsonMarshal(a.data) === goJsonMarshal(b.data);
}

/** FindEqualRevisions, in the order given. */
export function findEqualRevisions(
  revs: readonly ControllerRevision[],
  needle: ControllerRevision,
): ControllerRevision[] {
  return revs.filter((r) => equalRevision(r, needle));
}

/**
 * ListControllerRevisions: the revisions of the parent's namespace matching the selector that
 * the parent controls or nobody does.
 */
export function listControllerRevisions(
  revisions: readonly KubeObject[],
  parent: KubeObject,
  selector: LabelSelectorValue,
): ControllerRevision[] {
  return revisions.filter((r) => {
    if (!matchesLabels(selector, r.metadata.labels)) return false;
    const ref = getControllerOf(r);
    return !ref || ref.uid === parent.metadata.uid;
  });
}

const revisionsPath = (namespace: string) =>
  `/apis/apps/v1/namespaces/${namespace}/controllerrevisions`;

/**
 * realHistory.CreateControllerRevision: creates the revision; on AlreadyExists with other data,
 * bumps the collision count and retries under the new name. `done` gets the stored revision and
 * the collision count it ended with.
 */
export function createControllerRevision(
  client: RestClient,
  parent: KubeObject,
  revision: ControllerRevision,
  collisionCount: number,
  trace: string | undefined,
  done: (err: string | undefined, created?: ControllerRevision, collisionCount?: number) => void,
): void {
  const ns = parent.metadata.namespace ?? '';
  const attempt = (count: number, triesLeft: number) => {
    const hash = hashControllerRevision(revision.data, count);
    const name = controllerRevisionName(parent.metadata.name!, hash);
    // only the name moves with the count; the hash label keeps the first hash, as upstream
    const body = { ...revision, metadata: { ...revision.metadata, name } };
    call(client, { method: 'POST', path: revisionsPath(ns), body }, trace, (r) => {
      if (r.ok) return done(undefined, r.body as ControllerRevision, count);
      if (r.status !== 409 || triesLeft <= 0) return done(r.message, undefined, count);
      call(client, { method: 'GET', path: `${revisionsPath(ns)}/${name}` }, trace, (g) => {
        if (!g.ok) return done(g.message, undefined, count);
        const exists = g.body as ControllerRevision;
        if (goJsonMarshal(exists.data) === goJsonMarshal(revision.data))
          return done(undefined, exists, count);
        attempt(count + 1, triesLeft - 1);
      });
    });
  };
  // upstream loops until it succeeds; ten collisions in a row would mean a bug here
  attempt(collisionCount, 10);
}

/** realHistory.UpdateControllerRevision: sets `revision` (re-reading once on a conflict). */
export function updateControllerRevision(
  client: RestClient,
  rev: ControllerRevision,
  newRevision: number,
  trace: string | undefined,
  done: (err: string | undefined, updated?: ControllerRevision) => void,
): void {
  if (rev.revision === newRevision) return done(undefined, rev);
  const path = `${revisionsPath(rev.metadata.namespace ?? '')}/${rev.metadata.name}`;
  const put = (cur: ControllerRevision, retry: boolean) =>
    call(client, { method: 'PUT', path, body: { ...cur, revision: newRevision } }, trace, (r) => {
      if (r.ok) return done(undefined, r.body as ControllerRevision);
      if (r.status !== 409 || !retry) return done(r.message);
      call(client, { method: 'GET', path }, trace, (g) =>
        g.ok ? put(g.body as ControllerRevision, false) : done(g.message),
      );
    });
  put(rev, true);
}

/** DeleteControllerRevision (NotFound counts as done). */
export function deleteControllerRevision(
  client: RestClient,
  rev: KubeObject,
  trace: string | undefined,
  done: (err?: string) => void,
): void {
  call(
    client,
    {
      method: 'DELETE',
      path: `${revisionsPath(rev.metadata.namespace ?? '')}/${rev.metadata.name}`,
    },
    trace,
    (r) => done(r.ok || r.status === 404 ? undefined : r.message),
  );
}
