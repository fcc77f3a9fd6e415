// Resource arguments as kubectl's resource builder reads them (cli-runtime resource/builder.go):
// `pods`, `po nginx web`, `pod/nginx svc/web`, `deploy,svc`, `all`.
import { allResources, resolveResourceName } from '../api/resources';
import type { ResourceInfo } from '../api/types';
import { KubectlError } from './errors';

/** One requested resource type, with the names asked for (none: list them all). */
export interface ResourceRequest {
  info: ResourceInfo;
  names: string[];
}

/** Resolves a type name, or throws kubectl's `the server doesn't have a resource type`. */
export function resolveType(name: string): ResourceInfo[] {
  if (name === 'all') return allResources().filter((r) => r.categories?.includes('all'));
  const info = resolveResourceName(name);
  if (!info)
    throw new KubectlError(
      `error: the server doesn't have a resource type ${JSON.stringify(name)}`,
    );
  return [info];
}

/**
 * Parses the positional arguments of get/describe/delete; `cmd` is e.g. `kubectl get` (for
 * the resource/name message). Types keep the order given, names their order per type.
 */
export function parseResourceArgs(args: readonly string[], cmd: string): ResourceRequest[] {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new KubectlError(
        `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${cmd} resource/<resource_name>' instead of '${cmd} resource resource/<resource_name>'`,
      );
    }
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const [type, name] = [a.slice(0, a.indexOf('/')), a.slice(a.indexOf('/') + 1)];
      if (!type || !name)
        throw new KubectlError(
          `error: arguments in resource/name form must have a single resource and name`,
        );
      const [info] = resolveType(type);
      const existing = out.find((r) => r.info === info);
      if (existing) existing.names.push(name);
      else out.push({ info, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const infos: ResourceInfo[] = [];
  for (const t of types.split(',')) {
    if (t === '') continue;
    for (const i of resolveType(t)) if (!infos.includes(i)) infos.push(i);
  }
  return infos.map((info) => ({ info, names: [...names] }));
}

/** builder.go MultipleTypesRequested: `all`, `a,b` or type/name of several types. */
export function multipleTypesRequested(args: readonly string[]): boolean {
  if (args.length === 1 && args[0] === 'all') return true;
  const kinds = new Set<string>();
  for (const a of args) {
    if (a.includes('/')) kinds.add(a.slice(0, a.indexOf('/')));
    else {
      for (const k of a.split(',')) kinds.add(k);
      break; // names follow the type list
    }
  }
  return kinds.size > 1;
}

/** `pod`, `deployment.apps`: the lower-case group kind kubectl prefixes names with. */
export function kindPrefix(info: ResourceInfo): string {
  return (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase();
}

/** `pods`, `deployments.apps`: the group resource in messages (`pods "x" deleted`). */
export function groupResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}
