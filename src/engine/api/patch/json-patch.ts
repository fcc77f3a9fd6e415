// JSON patch (RFC 6902), as `application/json-patch+json` applies it, with the error texts
// of evanphx/json-patch v4 (patch.go) that the apiserver returns to clients.
import { deepCopy, isObject, jsonEqual, type JsonObject } from './json-value';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

/** A JSON patch could not be applied; `message` is the evanphx/json-patch error text. */
export class JsonPatchError extends Error {
  override name = 'JsonPatchError';
}

// errors.Wrapf(ErrMissing, ...) appends the wrapped error's text.
const missing = (msg: string) => new JsonPatchError(`${msg}: missing value`);
const invalidIndex = (idx: number) =>
  new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);

type Container = JsonObject | unknown[];

// RFC 6901: ~1 is '/', ~0 is '~'.
const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

function parseIndex(key: string): number {
  if (!/^[-+]?\d+$/.test(key)) {
    throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  }
  return Number(key);
}

// findObject: walk to the parent container of the last path segment.
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: unknown = doc;
  for (const part of split.slice(1, -1)) {
    const key = decodeKey(part);
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!/^[-+]?\d+$/.test(key)) return undefined;
      next = cur[Number(key)];
    } else if (isObject(cur)) {
      next = cur[key];
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    cur = next;
  }
  return [cur as Container, decodeKey(split[split.length - 1])];
}

function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return con[key];
  const idx = parseIndex(key);
  if (idx >= con.length || idx < 0) throw invalidIndex(idx);
  return con[idx];
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx: number;
  try {
    idx = parseIndex(key);
  } catch (e) {
    throw new JsonPatchError(
      `value was not a proper array index: '${key}': ${(e as Error).message}`,
    );
  }
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw invalidIndex(idx);
  if (idx < 0) idx += size; // SupportNegativeIndices defaults to true
  con.splice(idx, 0, value);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.prototype.hasOwnProperty.call(con, key)) {
      throw missing(`Unable to remove nonexistent key: ${key}`);
    }
    delete con[key];
    return;
  }
  let idx = parseIndex(key);
  if (idx >= con.length || idx < -con.length) throw invalidIndex(idx);
  if (idx < 0) idx += con.length;
  con.splice(idx, 1);
}

function wrap(e: unknown, prefix: string): JsonPatchError {
  return new JsonPatchError(`${prefix}: ${(e as Error).message}`);
}

function pathOf(op: JsonPatchOperation, name: string): string {
  if (typeof op.path !== 'string') throw missing(`${name} operation failed to decode path`);
  return op.path;
}

function fromOf(op: JsonPatchOperation, name: string): string {
  if (typeof op.from !== 'string') {
    throw new JsonPatchError(
      `${name} operation failed to decode from: operation, missing from field: missing value`,
    );
  }
  return op.from;
}

function applyOne(doc: Container, op: JsonPatchOperation): void {
  switch (op.op) {
    case 'add': {
      const path = pathOf(op, 'add');
      const found = findObject(doc, path);
      if (!found) throw missing(`add operation does not apply: doc is missing path: "${path}"`);
      try {
        add(found[0], found[1], deepCopy(op.value ?? null));
      } catch (e) {
        throw wrap(e, `error in add for path: '${path}'`);
      }
      return;
    }
    case 'remove': {
      const path = pathOf(op, 'remove');
      const found = findObject(doc, path);
      if (!found) throw missing(`remove operation does not apply: doc is missing path: "${path}"`);
      try {
        remove(found[0], found[1]);
      } catch (e) {
        throw wrap(e, `error in remove for path: '${path}'`);
      }
      return;
    }
    case 'replace': {
      const path = pathOf(op, 'replace');
      const found = findObject(doc, path);
      if (!found) throw missing(`replace operation does not apply: doc is missing path: ${path}`);
      const [con, key] = found;
      try {
        get(con, key);
      } catch {
        throw missing(`replace operation does not apply: doc is missing key: ${path}`);
      }
      // v4 quirk: replacing a missing object key adds it.
      if (Array.isArray(con)) con[parseIndex(key)] = deepCopy(op.value ?? null);
      else con[key] = deepCopy(op.value ?? null);
      return;
    }
    case 'move': {
      const from = fromOf(op, 'move');
      const src = findObject(doc, from);
      if (!src) throw missing(`move operation does not apply: doc is missing from path: ${from}`);
      let val: unknown;
      try {
        val = get(src[0], src[1]);
        remove(src[0], src[1]);
      } catch (e) {
        throw wrap(e, `error in move for path: '${src[1]}'`);
      }
      const path = pathOf(op, 'move');
      const dst = findObject(doc, path);
      if (!dst)
        throw missing(`move operation does not apply: doc is missing destination path: ${path}`);
      try {
        add(dst[0], dst[1], val);
      } catch (e) {
        throw wrap(e, `error in move for path: '${path}'`);
      }
      return;
    }
    case 'copy': {
      const from = fromOf(op, 'copy');
      const src = findObject(doc, from);
      if (!src) throw missing(`copy operation does not apply: doc is missing from path: ${from}`);
      let val: unknown;
      try {
        val = get(src[0], src[1]);
      } catch (e) {
        throw wrap(e, `error in copy for from: '${from}'`);
      }
      const path = pathOf(op, 'copy');
      const dst = findObject(doc, path);
      if (!dst)
        throw missing(`copy operation does not apply: doc is missing destination path: ${path}`);
      try {
        add(dst[0], dst[1], deepCopy(val ?? null));
      } catch (e) {
        throw wrap(e, 'error while adding value during copy');
      }
      return;
    }
    case 'test': {
      const path = pathOf(op, 'test');
      const found = findObject(doc, path);
      if (!found) throw missing(`test operation does not apply: is missing path: ${path}`);
      let val: unknown;
      try {
        val = get(found[0], found[1]);
      } catch (e) {
        throw wrap(e, `error in test for path: '${path}'`);
      }
      // A missing key and null compare equal to a null (or absent) value.
      const want = op.value ?? null;
      if ((val ?? null) === null ? want === null : jsonEqual(val, want)) return;
      throw new JsonPatchError(`testing value ${path} failed: test failed`);
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${typeof op.op === 'string' ? op.op : 'unknown'}`);
  }
}

/**
 * Applies RFC 6902 operations in order without mutating the target; throws JsonPatchError
 * with the evanphx/json-patch message on the first failing operation (the apiserver answers
 * it as 422). `jsonPatch({a: [1]}, [{op: 'add', path: '/a/-', value: 2}])` → `{a: [1, 2]}`.
 */
export function jsonPatch(target: unknown, ops: readonly JsonPatchOperation[]): unknown {
  const doc = deepCopy(target);
  if (!isObject(doc) && !Array.isArray(doc)) {
    throw new JsonPatchError('json: cannot unmarshal into a JSON patch document');
  }
  for (const op of ops) applyOne(doc, op);
  return doc;
}
