// JSON merge patch (RFC 7386), as `application/merge-patch+json` applies it
// (evanphx/json-patch MergePatch, used by k8s.io/apiserver handlers/patch.go).
import { deepCopy, isObject, type JsonObject } from './json-value';

/**
 * Applies an RFC 7386 merge patch without mutating either input:
 * objects merge key by key, `null` deletes a key, anything else (arrays included) replaces.
 * `jsonMergePatch({a: 1, b: {c: 2}}, {b: {c: null, d: 3}})` → `{a: 1, b: {d: 3}}`.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepCopy(patch);
  const result: JsonObject = isObject(target) ? deepCopy(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}
