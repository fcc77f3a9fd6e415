// kubectl describe (pkg/describe/describe.go): a generic describer for every kind —
// Name, Namespace, Labels, Annotations, then the object's fields, then its Events.
import { formatLabels } from '../../api/selectors';
import { translateTimestampSince } from '../../api/printers/duration';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { parseResourceArgs } from '../resource-args';
import { resourcePath } from '../rest';
import { DESCRIBE_TABWRITER, formatTabbed } from '../tabwriter';
import { flushErrors } from './apply';

// describe.go printLabelsMultiline: one `key=value` per line, `<none>` when empty.
function multiline(title: string, m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ''}\t${k}=${m![k]}\n`).join('');
}

interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string };
  reportingComponent?: string;
}

// describe.go DescribeEvents: Type, Reason, Age, From, Message.
function events(inv: Invocation, obj: KubeObject): string {
  const selector = [
    `involvedObject.name=${obj.metadata.name}`,
    `involvedObject.namespace=${obj.metadata.namespace ?? ''}`,
    `involvedObject.uid=${obj.metadata.uid ?? ''}`,
  ];
  if (!obj.metadata.namespace) selector.splice(1, 1);
  const list = inv.client.send({
    method: 'GET',
    path: `/api/v1${obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : ''}/events`,
    query: { fieldSelector: selector.join(','), limit: '500' },
  }) as { items: EventLike[] };
  if (list.items.length === 0) return 'Events:\t<none>\n';
  const now = inv.ctx.now();
  let out = 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n';
  for (const e of list.items) {
    const first = e.firstTimestamp ?? e.eventTime;
    const last = e.lastTimestamp ?? e.eventTime;
    let age = translateTimestampSince(last, now);
    if ((e.count ?? 1) > 1)
      age = `${age} (x${e.count} over ${translateTimestampSince(first, now)})`;
    out += `  ${e.type ?? ''}\t${e.reason ?? ''}\t${age}\t${e.source?.component ?? e.reportingComponent ?? ''}\t${(e.message ?? '').trim()}\n`;
  }
  return out;
}

function fields(value: unknown, indent: string): string {
  let out = '';
  if (Array.isArray(value)) {
    for (const v of value) {
      if (v && typeof v === 'object') out += `${indent}-\n` + fields(v, indent + '  ');
      else out += `${indent}${String(v)}\n`;
    }
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const title = k.charAt(0).toUpperCase() + k.slice(1);
    if (v && typeof v === 'object') {
      if (Object.keys(v).length === 0) continue;
      out += `${indent}${title}:\n` + fields(v, indent + '  ');
    } else out += `${indent}${title}:\t${String(v)}\n`;
  }
  return out;
}

/** The generic describe text of one object (Events included). */
export function describeObject(inv: Invocation, info: ResourceInfo, obj: KubeObject): string {
  let out = `Name:\t${obj.metadata.name}\n`;
  if (info.namespaced) out += `Namespace:\t${obj.metadata.namespace}\n`;
  out += multiline('Labels', obj.metadata.labels);
  out += multiline('Annotations', obj.metadata.annotations);
  out += `API Version:\t${obj.apiVersion}\nKind:\t${obj.kind}\n`;
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  out += fields(rest, '');
  out += events(inv, obj);
  return formatTabbed(out, DESCRIBE_TABWRITER);
}

function run(inv: Invocation): void {
  const requests = parseResourceArgs(inv.args, inv.commandPath);
  if (requests.length === 0) {
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const errors: unknown[] = [];
  const texts: string[] = [];
  for (const r of requests) {
    let objects: KubeObject[];
    if (r.names.length > 0) {
      objects = [];
      for (const n of r.names) {
        try {
          objects.push(inv.client.get(r.info, inv.namespace, n));
        } catch (e) {
          errors.push(e);
        }
      }
    } else {
      const query: Record<string, string> = {};
      if (inv.flags.string('selector')) query.labelSelector = inv.flags.string('selector');
      const ns = inv.flags.bool('all-namespaces') ? undefined : inv.namespace;
      objects = (
        inv.client.send({ method: 'GET', path: resourcePath(r.info, ns), query }) as {
          items: KubeObject[];
        }
      ).items;
    }
    for (const o of objects)
      texts.push(
        describeObject(inv, r.info, {
          ...o,
          apiVersion: o.apiVersion ?? '',
          kind: o.kind ?? r.info.kind,
        }),
      );
  }
  // describe.go separates objects with a blank line
  inv.out.out(texts.join('\n\n'));
  if (texts.length === 0 && errors.length === 0)
    inv.out.err(`No resources found in ${inv.namespace} namespace.\n`);
  void formatLabels;
  flushErrors(inv, errors);
}

export const describeCommand: Command = {
  name: 'describe',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'filename', short: 'f', type: 'stringSlice' },
  ],
  run,
};
