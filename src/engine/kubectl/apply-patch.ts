// Client-side apply's three-way patch (kubectl pkg/cmd/apply/patcher.go with
// strategicpatch.CreateThreeWayMergePatch), simplified: changed fields of the new config,
// nulls for fields dropped since the last applied config; lists are sent whole when any
// element (paired by `name`, else by index) changed.
import { isObject, jsonEqual } from '../api/patch/json-value';
import type { JsonObject } from '../api/patch/json-value';
import type { KubeObject } from '../api/types';

/** kubectl's annotation holding the last applied configuration. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function pairKey(v: unknown, i: number): string {
  return isObject(v) && typeof v.name === 'string' ? `name=${v.name}` : `#${i}`;
}

// Does `current` already hold everything `modified` says (server defaults allowed)?
function listSatisfied(original: unknown, modified: unknown[], current: unknown[]): boolean {
  if (modified.length !== current.length) return false;
  const cur = new Map(current.map((c, i) => [pairKey(c, i), c]));
  const orig = Array.isArray(original)
    ? new Map(original.map((o, i) => [pairKey(o, i), o]))
    : undefined;
  return modified.every((m, i) => {
    const key = pairKey(m, i);
    const c = cur.get(key);
    if (c === undefined) return false;
    if (isObject(m) && isObject(c)) return Object.keys(diff(orig?.get(key), m, c)).length === 0;
    return jsonEqual(m, c);
  });
}

function diff(original: unknown, modified: JsonObject, current: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [k, m] of Object.entries(modified)) {
    const c = current[k];
    const o = isObject(original) ? original[k] : undefined;
    if (isObject(m) && isObject(c)) {
      const sub = diff(o, m, c);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (Array.isArray(m) && Array.isArray(c)) {
      if (!listSatisfied(o, m, c)) patch[k] = m;
    } else if (!jsonEqual(m, c)) patch[k] = m;
  }
  if (isObject(original)) {
    for (const k of Object.keys(original)) {
      if (!(k in modified) && k in current) patch[k] = null;
    }
  }
  return patch;
}

/** The strategic merge patch apply sends; `{}` means unchanged. */
export function threeWayPatch(
  original: KubeObject | undefined,
  modified: KubeObject,
  current: KubeObject,
): JsonObject {
  return diff(original, modified as unknown as JsonObject, current as unknown as JsonObject);
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * util.GetModifiedConfiguration: the object with the annotation set to its own JSON
 * (sorted keys, newline-terminated, the annotation itself left out).
 */
export function withLastApplied(obj: KubeObject): KubeObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const withoutSelf = { ...obj, metadata: { ...obj.metadata, annotations } };
  const text = sortedJson(withoutSelf) + '\n';
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED]: text } },
  };
}
