// ObjectMeta checks on create and update (apimachinery pkg/api/validation/objectmeta.go).
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { forbidden, invalid, required } from '../field';
import type { FieldError, Path } from '../field';
import { validateAnnotations, validateLabels } from './labels';
import { isDNS1123Label, isQualifiedName } from './names';
import type { NameValidator } from './names';

export const FIELD_IMMUTABLE = 'field is immutable'; // fieldImmutableErrorMsg
export const IS_NEGATIVE = 'must be greater than or equal to 0'; // isNegativeErrorMsg

/** JSON with object keys sorted: equal values give equal text (Semantic.DeepEqual). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/**
 * Whether two values have the same canonical JSON (Semantic.DeepEqual); structurally equal
 * plain values, the usual case on an update, are recognized without serializing them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return plainEqual(a, b) || canonicalJson(a) === canonicalJson(b);
}

// Strict structural equality of plain JSON values; anything else (NaN, undefined array items,
// non-plain objects) is left to the canonical comparison.
function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // members set to undefined are absent in JSON
  let defined = 0;
  for (const k of Object.keys(ra)) {
    const v = ra[k];
    if (v === undefined) continue;
    defined++;
    if (!Object.hasOwn(rb, k) || !plainEqual(v, rb[k])) return false;
  }
  for (const k of Object.keys(rb)) if (rb[k] !== undefined) defined--;
  return defined === 0;
}

function isPlain(o: object): boolean {
  const proto = Object.getPrototypeOf(o) as unknown;
  return proto === Object.prototype || proto === null;
}

const same = sameJson;

/** ValidateImmutableField: `Invalid value: <new>: field is immutable` when it changed. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: Path): FieldError[] {
  return same(newVal ?? null, oldVal ?? null)
    ? []
    : [invalid(path, newVal ?? null, FIELD_IMMUTABLE)];
}

/** ValidateNonnegativeField. */
export function validateNonnegative(value: number | undefined, path: Path): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

/**
 * ValidateObjectMeta: name (or generateName) checked by `nameFn`, namespace required for
 * namespaced kinds and forbidden otherwise, labels, annotations, finalizers.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
  path: Path,
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true))
      errs.push(invalid(path.child('generateName'), m.generateName, msg));
  }
  if (!m.name) errs.push(required(path.child('name'), 'name or generateName is required'));
  else for (const msg of nameFn(m.name, false)) errs.push(invalid(path.child('name'), m.name, msg));
  if (namespaced) {
    if (!m.namespace) errs.push(required(path.child('namespace')));
    else
      for (const msg of isDNS1123Label(m.namespace))
        errs.push(invalid(path.child('namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(m.generation, path.child('generation')));
  errs.push(...validateLabels(m.labels, path.child('labels')));
  errs.push(...validateAnnotations(m.annotations, path.child('annotations')));
  (m.finalizers ?? []).forEach((f, i) => {
    for (const msg of isQualifiedName(f))
      errs.push(invalid(path.child('finalizers').index(i), f, msg));
  });
  return errs;
}

/**
 * ValidateObjectMetaUpdate: resourceVersion required, generation not decremented, identity
 * fields immutable, labels and annotations valid. The caller fills resourceVersion for
 * unconditional updates first, as the registry does.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  path: Path,
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (!n.resourceVersion)
    errs.push(
      invalid(
        path.child('resourceVersion'),
        n.resourceVersion ?? '',
        'must be specified for an update',
      ),
    );
  if ((n.generation ?? 0) < (o.generation ?? 0))
    errs.push(invalid(path.child('generation'), n.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(n.name, o.name, path.child('name')));
  errs.push(...validateImmutableField(n.namespace, o.namespace, path.child('namespace')));
  errs.push(...validateImmutableField(n.uid, o.uid, path.child('uid')));
  errs.push(
    ...validateImmutableField(
      n.creationTimestamp,
      o.creationTimestamp,
      path.child('creationTimestamp'),
    ),
  );
  errs.push(
    ...validateImmutableField(
      n.deletionTimestamp,
      o.deletionTimestamp,
      path.child('deletionTimestamp'),
    ),
  );
  errs.push(
    ...validateImmutableField(
      n.deletionGracePeriodSeconds,
      o.deletionGracePeriodSeconds,
      path.child('deletionGracePeriodSeconds'),
    ),
  );
  errs.push(...validateLabels(n.labels, path.child('labels')));
  errs.push(...validateAnnotations(n.annotations, path.child('annotations')));
  return errs;
}
