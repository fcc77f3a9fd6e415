import { deepCopy } from '../../api/patch/json-value';
import type { KubeObject } from '../../api/types';
import type { StoredKV } from './backend';

/** Deep-freezes a decoded object: caches share one immutable copy with every reader. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // indexed and for-in walks: Object.values would allocate an array per object decoded
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    else for (const k in value) deepFreeze(value[k]);
  }
  return value;
}

/**
 * The bytes each decoded (frozen) object was read from: etcd3/store.go keeps them beside the
 * object (objState.data) and compares a new encoding with them, not with a re-encoding.
 */
const storedBytes = new WeakMap<KubeObject, string>();

/** Decodes a stored value; resourceVersion is the key's mod_revision, as etcd3/store.go does. */
export function decodeKV(kv: StoredKV): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  // freshly parsed: its metadata takes the revision in place (the same key order as a copy)
  if (obj.metadata) obj.metadata.resourceVersion = String(kv.modRevision);
  else obj.metadata = { resourceVersion: String(kv.modRevision) };
  storedBytes.set(obj, kv.value);
  return deepFreeze(obj);
}

/**
 * Encodes an object for etcd: resourceVersion is never stored, it is the revision itself. An
 * object decoded from etcd encodes as the bytes it was read from.
 */
export function encodeObject(obj: KubeObject): string {
  const stored = storedBytes.get(obj);
  if (stored !== undefined) return stored;
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return flat(JSON.stringify({ ...obj, metadata }));
}

/**
 * The string as one flat sequence: V8's JSON.stringify returns a rope of its builder's parts
 * (a node and a header per part), and etcd keeps every value until compaction; reading a
 * character flattens a rope in place and lets its parts go.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/**
 * A mutable deep copy, for handlers that change an object before writing it; stored objects
 * are plain JSON values, which a recursive copy handles several times faster than structuredClone.
 */
export function clone<T>(value: T): T {
  return deepCopy(value);
}

/** Drops keys whose value is undefined (Go's omitempty on the wire). */
export function stripUndefined(o: Record<string, unknown>): void {
  // for-in, not entries: every update strips its metadata
  for (const k in o) if (o[k] === undefined) delete o[k];
}
