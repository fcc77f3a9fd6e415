// kubectl describe (pkg/cmd/describe/describe.go): resolves the objects as the resource builder
// does, describes each with its kind's describer (../describe) and, for `describe TYPE PREFIX`
// that finds nothing, every object whose name starts with the prefix.
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import type { DescribeContext } from '../describe';
import { describeResource } from '../describe';
import { hasReason, KubectlError } from '../errors';
import { objectNamespace, readFilenames } from '../manifest';
import { parseResourceArgs } from '../resource-args';
import { resourcePath } from '../rest';
import { flushErrors } from './apply';

/** One object the builder found (a resource.Info). */
interface Info {
  info: ResourceInfo;
  namespace: string;
  name: string;
}

// builder.go: names are fetched one by one, a bare type is listed (label selector, -A)
function builderInfos(inv: Invocation, errors: unknown[]): Info[] {
  const infos: Info[] = [];
  const files = inv.flags.strings('filename');
  if (files.length > 0) {
    for (const m of readFilenames(files, inv.stdin)) {
      const namespace = objectNamespace(m, inv.namespace, inv.explicitNamespace) ?? '';
      try {
        const obj = inv.client.get(m.info, namespace, m.obj.metadata.name ?? '');
        infos.push({ info: m.info, namespace, name: obj.metadata.name ?? '' });
      } catch (e) {
        errors.push(e);
      }
    }
  }
  for (const r of parseResourceArgs(inv.args, inv.commandPath)) {
    if (r.names.length > 0) {
      for (const name of r.names) {
        try {
          const obj = inv.client.get(r.info, inv.namespace, name);
          infos.push({ info: r.info, namespace: obj.metadata.namespace ?? '', name });
        } catch (e) {
          errors.push(e);
        }
      }
      continue;
    }
    infos.push(...listInfos(inv, r.info));
  }
  return infos;
}

function listInfos(inv: Invocation, info: ResourceInfo, selector = true): Info[] {
  const query: Record<string, string> = {};
  if (selector && inv.flags.string('selector')) query.labelSelector = inv.flags.string('selector');
  const ns = inv.flags.bool('all-namespaces') && selector ? undefined : inv.namespace;
  const list = inv.client.send({ method: 'GET', path: resourcePath(info, ns), query }) as {
    items?: KubeObject[];
  };
  return (list.items ?? []).map((o) => ({
    info,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
  }));
}

function describeContext(inv: Invocation): DescribeContext {
  return {
    client: inv.client,
    now: inv.ctx.now(),
    showEvents: inv.flags.bool('show-events'),
    chunkSize: Number(inv.flags.string('chunk-size')) || 500,
  };
}

// describe.go DescribeMatchingResources: every object of the type whose name has the prefix
function describeMatching(inv: Invocation, original: unknown, type: string, prefix: string): void {
  const [r] = parseResourceArgs([type], inv.commandPath);
  const ctx = describeContext(inv);
  let found = false;
  for (const i of listInfos(inv, r.info, false)) {
    if (!i.name.startsWith(prefix)) continue;
    found = true;
    inv.out.out(`${describeResource(ctx, i.info, i.namespace, i.name)}\n`);
  }
  if (!found) throw original;
}

function run(inv: Invocation): void {
  if (inv.args.length === 0 && inv.flags.strings('filename').length === 0) {
    throw new KubectlError(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  const errors: unknown[] = [];
  const infos = builderInfos(inv, errors);
  // a single NotFound for `describe TYPE NAME` falls back to prefix matching
  if (
    errors.length === 1 &&
    hasReason(errors[0], 'NotFound') &&
    inv.args.length === 2 &&
    !inv.args[0].includes('/') &&
    infos.length === 0
  ) {
    describeMatching(inv, errors[0], inv.args[0], inv.args[1]);
    return;
  }
  const ctx = describeContext(inv);
  const seen = new Set<string>();
  let first = true;
  for (const i of infos) {
    let text: string;
    try {
      text = describeResource(ctx, i.info, i.namespace, i.name);
    } catch (e) {
      const key = e instanceof Error ? e.message : String(e);
      if (!seen.has(key)) errors.push(e);
      seen.add(key);
      continue;
    }
    // describe.go: objects are separated by two newlines
    inv.out.out(first ? text : `\n\n${text}`);
    first = false;
  }
  if (infos.length === 0 && errors.length === 0) {
    inv.out.err(
      inv.flags.bool('all-namespaces')
        ? 'No resources found\n'
        : `No resources found in ${inv.namespace} namespace.\n`,
    );
  }
  flushErrors(inv, errors);
}

export const describeCommand: Command = {
  name: 'describe',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'chunk-size', type: 'string', default: '500' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
  ],
  run,
};
