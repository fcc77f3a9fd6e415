// The fieldValidation query parameter of create, update and patch requests, and what a strict
// decoding error becomes under each directive (k8s.io/apiserver pkg/endpoints/handlers).
import { newBadRequest, newInvalid } from '../api/errors';
import { notSupported } from '../api/field';
import type { RequestContext } from './context';
import { rootStruct, strictDecode } from './schema/strict-decode';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

// apimachinery meta/v1/validation: allowedFieldValidationValues, listed sorted
const ALLOWED = ['', 'Ignore', 'Strict', 'Warn'];

const OPTIONS_KIND: Readonly<Record<string, string>> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
};

/**
 * The request's directive: Warn when the parameter is absent (handlers/rest.go
 * fieldValidation); any other value is a 422 on the request's options.
 */
export function fieldValidationOf(ctx: RequestContext): FieldValidation {
  const value = ctx.query.fieldValidation ?? '';
  if (!ALLOWED.includes(value)) {
    // ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions
    throw newInvalid(
      { group: 'meta.k8s.io', kind: OPTIONS_KIND[ctx.info.verb] ?? 'CreateOptions' },
      '',
      [notSupported('fieldValidation', value, ALLOWED)],
    );
  }
  return (value || 'Warn') as FieldValidation;
}

/**
 * Decodes `obj` into its kind's structs (create.go / update.go): a wrong type is a 400 under
 * every directive; unknown fields are a 400 under Strict, a warning under Warn, silent under
 * Ignore, and dropped from `obj` unless the request fails; so are `duplicates` (repeated keys
 * of a JSON text, which decoding resolves to the last one).
 */
export function decodeStrictly(
  ctx: RequestContext,
  obj: Record<string, unknown>,
  group: string,
  kind: string,
  version: string,
  duplicates: readonly string[] = [],
): void {
  const directive = fieldValidationOf(ctx);
  const root = rootStruct(group, kind);
  if (!root) return;
  const { error, strict: unknown } = strictDecode(root, obj, directive !== 'Strict');
  const strict = [...duplicates, ...unknown];
  // handlers/rest.go transformDecodeError
  const cannot = `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: `;
  if (error !== undefined) throw newBadRequest(cannot + error);
  if (strict.length === 0) return;
  // apimachinery runtime.strictDecodingError: the errors joined with ", "
  if (directive === 'Strict')
    throw newBadRequest(`${cannot}strict decoding error: ${strict.join(', ')}`);
  if (directive === 'Warn') ctx.warnings.push(...strict);
}

/** A Warning header value: `299 - "unknown field \"spec.replica\""` (util/net NewWarningHeader). */
export function warningHeader(warnings: readonly string[]): string {
  return warnings.map((w) => `299 - "${w.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(', ');
}
