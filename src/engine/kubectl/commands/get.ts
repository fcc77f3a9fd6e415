// kubectl get (kubectl pkg/cmd/get/get.go): server-side Tables for people, objects for -o.
import { apiVersionOf } from '../../api/resources';
import type { Table } from '../../api/printers/types';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { parseDuration } from '../command';
import { errorMessage, hasReason, KubectlError } from '../errors';
import {
  parseOutputFormat,
  printObjects,
  withoutManagedFields,
  type OutputFormat,
} from '../printing';
import {
  kindPrefix,
  multipleTypesRequested,
  parseResourceArgs,
  type ResourceRequest,
} from '../resource-args';
import { resourcePath, TABLE_ACCEPT } from '../rest';
import { formatTabbed, GET_TABWRITER } from '../tabwriter';
import { tableLines, type TablePrintOptions } from '../table-printer';

// How long `get -w` watches when --request-timeout is not set: the simulation cannot block
// forever, so a watch runs for this much virtual time and returns what arrived.
export const DEFAULT_WATCH_MS = 5_000;

// get.go: chunk size default 500
const CHUNK_SIZE = '500';

interface Fetched {
  info: ResourceInfo;
  table?: Table;
  objects: KubeObject[];
  resourceVersion?: string;
}

function listQuery(inv: Invocation): Record<string, string> {
  const q: Record<string, string> = { limit: CHUNK_SIZE };
  const l = inv.flags.string('selector');
  const f = inv.flags.string('field-selector');
  if (l) q.labelSelector = l;
  if (f) q.fieldSelector = f;
  return q;
}

function fetch(
  inv: Invocation,
  info: ResourceInfo,
  names: string[],
  human: boolean,
  errors: unknown[],
): Fetched {
  const ns = inv.flags.bool('all-namespaces') ? undefined : inv.namespace;
  const headers = human ? { Accept: TABLE_ACCEPT } : undefined;
  const typed = (o: KubeObject): KubeObject => ({
    ...o,
    apiVersion: apiVersionOf(info),
    kind: info.kind,
  });
  if (names.length === 0) {
    const body = inv.client.send({
      method: 'GET',
      path: resourcePath(info, ns),
      query: listQuery(inv),
      headers,
    }) as { items?: KubeObject[]; rows?: unknown[]; metadata?: { resourceVersion?: string } };
    if (human)
      return {
        info,
        table: body as unknown as Table,
        objects: [],
        resourceVersion: body.metadata?.resourceVersion,
      };
    return {
      info,
      objects: (body.items ?? []).map(typed),
      resourceVersion: body.metadata?.resourceVersion,
    };
  }
  const out: Fetched = { info, objects: [] };
  for (const name of names) {
    try {
      const body = inv.client.send({
        method: 'GET',
        path: resourcePath(info, inv.namespace, name),
        headers,
      });
      if (human) {
        const t = body as Table;
        if (!out.table) out.table = { ...t, rows: [...t.rows] };
        else out.table.rows.push(...t.rows);
      } else out.objects.push(typed(body as KubeObject));
    } catch (e) {
      if (hasReason(e, 'NotFound') && inv.flags.bool('ignore-not-found')) continue;
      errors.push(e);
    }
  }
  return out;
}

function printHuman(
  inv: Invocation,
  fetched: Fetched[],
  format: { wide: boolean },
  withKind: boolean,
  remembered?: number[],
): number {
  const blocks: string[] = [];
  let rows = 0;
  for (const f of fetched) {
    if (!f.table || f.table.rows.length === 0) continue;
    rows += f.table.rows.length;
    const options: TablePrintOptions = {
      noHeaders: inv.flags.bool('no-headers'),
      wide: format.wide,
      withNamespace: inv.flags.bool('all-namespaces') && f.info.namespaced,
      withKind: withKind ? kindPrefix(f.info) : undefined,
      showLabels: inv.flags.bool('show-labels'),
      labelColumns: inv.flags.strings('label-columns'),
    };
    blocks.push(formatTabbed(tableLines(f.table, options), GET_TABWRITER, remembered));
  }
  inv.out.out(blocks.join('\n'));
  return rows;
}

