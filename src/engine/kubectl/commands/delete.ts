// kubectl delete (pkg/cmd/delete/delete.go, delete_flags.go).
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { parseDuration } from '../command';
import { hasReason, KubectlError } from '../errors';
import { objectNamespace, readFilenames } from '../manifest';
import { kindPrefix, parseResourceArgs } from '../resource-args';
import { resourcePath } from '../rest';
import { type DeletedObject, waitForDeletion } from '../wait';
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

// delete.go deleteResource: the uid the server answered with, so the wait knows the object
function deletedUid(body: unknown): string | undefined {
  const b = body as { metadata?: { uid?: string }; details?: { uid?: string } } | undefined;
  return b?.metadata?.uid ?? b?.details?.uid;
}

function deleteOne(
  inv: Invocation,
  info: ResourceInfo,
  ns: string | undefined,
  name: string,
  options: Record<string, unknown>,
  errors: unknown[],
  deleted: DeletedObject[],
): void {
  try {
    const body = inv.client.delete(info, ns, name, options);
    deleted.push({ info, namespace: ns, name, uid: deletedUid(body) });
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
  const deleted: DeletedObject[] = [];
  const files = inv.flags.strings('filename');
  if (files.length > 0) {
    for (const m of readFilenames(files, inv.stdin)) {
      const ns = objectNamespace(m, inv.namespace, inv.explicitNamespace);
      deleteOne(inv, m.info, ns, m.obj.metadata?.name ?? '', options, errors, deleted);
    }
    flushErrors(inv, errors);
    return waitForAll(inv, deleted);
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
      for (const n of r.names) deleteOne(inv, r.info, inv.namespace, n, options, errors, deleted);
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
    for (const o of list.items) {
      const name = o.metadata.name ?? '';
      deleteOne(inv, r.info, o.metadata.namespace, name, options, errors, deleted);
    }
  }
  flushErrors(inv, errors);
  waitForAll(inv, deleted);
}

// delete.go DeleteResult: with --wait (the default) kubectl returns once every deleted object
// is gone; --timeout bounds the wait (0: no bound).
function waitForAll(inv: Invocation, deleted: DeletedObject[]): void {
  if (!inv.flags.bool('wait') || deleted.length === 0) return;
  const timeout = parseDuration(inv.flags.string('timeout')) ?? 0;
  for (const d of deleted) waitForDeletion(inv, d, timeout);
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
