// Decoding a request body into its kind's Go structs, as kube-apiserver's JSON serializer does
// with sigs.k8s.io/json: a value of the wrong type is an encoding/json UnmarshalTypeError, and
// fields the struct does not have are strict decoding errors (`unknown field "spec.replica"`).
import { QuantityError, parseQuantity } from '../../api/quantity';
import { ROOTS, STRUCTS } from './field-types';
import { goElementType, goStructName, goTypeOfField } from './go-types';

/** What decoding found: the error that fails it, and the strict errors (unknown fields). */
export interface StrictDecodeResult {
  /** the decoder's error (a wrong type, a bad quantity), which fails the request in every mode */
  error?: string;
  /** `unknown field "spec.replica"`, one per field the kind does not have, in document order */
  strict: string[];
}

const fieldTables = new Map<string, ReadonlyMap<string, string>>();

/** The fields of a struct of the table, parsed once. */
function fieldsOf(struct: string): ReadonlyMap<string, string> {
  let fields = fieldTables.get(struct);
  if (!fields) {
    const table = new Map<string, string>();
    for (const entry of STRUCTS[struct].split(',')) {
      const i = entry.indexOf(':');
      table.set(entry.slice(0, i), entry.slice(i + 1));
    }
    fields = table;
    fieldTables.set(struct, fields);
  }
  return fields;
}

/** The struct a kind decodes into, or undefined for kinds without a table entry. */
export function rootStruct(group: string, kind: string): string | undefined {
  return ROOTS[`${group}/${kind}`];
}

// How encoding/json names a JSON value in `cannot unmarshal <value>`.
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

const INT32 = 2 ** 31;
// Quantities ParseQuantity always accepts (the common shapes), checked without parsing.
const PLAIN_QUANTITY = /^[0-9]{1,15}(\.[0-9]{1,9})?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

interface Walk {
  error?: string;
  /** an Unmarshaler's error ends decoding at once (encoding/json returns it unsaved) */
  fatal?: string;
  strict: string[];
  prune: boolean;
}

/** Go's errorContext: the innermost struct and the JSON names from the root (no indices),
 *  with the field's own name and table code. */
interface Context {
  struct: string;
  stack: string;
  field: string;
  code: string;
}

/**
 * One struct's context, moved from field to field: its stack is spelt out only for a message or
 * a nested struct, not for every field of every body decoded.
 */
class FieldContext implements Context {
  field = '';
  code = '';

  constructor(
    readonly struct: string,
    private readonly parentStack: string,
  ) {}

  get stack(): string {
    return this.parentStack ? `${this.parentStack}.${this.field}` : this.field;
  }
}

const elementCodes = new Map<string, string>();

/** The table code of a list's or map's elements (the code without its `[` or `{`), kept. */
function elementCode(code: string): string {
  let element = elementCodes.get(code);
  if (element === undefined) elementCodes.set(code, (element = code.slice(1)));
  return element;
}

// encoding/json UnmarshalTypeError.Error(), with decode.go addErrorContext's struct and field
function typeMessage(value: string, goType: string, ctx: Context): string {
  return `json: cannot unmarshal ${value} into Go struct field ${goStructName(ctx.struct)}.${ctx.stack} of type ${goType}`;
}

function typeError(w: Walk, value: string, ctx: Context, depth: number): void {
  // encoding/json decode.go saveError keeps only the first error and decoding goes on
  w.error ??= typeMessage(value, goTypeAt(ctx, depth), ctx);
}

// The value an int32 cannot hold, as encoding/json words it (`number 1.5`), or undefined.
function notInt32(v: unknown): string | undefined {
  if (typeof v !== 'number') return jsonKind(v);
  return Number.isInteger(v) && v < INT32 && v >= -INT32 ? undefined : `number ${String(v)}`;
}

// encoding/base64 StdEncoding.Decode: the offset of the first byte it cannot use
function base64Error(s: string): string | undefined {
  const text = s.replace(/[\r\n]/g, '');
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  const pad = text.indexOf('=');
  if (pad >= 0 && (text.length % 4 !== 0 || pad < text.length - 2 || /=[^=]/.test(text)))
    return `illegal base64 data at input byte ${pad}`;
  if (text.length % 4 !== 0)
    return `illegal base64 data at input byte ${text.length - (text.length % 4)}`;
  return undefined;
}

// The Go type of the value at `depth` elements below ctx's field, named only for a message.
function goTypeAt(ctx: Context, depth: number): string {
  let t = goTypeOfField(ctx.struct, ctx.field, ctx.code);
  for (let i = 0; i < depth; i++) t = goElementType(t);
  return t;
}

