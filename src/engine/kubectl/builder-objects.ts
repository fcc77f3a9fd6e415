// The named objects a command acts on, fetched as kubectl's resource builder does
// (cli-runtime resource/builder.go: ResourceTypeOrNameArgs, then a GET of each name).
import type { KubeObject, ResourceInfo } from '../api/types';
import type { Invocation } from './command';
import { KubectlError } from './errors';
import { parseResourceArgs } from './resource-args';
import { resourcePath } from './rest';

/** One object the builder found: its resource, namespace, name and the object as read. */
export interface BuilderObject {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  obj: KubeObject;
}

// builder.go Do: `kubectl rollout status` with no arguments.
export const NO_RESOURCES_ERROR = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** The (type, name) pairs in `args` (`deploy/web`, `deployment web`), without reading them. */
export function namedResources(
  inv: Invocation,
  args: readonly string[],
): { info: ResourceInfo; namespace: string | undefined; name: string }[] {
  const requests = parseResourceArgs(args, inv.commandPath);
  if (requests.length === 0) throw new KubectlError(NO_RESOURCES_ERROR);
  if (requests.some((r) => r.names.length === 0)) {
    throw new KubectlError('error: resource(s) were provided, but no name was specified');
  }
  return requests.flatMap((r) =>
    r.names.map((name) => ({
      info: r.info,
      namespace: r.info.namespaced ? inv.namespace : undefined,
      name,
    })),
  );
}

/** GETs each named object in order; the first failure is thrown as kubectl reports it. */
export function fetchNamed(inv: Invocation, args: readonly string[]): BuilderObject[] {
  return namedResources(inv, args).map((r) => ({
    ...r,
    obj: inv.client.get(r.info, r.namespace, r.name),
  }));
}

/**
 * ResourceTypeOrNameArgs(allowEmptySelector=true), as the rollout commands call it: a type
 * without names (`deployment`, or with -l) lists the objects of that type; names are read.
 */
export function fetchNamedOrListed(inv: Invocation, args: readonly string[]): BuilderObject[] {
  const requests = parseResourceArgs(args, inv.commandPath);
  if (requests.length === 0) throw new KubectlError(NO_RESOURCES_ERROR);
  const selector = inv.flags.string('selector');
  const out: BuilderObject[] = [];
  for (const r of requests) {
    const namespace = r.info.namespaced ? inv.namespace : undefined;
    if (r.names.length > 0) {
      for (const name of r.names) {
        out.push({ info: r.info, namespace, name, obj: inv.client.get(r.info, namespace, name) });
      }
      continue;
    }
    const list = inv.client.send({
      method: 'GET',
      path: resourcePath(r.info, namespace),
      ...(selector ? { query: { labelSelector: selector } } : {}),
    }) as { items?: KubeObject[] };
    // a list's items need not carry their kind; the builder's infos do
    for (const item of list.items ?? []) {
      const obj = { ...item, kind: r.info.kind, apiVersion: inv.client.apiVersion(r.info) };
      out.push({ info: r.info, namespace, name: obj.metadata.name ?? '', obj });
    }
  }
  return out;
}
