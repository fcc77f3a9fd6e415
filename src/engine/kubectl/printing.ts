// The -o output formats kubectl get (and the mutating commands) accept.
import type { KubeObject, ResourceInfo } from '../api/types';
import { toJson, toYaml } from './encode';
import { KubectlError } from './errors';
import { executeJsonPath, JsonPathError } from './jsonpath';
import { kindPrefix } from './resource-args';

/** cli-runtime's allowed formats list, as the unknown-format error prints it. */
const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type OutputFormat =
  | { kind: 'human'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string };

/** Parses -o; `humanAllowed` is false for commands that only print names/objects. */
export function parseOutputFormat(o: string, humanAllowed = true): OutputFormat {
  if (o === '' && humanAllowed) return { kind: 'human', wide: false };
  if (o === 'wide' && humanAllowed) return { kind: 'human', wide: true };
  if (o === 'yaml') return { kind: 'yaml' };
  if (o === 'json') return { kind: 'json' };
  if (o === 'name') return { kind: 'name' };
  const m = /^jsonpath=(.*)$/s.exec(o);
  if (m) return { kind: 'jsonpath', template: m[1] };
  throw new KubectlError(
    `error: unable to match a printer suitable for the output format ${JSON.stringify(o)}, allowed formats are: ${ALLOWED_FORMATS}`,
  );
}

/** Strips what `kubectl get` hides unless --show-managed-fields. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** A kubectl `kind: List` of objects (apiVersion and kind set on each item). */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Prints objects in a non-human format; one object alone unless `forceList`. */
export function printObjects(
  format: OutputFormat,
  objects: { obj: KubeObject; info: ResourceInfo }[],
  forceList: boolean,
): string {
  switch (format.kind) {
    case 'name':
      return objects.map(({ obj, info }) => `${kindPrefix(info)}/${obj.metadata.name}\n`).join('');
    case 'human':
      throw new Error('human output goes through the table printer');
    default: {
      const data =
        !forceList && objects.length === 1 ? objects[0].obj : asList(objects.map((o) => o.obj));
      if (format.kind === 'yaml') return toYaml(data);
      if (format.kind === 'json') return toJson(data);
      try {
        return executeJsonPath(format.template, data);
      } catch (e) {
        if (e instanceof JsonPathError)
          throw new KubectlError(
            `error: error executing jsonpath ${JSON.stringify(format.template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${format.template}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(data)}\n\n`,
          );
        throw e;
      }
    }
  }
}