// Only objects and arrays can hold an unknown field, so only they need their path spelt out.
function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

function value(w: Walk, v: unknown, code: string, ctx: Context, depth: number, path: string): void {
  if (v === null || w.fatal !== undefined) return;
  switch (code[0]) {
    case '[': {
      if (!Array.isArray(v)) return typeError(w, jsonKind(v), ctx, depth);
      const element = elementCode(code);
      for (let i = 0; i < v.length; i++)
        value(w, v[i], element, ctx, depth + 1, isObject(v[i]) ? `${path}[${i}]` : '');
      return;
    }
    case '{': {
      if (typeof v !== 'object' || Array.isArray(v)) return typeError(w, jsonKind(v), ctx, depth);
      const element = elementCode(code);
      const map = v as Record<string, unknown>;
      for (const k in map) {
        const item = map[k];
        value(w, item, element, ctx, depth + 1, isObject(item) ? `${path}.${k}` : '');
      }
      return;
    }
  }
  switch (code) {
    case 's':
      if (typeof v !== 'string') typeError(w, jsonKind(v), ctx, depth);
      return;
    case 'B':
      if (typeof v !== 'string') return typeError(w, jsonKind(v), ctx, depth);
      w.error ??= base64Error(v);
      return;
    case 'b':
      if (typeof v !== 'boolean') typeError(w, jsonKind(v), ctx, depth);
      return;
    case 'i': {
      const bad = notInt32(v);
      if (bad !== undefined) typeError(w, bad, ctx, depth);
      return;
    }
    case 'l':
      if (typeof v !== 'number') return typeError(w, jsonKind(v), ctx, depth);
      if (!Number.isInteger(v)) typeError(w, `number ${String(v)}`, ctx, depth);
      return;
    case 'd':
      if (typeof v !== 'number') typeError(w, jsonKind(v), ctx, depth);
      return;
    case 'q':
      // resource.Quantity UnmarshalJSON: the quoted or bare text, trimmed, through ParseQuantity
      if (typeof v === 'number' || (typeof v === 'string' && PLAIN_QUANTITY.test(v))) return;
      try {
        parseQuantity((typeof v === 'string' ? v : JSON.stringify(v)).trim());
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        w.fatal = e.message;
      }
      return;
    case 'x': {
      // intstr.IntOrString UnmarshalJSON: a string, or json.Unmarshal into its int32
      if (typeof v === 'string') return;
      const bad = notInt32(v);
      if (bad !== undefined) w.fatal = typeMessage(bad, 'int32', ctx);
      return;
    }
    case 't':
      // metav1.Time UnmarshalJSON: json.Unmarshal into a string first
      if (typeof v !== 'string') w.fatal = typeMessage(jsonKind(v), 'string', ctx);
      return;
    case '*':
      return;
  }
  if (typeof v !== 'object' || Array.isArray(v)) return typeError(w, jsonKind(v), ctx, depth);
  struct(w, v as Record<string, unknown>, code, ctx.stack, path);
}

function struct(
  w: Walk,
  obj: Record<string, unknown>,
  name: string,
  stack: string,
  path: string,
): void {
  const fields = fieldsOf(name);
  const ctx = new FieldContext(name, stack);
  // for-in over the decoded body's own keys; deleting the key being visited is safe
  for (const key in obj) {
    const code = fields.get(key);
    if (code === undefined) {
      w.strict.push(`unknown field ${JSON.stringify(path ? `${path}.${key}` : key)}`);
      // the typed object has nowhere to keep it: it never reaches storage
      if (w.prune) delete obj[key];
      continue;
    }
    const item = obj[key];
    ctx.field = key;
    ctx.code = code;
    value(w, item, code, ctx, 0, isObject(item) ? (path ? `${path}.${key}` : key) : '');
    if (w.fatal !== undefined) return;
  }
}

/**
 * Checks `obj` against the Go structs of `root` (see rootStruct) the way the strict JSON
 * decoder does; with `prune`, unknown fields are removed from `obj`, as decoding drops them.
 *
 * @example strictDecode('Deployment', { spec: { replica: 2 } }, false).strict
 *   // ['unknown field "spec.replica"']
 */
export function strictDecode(
  root: string,
  obj: Record<string, unknown>,
  prune: boolean,
): StrictDecodeResult {
  const w: Walk = { strict: [], prune };
  struct(w, obj, root, '', '');
  const error = w.fatal ?? w.error;
  return error === undefined ? { strict: w.strict } : { error, strict: w.strict };
}
