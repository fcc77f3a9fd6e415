// Field paths and field-level validation errors, after apimachinery
// pkg/util/validation/field (path.go, errors.go) and pkg/util/errors (aggregate).

/** A path to a field: `spec.containers[0].image`, `metadata.labels[app]`. */
export class Path {
  private constructor(
    private readonly parent: Path | undefined,
    private readonly name: string,
    private readonly indexOrKey: string,
  ) {}

  /** A root path from one or more field names: `fieldPath('spec', 'containers')`. */
  static of(name: string, ...more: string[]): Path {
    let p = new Path(undefined, name, '');
    for (const n of more) p = p.child(n);
    return p;
  }

  /** A child field, possibly several levels deep. */
  child(name: string, ...more: string[]): Path {
    let p = new Path(this, name, '');
    for (const n of more) p = new Path(p, n, '');
    return p;
  }

  /** A list element: `[3]`. */
  index(i: number): Path {
    return new Path(this, '', String(i));
  }

  /** A map entry: `[app]` (the key is not quoted, as upstream). */
  key(k: string): Path {
    return new Path(this, '', k);
  }

  // path.go String(): names joined by '.', indexes and keys as [x]
  toString(): string {
    const elems: Path[] = [this];
    while (elems[0].parent) elems.unshift(elems[0].parent);
    let out = '';
    for (const p of elems) {
      if (p.parent && p.name.length > 0) out += '.';
      out += p.name.length > 0 ? p.name : `[${p.indexOrKey}]`;
    }
    return out;
  }
}

/** Shorthand for `Path.of`. */
export function fieldPath(name: string, ...more: string[]): Path {
  return Path.of(name, ...more);
}

/** field.ErrorType values; these are also the StatusCause `reason` strings. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** Marks a bad value that must not be printed (field.omitValue). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

/** One field-level validation error (field.Error). */
export interface FieldError {
  type: FieldErrorType;
  /** the rendered path, e.g. `spec.containers[0].image` ('' for the whole object) */
  field: string;
  badValue: unknown;
  detail: string;
}

export type FieldErrorList = FieldError[];

// errors.go ErrorType.String()
const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

const p = (path: Path | string): string => (typeof path === 'string' ? path : path.toString());

/** field.Required: `<path>: Required value[: detail]`. */
export function required(path: Path | string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field: p(path), badValue: '', detail };
}

/** field.Invalid: `<path>: Invalid value: <value>[: detail]`. */
export function invalid(path: Path | string, value: unknown, detail = ''): FieldError {
  return { type: 'FieldValueInvalid', field: p(path), badValue: value, detail };
}

/** field.NotSupported: the detail lists the supported values, each quoted, in the given order. */
export function notSupported(
  path: Path | string,
  value: unknown,
  validValues: readonly string[],
): FieldError {
  const detail =
    validValues.length > 0
      ? 'supported values: ' + validValues.map((v) => goQuote(v)).join(', ')
      : '';
  return { type: 'FieldValueNotSupported', field: p(path), badValue: value, detail };
}

/** field.Duplicate: `<path>: Duplicate value: <value>`. */
export function duplicate(path: Path | string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field: p(path), badValue: value, detail: '' };
}

/** field.NotFound: `<path>: Not found: <value>`. */
export function notFound(path: Path | string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field: p(path), badValue: value, detail: '' };
}

/** field.Forbidden: `<path>: Forbidden[: detail]`. */
export function forbidden(path: Path | string, detail = ''): FieldError {
  return { type: 'FieldValueForbidden', field: p(path), badValue: '', detail };
}

/** field.TooLong: `<path>: Too long: may not be more than N bytes` (value never printed). */
export function tooLong(path: Path | string, maxLength: number): FieldError {
  const detail =
    maxLength >= 0
      ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`
      : 'value is too long';
  return { type: 'FieldValueTooLong', field: p(path), badValue: '<value omitted>', detail };
}

/** field.TooMany: `<path>: Too many: 5: must have at most 3 items`. */
export function tooMany(path: Path | string, actual: number, max: number): FieldError {
  const detail =
    max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return {
    type: 'FieldValueTooMany',
    field: p(path),
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail,
  };
}

/** field.InternalError: `<path>: Internal error: <message>`. */
export function internalError(path: Path | string, message: string): FieldError {
  return { type: 'InternalError', field: p(path), badValue: message, detail: message };
}

/** field.TypeInvalid: rendered like Invalid. */
export function typeInvalid(path: Path | string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field: p(path), badValue: value, detail };
}

/**
 * The message without the field path (Error.ErrorBody), e.g. `Unsupported value: "x": supported
 * values: "TCP", "UDP"`.
 */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  // errors.go: Required/Forbidden/TooLong/Internal never print the value
  const printsValue = ![
    'FieldValueRequired',
    'FieldValueForbidden',
    'FieldValueTooLong',
    'InternalError',
  ].includes(e.type);
  if (printsValue && e.badValue !== OMIT_VALUE) s += ': ' + renderValue(e.badValue);
  if (e.detail.length > 0) s += ': ' + e.detail;
  return s;
}

/** `<path>: <body>` (Error.Error). */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/**
 * ErrorList.ToAggregate().Error(): one message alone, or `[a, b]` for several distinct ones;
 * '' for none. Duplicates (same text) are reported once.
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const msg = errorString(e);
    if (!seen.includes(msg)) seen.push(msg);
  }
  if (seen.length === 0) return '';
  if (seen.length === 1) return seen[0];
  return '[' + seen.join(', ') + ']';
}

// errors.go ErrorBody: numbers and bools with %v, strings with %q, everything else as JSON
function renderValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined || v === null) return 'null';
  return goJson(v);
}

/** Go's %q / strconv.Quote for common strings (JSON escaping, which agrees for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

// encoding/json: map keys sorted, and <, >, & escaped as \u003c, \u003e, \u0026
function goJson(v: unknown): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) out[k] = sortKeys((x as Record<string, unknown>)[k]);
      return out;
    }
    return x;
  };
  return (JSON.stringify(sortKeys(v)) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
