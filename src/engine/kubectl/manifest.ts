// Reading -f input as kubectl's resource builder does: YAML or JSON, several documents, `kind:
// List` flattened. Everything is parsed before anything is sent.
import { GoYamlError, parseYamlDocuments } from '../api/go-yaml';
import { resourceForKind } from '../api/resources';
import type { KubeObject, ResourceInfo } from '../api/types';
import { KubectlError } from './errors';

export interface ManifestObject {
  obj: KubeObject;
  info: ResourceInfo;
  source: string;
}

/** Parses a manifest; throws kubectl's `error parsing STDIN: ...` for bad YAML or JSON. */
export function parseManifest(text: string, source = 'STDIN'): ManifestObject[] {
  let values: unknown[];
  try {
    // sigs.k8s.io/yaml YAMLToJSON: a repeated key keeps its last value
    values = parseYamlDocuments(text, { uniqueKeys: false });
  } catch (e) {
    if (!(e instanceof GoYamlError)) throw e;
    throw new KubectlError(
      `error: error parsing ${source}: error converting YAML to JSON: ${e.message}`,
    );
  }
  const objects: KubeObject[] = [];
  for (const v of values) {
    const o = v as KubeObject & { items?: unknown[] };
    if (typeof o !== 'object' || Array.isArray(o)) {
      throw new KubectlError(
        `error: error parsing ${source}: json: cannot unmarshal ${goJsonType(o)} into Go value of type map[string]interface {}`,
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

// encoding/json UnmarshalTypeError names JSON values as Go does: bool, not boolean.
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v;
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
