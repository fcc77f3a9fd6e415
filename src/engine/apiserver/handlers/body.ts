import { newBadRequest } from '../../api/errors';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { RequestContext } from '../context';
import { decodeBody, duplicateFields } from '../decode';
import { decodeStrictly } from '../field-validation';

/**
 * The request body as an object of the endpoint's kind: missing apiVersion/kind default to
 * the endpoint's (the decoder's default GVK); a different version or kind is a 400.
 */
export function decodeObject(
  ctx: RequestContext,
  resource: ResourceInfo,
  kind = resource.kind,
): KubeObject {
  const raw = ctx.req.body;
  // An in-process client's object goes through JSON as on the wire: one round trip both sizes
  // and copies it, so every body below is freshly decoded and the handler's to change.
  const body =
    raw !== null && typeof raw === 'object'
      ? decodeBody(JSON.stringify(raw), 'application/json')
      : decodeBody(raw, ctx.headers['content-type']);
  if (
    body === undefined ||
    body === null ||
    body === '' ||
    typeof body !== 'object' ||
    Array.isArray(body)
  ) {
    throw newBadRequest(
      `Object 'Kind' is missing in '${typeof body === 'string' ? body : JSON.stringify(body ?? null)}'`,
    );
  }
  const obj = body as KubeObject;
  // meta.Interpret reads apiVersion and kind as strings before anything else
  for (const field of ['apiVersion', 'kind'] as const) {
    const v: unknown = obj[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw newBadRequest(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(v)} into Go struct field .${field} of type string`,
      );
    }
  }
  const expected = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const apiVersion = (obj.apiVersion as string | undefined) || expected;
  if (apiVersion !== expected) {
    throw newBadRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  const actualKind = (obj.kind as string | undefined) || kind;
  if (actualKind !== kind) {
    throw newBadRequest(
      `the kind in the data (${actualKind}) does not match the expected kind (${kind})`,
    );
  }
  decodeStrictly(
    ctx,
    obj as unknown as Record<string, unknown>,
    resource.group,
    actualKind,
    resource.version,
    typeof ctx.req.body === 'string' && !isYaml(ctx.headers['content-type'])
      ? duplicateFields(ctx.req.body)
      : [],
  );
  obj.apiVersion = apiVersion;
  obj.kind = actualKind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  return obj;
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function isYaml(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/yaml';
}
