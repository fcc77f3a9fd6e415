// The Kubernetes protobuf envelope (apimachinery runtime/serializer/protobuf: the "k8s\0" magic
// and a runtime.Unknown) for the authorization.k8s.io/v1 reviews, which typed clients such as
// kubectl auth can-i send as protobuf; field numbers from k8s.io/api authorization/v1
// generated.proto. Other protobuf bodies are still refused by the caller.
import type { KubeObject } from '../api/types';

type Fields = Map<number, (string | number[])[]>;

// Reads one message's fields: varints as numbers are skipped, length-delimited values kept
// as byte arrays (wire type 2); anything else ends the parse.
function readFields(bytes: readonly number[]): Fields | undefined {
  const fields: Fields = new Map();
  let i = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; i < bytes.length && shift < 35; shift += 7) {
      const b = bytes[i++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  while (i < bytes.length) {
    const key = varint();
    if (key === undefined) return undefined;
    const wire = key % 8;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      if (varint() === undefined) return undefined;
    } else if (wire === 2) {
      const length = varint();
      if (length === undefined || i + length > bytes.length) return undefined;
      const value = bytes.slice(i, i + length);
      i += length;
      fields.set(field, [...(fields.get(field) ?? []), value]);
    } else return undefined;
  }
  return fields;
}

const text = (bytes: string | number[] | undefined): string =>
  bytes === undefined
    ? ''
    : typeof bytes === 'string'
      ? bytes
      : new TextDecoder().decode(new Uint8Array(bytes));

const sub = (fields: Fields | undefined, n: number): Fields | undefined => {
  const value = fields?.get(n)?.[0];
  return value === undefined || typeof value === 'string' ? undefined : readFields(value);
};

// gogo-protobuf writes every string field, even empty; JSON clients omit empty ones
function strings(fields: Fields | undefined, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((name, index) => {
    const value = text(fields?.get(index + 1)?.[0]);
    if (value) out[name] = value;
  });
  return out;
}

// ResourceAttributes 1..7 and NonResourceAttributes 1..2
const RESOURCE_ATTRIBUTES = [
  'namespace',
  'verb',
  'group',
  'version',
  'resource',
  'subresource',
  'name',
];
const NON_RESOURCE_ATTRIBUTES = ['path', 'verb'];

function accessReviewSpec(spec: Fields | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const resource = sub(spec, 1);
  if (resource) out.resourceAttributes = strings(resource, RESOURCE_ATTRIBUTES);
  const nonResource = sub(spec, 2);
  if (nonResource) out.nonResourceAttributes = strings(nonResource, NON_RESOURCE_ATTRIBUTES);
  // SubjectAccessReviewSpec: user = 3, groups = 4 (repeated), uid = 6
  const user = text(spec?.get(3)?.[0]);
  if (user) out.user = user;
  const groups = (spec?.get(4) ?? []).map(text);
  if (groups.length) out.groups = groups;
  const uid = text(spec?.get(6)?.[0]);
  if (uid) out.uid = uid;
  return out;
}

/**
 * Decodes a protobuf-encoded authorization.k8s.io/v1 review (body as the bridge's string, one
 * character per byte below 0x80); undefined for anything else.
 */
export function decodeReviewProtobuf(body: string): KubeObject | undefined {
  if (!body.startsWith('k8s\0')) return undefined;
  const bytes: number[] = [];
  for (const ch of body.slice(4)) {
    const code = ch.charCodeAt(0);
    if (code > 0xff) return undefined;
    bytes.push(code);
  }
  // runtime.Unknown: typeMeta = 1 (apiVersion = 1, kind = 2), raw = 2
  const unknown = readFields(bytes);
  const typeMeta = sub(unknown, 1);
  const apiVersion = text(typeMeta?.get(1)?.[0]);
  const kind = text(typeMeta?.get(2)?.[0]);
  const raw = sub(unknown, 2);
  if (apiVersion !== 'authorization.k8s.io/v1' || !raw) return undefined;
  // every review: metadata = 1 (ObjectMeta namespace = 3), spec = 2
  const namespace = text(sub(raw, 1)?.get(3)?.[0]);
  const metadata = namespace ? { namespace } : {};
  const spec = sub(raw, 2);
  switch (kind) {
    case 'SelfSubjectRulesReview':
      return { apiVersion, kind, metadata, spec: strings(spec, ['namespace']) };
    case 'SelfSubjectAccessReview':
    case 'SubjectAccessReview':
    case 'LocalSubjectAccessReview':
      return { apiVersion, kind, metadata, spec: accessReviewSpec(spec) };
  }
  return undefined;
}
