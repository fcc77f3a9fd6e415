// kubectl delete (pkg/cmd/delete/delete.go, delete_flags.go).
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { parseDuration } from '../command';
import { hasReason, KubectlError } from '../errors';
import { objectNamespace, readFilenames } from '../manifest';
import { kindPrefix, parseResourceArgs } from '../resource-args';
import { resourcePath } from '../rest';
import { flushErrors } from './apply';

// delete_flags.go: --cascade background|foreground|orphan (booleans deprecated)
function propagationPolicy(cascade: string): string {
  switch (cascade) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
  }
  throw new KubectlError(
    `error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`,
  );
}

function deleteOne(
  inv: Invocation,
  info: ResourceInfo,
  ns: string | undefined,
  name: string,
  options: Record<string, unknown>,
  errors: unknown[],
): void {
  try {
    inv.client.delete(info, ns, name, options);
    // delete.go printDeletion: the lower-case group kind, `deployment.apps "web" deleted`
    inv.out.out(`${kindPrefix(info)} ${JSON.stringify(name)} deleted\n`);
  } catch (e) {
    if (hasReason(e, 'NotFound') && inv.flags.bool('ignore-not-found')) return;
    errors.push(e);
  }
}

function run(inv: Invocation): void {
  const policy = propagationPolicy(inv.flags.string('cascade'));
  let grace = inv.flags.int('grace-period');
  if (inv.flags.bool('now')) {
    if (inv.flags.changed('grace-period') && grace !== 1)
      throw new KubectlError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (inv.flags.bool('force') && grace === -1) grace = 0;
  const options: Record<string, unknown> = { propagationPolicy: policy };
  if (grace >= 0) options.gracePeriodSeconds = grace;
  const errors: unknown[] = [];
  const files = inv.flags.strings('filename');
  if (files.length > 0) {
    for (const m of readFilenames(files, inv.stdin)) {
      const ns = objectNamespace(m, inv.namespace, inv.explicitNamespace);
      deleteOne(inv, m.info, ns, m.obj.metadata?.name ?? '', options, errors);
    }
    return flushErrors(inv, errors);
  }
  const requests = parseResourceArgs(inv.args, inv.commandPath);
  if (requests.length === 0) {
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const selector = inv.flags.string('selector');
  const all = inv.flags.bool('all');
  const allNamespaces = inv.flags.bool('all-namespaces');
  for (const r of requests) {
    if (r.names.length > 0) {
      if (selector)
        throw new KubectlError('error: name cannot be provided when a selector is specified');
      for (const n of r.names) deleteOne(inv, r.info, inv.namespace, n, options, errors);
      continue;
    }
    if (!selector && !all && !inv.flags.string('field-selector')) {
      throw new KubectlError('error: resource(s) were provided, but no name was specified');
    }
    const query: Record<string, string> = {};
    if (selector) query.labelSelector = selector;
    if (inv.flags.string('field-selector'))
      query.fieldSelector = inv.flags.string('field-selector');
    const list = inv.client.send({
      method: 'GET',
      path: resourcePath(r.info, allNamespaces ? undefined : inv.namespace),
      query,
    }) as { items: KubeObject[] };
    if (list.items.length === 0 && !inv.flags.bool('ignore-not-found')) {
      inv.out.err(
        allNamespaces || !r.info.namespaced
          ? 'No resources found\n'
          : `No resources found in ${inv.namespace} namespace.\n`,
      );
    }
    for (const o of list.items)
      deleteOne(inv, r.info, o.metadata.namespace, o.metadata.name ?? '', options, errors);
  }
  const wait = parseDuration(inv.flags.string('timeout'));
  void wait;
  flushErrors(inv, errors);
}

export const deleteCommand: Command = {
  name: 'delete',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'now', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'wait', type: 'bool', default: true },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run,
};
