// Strategic merge patch, as `application/strategic-merge-patch+json` applies it
// (apimachinery pkg/util/strategicpatch/patch.go StrategicMergeMapPatch with
// MergeParallelList and IgnoreUnmatchedNulls, and pkg/util/mergepatch/errors.go texts).
import { deepCopy, goValue, isObject, jsonEqual, type JsonObject } from './json-value';
import { patchMetaFor, type PatchMeta } from './patch-meta';

/** A strategic merge patch could not be applied; `message` is the upstream error text. */
export class StrategicMergePatchError extends Error {
  override name = 'StrategicMergePatchError';
}

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';
const setElementOrderKeyPrefix = `${setElementOrderPrefix}/`;

const errBadPatchType = (t: unknown, m: JsonObject) =>
  new StrategicMergePatchError(`unknown patch type: ${goValue(t)} in map: ${goValue(m)}`);
const errNoMergeKey = (m: JsonObject, k: string) =>
  new StrategicMergePatchError(`map: ${goValue(m)} does not contain declared merge key: ${k}`);

/**
 * Applies a strategic merge patch to an object of a built-in kind without mutating either
 * input. Lists with a merge key merge element by element (`$patch: delete` removes one,
 * `$patch: replace` replaces the list), `merge` lists of scalars union, other lists replace;
 * `null` deletes a field; `$retainKeys`, `$deleteFromPrimitiveList/<f>` and
 * `$setElementOrder/<f>` work as upstream.
 */
export function strategicMergePatch(target: unknown, patch: JsonObject, kind: string): JsonObject {
  if (!isObject(patch)) throw new StrategicMergePatchError('invalid JSON document');
  const original = isObject(target) ? deepCopy(target) : {};
  return mergeMap(original, deepCopy(patch), patchMetaFor(kind));
}

function fieldMeta(meta: PatchMeta | undefined, key: string): PatchMeta {
  return meta?.fields?.[key] ?? {};
}

function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  meta: PatchMeta | undefined,
): JsonObject {
  if (directiveMarker in patch) {
    const directive = patch[directiveMarker];
    if (directive === 'replace') {
      delete patch[directiveMarker];
      return patch;
    }
    if (directive === 'delete') return {};
    // handleDirectiveInMergeMap accepts only replace and delete inside a map.
    throw errBadPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);

  // $setElementOrder lists are handled after the plain fields they order, against the
  // original (pre-merge) order of the list.
  const orders: [string, unknown[], unknown[]][] = [];
  // for-in over the patch's own keys (decoded JSON): no entry pairs built per merged map
  for (const rawKey in patch) {
    if (!rawKey.startsWith(setElementOrderKeyPrefix)) continue;
    const order = patch[rawKey];
    if (!Array.isArray(order)) {
      throw new StrategicMergePatchError('invalid patch format of setElementOrder list');
    }
    const key = rawKey.slice(setElementOrderPrefix.length + 1);
    const before = original[key];
    orders.push([key, order, Array.isArray(before) ? [...before] : []]);
  }
  for (const rawKey in patch) {
    if (rawKey.startsWith(setElementOrderKeyPrefix)) continue;
    const patchV = patch[rawKey];
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(deleteFromPrimitiveListPrefix)) {
      const parts = rawKey.split('/');
      if (parts.length <= 1)
        throw new StrategicMergePatchError('invalid patch format of primitive list');
      key = rawKey.slice(rawKey.indexOf('/') + 1);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      continue; // IgnoreUnmatchedNulls
    }
    if (!(key in original)) {
      if (!isDeleteList) original[key] = stripNulls(patchV);
      continue;
    }
    const origV = original[key];
    const sub = fieldMeta(meta, key);
    if (isObject(origV) && isObject(patchV)) {
      original[key] = sub.strategy === 'replace' ? patchV : mergeMap(origV, patchV, sub);
    } else if (Array.isArray(origV) && Array.isArray(patchV)) {
      original[key] =
        sub.strategy === 'merge' ? mergeSlice(origV, patchV, sub, isDeleteList) : patchV;
    } else {
      original[key] = patchV;
    }
  }
  for (const [key, order, before] of orders) {
    applySetElementOrder(original, key, order, before, fieldMeta(meta, key));
  }
  return original;
}

// IgnoreUnmatchedNulls drops nulls inside values new to the original; directive keys there
// would be dropped when the result is decoded into the typed object, so they go too.
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k in v) {
      const x = v[k];
      if (x !== null && !k.startsWith('$')) out[k] = stripNulls(x);
    }
    return out;
  }
  return v;
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(retainKeysDirective in patch)) return;
  const list = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(list))
    throw new StrategicMergePatchError('invalid patch format of retainKeys');
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix)) continue;
    if (!keep.has(k)) throw new StrategicMergePatchError('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  meta: PatchMeta,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const elements = [...original, ...patch];
  const mapsOnly = elements.every(isObject);
  if (!mapsOnly) {
    if (elements.some((e) => isObject(e) || Array.isArray(e))) {
      throw new StrategicMergePatchError('lists of lists or mixed lists are not supported');
    }
    if (isDeleteList) return original.filter((v) => !patch.some((p) => jsonEqual(p, v)));
    const out: unknown[] = [];
    for (const v of elements) if (!out.some((o) => jsonEqual(o, v))) out.push(v);
    return out;
  }
  const mergeKey = meta.mergeKey;
  if (!mergeKey)
    throw new StrategicMergePatchError('cannot merge lists without merge key for type map');
  let merged = original as JsonObject[];
  const plain: JsonObject[] = [];
  let replace = false;
  for (const v of patch as JsonObject[]) {
    if (!(directiveMarker in v)) {
      plain.push(v);
      continue;
    }
    const directive = v[directiveMarker];
    if (directive === 'delete') {
      if (!(mergeKey in v))
        throw new StrategicMergePatchError('delete patch type with no merge key defined');
      merged = merged.filter((o) => !jsonEqual(o[mergeKey], v[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, v);
    }
  }
  if (replace) return plain;
  for (const v of plain) {
    if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
    const i = merged.findIndex((o) => jsonEqual(o[mergeKey], v[mergeKey]));
    if (i >= 0) merged[i] = mergeMap(merged[i], v, meta);
    else merged.push(stripNulls(v) as JsonObject);
  }
  return merged;
}

// normalizeElementOrder: items named in $setElementOrder follow that order; items only on
// the server keep their places relative to the original list (mergeSortedSlice).
function applySetElementOrder(
  original: JsonObject,
  key: string,
  order: unknown[],
  serverOrder: unknown[],
  meta: PatchMeta,
): void {
  const list = original[key];
  if (!Array.isArray(list)) return;
  const mergeKey = meta.mergeKey;
  const identity = (v: unknown) => (mergeKey && isObject(v) ? v[mergeKey] : v);
  const indexIn = (arr: unknown[], v: unknown) =>
    arr.findIndex((o) => jsonEqual(identity(o), identity(v)));
  const patchItems = list.filter((v) => indexIn(order, v) >= 0);
  const serverOnly = list.filter((v) => indexIn(order, v) < 0);
  patchItems.sort((a, b) => indexIn(order, a) - indexIn(order, b));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]);
    else if (j >= patchItems.length) out.push(serverOnly[i++]);
    else {
      const li = indexIn(serverOrder, serverOnly[i]);
      const ri = indexIn(serverOrder, patchItems[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  original[key] = out;
}
