// Reading -f input as kubectl's resource builder does: YAML or JSON, several documents, `kind:
// List` flattened. Everything is parsed before anything is sent.
import { parseAllDocuments } from 'yaml';
import { resourceForKind } from '../api/resources';
import type { KubeObject, ResourceInfo } from '../api/types';
import { KubectlError } from './errors';

export interface ManifestObject {
  obj: KubeObject;
  info: ResourceInfo;
  source: string;
}

// libyaml's wording for the problems people make most (the npm parser words them differently).
function goYamlProblem(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'found character that cannot start any token';
  if (code === 'MISSING_CHAR' || (code === 'UNEXPECTED_TOKEN' && /quot/.test(message)))
    return 'found unexpected end of stream';
  if (code === 'BAD_INDENT' && /sequence/.test(message))
    return "did not find expected '-' indicator";
  if (
    /compact mappings|Implicit keys|Nested mappings/i.test(message) ||
    code === 'BLOCK_AS_IMPLICIT_KEY'
  ) {
    return 'mapping values are not allowed in this context';
  }
  return 'did not find expected key';
}

/** Parses a manifest; throws kubectl's `error parsing STDIN: ...` for bad YAML or JSON. */
export function parseManifest(text: string, source = 'STDIN'): ManifestObject[] {
  const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
  const values: unknown[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) {
      // libyaml counts lines from the start of the document being converted
      let start = doc.range?.[0] ?? 0;
      // the decoder splits at `---` lines, so the separator is not part of the document
      if (text.startsWith('---', start)) start = text.indexOf('\n', start) + 1;
      const line = text.slice(start, Math.max(start, err.pos[0])).split('\n').length;
      throw new KubectlError(
        `error: error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${goYamlProblem(err.code, err.message)}`,
      );
    }
    const v: unknown = doc.toJS();
    if (v === null || v === undefined) continue;
    values.push(v);
  }
  const objects: KubeObject[] = [];
  for (const v of values) {
    const o = v as KubeObject & { items?: unknown[] };
    if (typeof o !== 'object' || Array.isArray(o)) {
      throw new KubectlError(
        `error: error parsing ${source}: json: cannot unmarshal ${Array.isArray(o) ? 'array' : typeof o} into Go value of type map[string]interface {}`,
      );
    }
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      objects.push(...(o.items as KubeObject[]));
    } else objects.push(o);
  }
  return objects.map((obj) => {
    if (!obj.kind) {
      throw new KubectlError(
        `error: error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    if (!obj.apiVersion) {
      throw new KubectlError(
        `error: error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      );
    }
    const info = resourceForKind(obj.apiVersion, obj.kind);
    if (!info) {
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
      throw new KubectlError(
        `error: resource mapping not found for name: ${JSON.stringify(meta.name ?? '')} namespace: ${JSON.stringify(meta.namespace ?? '')} from ${JSON.stringify(source)}: no matches for kind ${JSON.stringify(obj.kind)} in version ${JSON.stringify(obj.apiVersion)}\nensure CRDs are installed first`,
      );
    }
    return { obj, info, source };
  });
}

/** Reads -f: only `-` (stdin) exists in the simulation. */
export function readFilenames(filenames: string[], stdin: string | undefined): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const f of filenames) {
    if (f !== '-') throw new KubectlError(`error: the path ${JSON.stringify(f)} does not exist`);
    out.push(...parseManifest(stdin ?? ''));
  }
  if (out.length === 0) throw new KubectlError('error: no objects passed to apply');
  return out;
}

/** The namespace an object goes to; a conflicting -n is kubectl's error. */
export function objectNamespace(
  m: ManifestObject,
  namespace: string,
  explicit: boolean,
): string | undefined {
  if (!m.info.namespaced) return undefined;
  const own = m.obj.metadata?.namespace;
  if (own && explicit && own !== namespace) {
    throw new KubectlError(
      `error: the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return own || namespace;
}
