// Plain JSON helpers shared by the patch implementations.

/** A JSON object (never an array or null). */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value, so patches never share structure with their inputs. */
export function deepCopy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  // index and for-in loops: no entry pairs or callbacks allocated per value copied
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepCopy(v[i]);
    return out as T;
  }
  const out: JsonObject = {};
  for (const k in v) out[k] = deepCopy((v as JsonObject)[k]);
  return out as T;
}

/** Structural JSON equality (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // index and for-in loops: no key arrays or callbacks allocated per comparison
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    let keys = 0;
    for (const k in a) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(a[k], b[k])) return false;
      keys++;
    }
    for (const k in b) if (Object.prototype.hasOwnProperty.call(b, k)) keys--;
    return keys === 0;
  }
  return false;
}

/** Go's %v rendering of a decoded JSON value, as upstream error messages print them. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  }
  return String(v);
}