function watchEvents(
  inv: Invocation,
  f: Fetched,
  names: string[],
  format: OutputFormat,
  withKind: boolean,
  remembered: number[],
): void {
  const timeout = parseDuration(inv.flags.string('request-timeout')) ?? 0;
  const ns = inv.flags.bool('all-namespaces') ? undefined : inv.namespace;
  const query = { ...listQuery(inv) };
  delete query.limit;
  // a named watch is a list watch narrowed to the name (resource builder's singleItemImplied)
  if (names.length === 1) query.fieldSelector = `metadata.name=${names[0]}`;
  if (f.resourceVersion) query.resourceVersion = f.resourceVersion;
  const human = format.kind === 'human';
  const result = inv.ctx.watch(
    {
      method: 'GET',
      path: resourcePath(f.info, ns),
      query,
      headers: human ? { Accept: TABLE_ACCEPT } : undefined,
    },
    timeout > 0 ? timeout : DEFAULT_WATCH_MS,
  );
  for (const ev of result.events) {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
    const obj = ev.object as Table & KubeObject;
    if (human) {
      if (obj.kind !== 'Table') continue;
      const lines = tableLines(
        { ...obj, columnDefinitions: f.table?.columnDefinitions ?? obj.columnDefinitions },
        {
          noHeaders: true,
          wide: format.kind === 'human' && format.wide,
          withNamespace: inv.flags.bool('all-namespaces') && f.info.namespaced,
          withKind: withKind ? kindPrefix(f.info) : undefined,
          showLabels: inv.flags.bool('show-labels'),
        },
      );
      // get.go watch: one tab writer for the whole watch, flushed after every event
      inv.out.out(formatTabbed(lines, GET_TABWRITER, remembered));
    } else {
      const typed = { ...obj, apiVersion: apiVersionOf(f.info), kind: f.info.kind } as KubeObject;
      inv.out.out(printObjects(format, [{ obj: typed, info: f.info }], false));
    }
  }
}

// get.go watch: the current objects (unless --watch-only), then each change as it comes; an
// empty list prints nothing, not "No resources found".
function watch(inv: Invocation, format: OutputFormat, requests: ResourceRequest[]): void {
  if (requests.length !== 1) {
    throw new KubectlError('error: you may only specify a single resource type');
  }
  const [r] = requests;
  const human = format.kind === 'human';
  const errors: unknown[] = [];
  const f = fetch(inv, r.info, r.names, human, errors);
  if (errors.length > 0) throw errors[0];
  const withKind = inv.flags.bool('show-kind');
  const remembered: number[] = [];
  if (!inv.flags.bool('watch-only')) {
    if (human) printHuman(inv, [f], format, withKind, remembered);
    else {
      const objects = f.objects.map((obj) => ({
        obj: inv.flags.bool('show-managed-fields') ? obj : withoutManagedFields(obj),
        info: f.info,
      }));
      if (objects.length > 0) inv.out.out(printObjects(format, objects, true));
    }
  }
  watchEvents(inv, f, r.names, format, withKind, remembered);
}

function run(inv: Invocation): void {
  const format = parseOutputFormat(inv.flags.string('output'));
  const requests = parseResourceArgs(inv.args, inv.commandPath);
  if (requests.length === 0) {
    inv.out.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
    );
    throw new KubectlError(
      `error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
    );
  }
  if (inv.flags.bool('watch') || inv.flags.bool('watch-only')) return watch(inv, format, requests);
  const human = format.kind === 'human';
  const errors: unknown[] = [];
  const fetched: Fetched[] = [];
  for (const r of requests) {
    try {
      fetched.push(fetch(inv, r.info, r.names, human, errors));
    } catch (e) {
      if (fetched.length === 0 && errors.length === 0) throw e;
      errors.push(e);
    }
  }
  const withKind = inv.flags.bool('show-kind') || multipleTypesRequested(inv.args);
  const namedSingle = requests.length === 1 && requests[0].names.length === 1;
  let count = 0;
  if (human) count = printHuman(inv, fetched, format, withKind);
  else {
    const objects = fetched.flatMap((f) =>
      f.objects.map((obj) => ({
        obj: inv.flags.bool('show-managed-fields') ? obj : withoutManagedFields(obj),
        info: f.info,
      })),
    );
    count = objects.length;
    if (!(namedSingle && objects.length === 0)) {
      inv.out.out(printObjects(format, objects, !namedSingle));
    }
  }
  for (const e of errors) {
    inv.out.err(errorMessage(e));
    inv.out.exitCode = 1;
  }
  if (human && count === 0 && errors.length === 0) {
    const namespaced = !inv.flags.bool('all-namespaces') && fetched.every((f) => f.info.namespaced);
    if (!requests.every((r) => r.names.length > 0)) {
      inv.out.err(
        namespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n',
      );
    }
  }
}

export const getCommand: Command = {
  name: 'get',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'watch-only', type: 'bool' },
    { name: 'show-labels', type: 'bool' },
    { name: 'show-kind', type: 'bool' },
    { name: 'label-columns', short: 'L', type: 'stringSlice' },
    { name: 'no-headers', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'filename', short: 'f', type: 'stringSlice' },
  ],
  run,
};
