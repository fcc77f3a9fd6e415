// describe.go NamespaceDescriber: `kubectl describe namespace` — status, conditions, and the
// namespace's resource quotas and limit ranges.
import type { LimitRange, Namespace, ResourceQuota } from 'kubernetes-types/core/v1';
import { normalizeQuantity } from '../../api/quantity';
import { hasReason } from '../errors';
import type { DescribeContext } from './context';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './format';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

function quantity(text: unknown): string {
  if (text === undefined) return '0';
  try {
    return normalizeQuantity(String(text));
  } catch {
    return String(text);
  }
}

/** describe.go DescribeResourceQuotas (scopes' help text is not printed: simplified). */
function describeResourceQuotas(w: PrefixWriter, quotas: ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = [...quotas].sort((a, b) =>
    (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1,
  );
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ''}\n`);
    if (q.spec?.scopes?.length)
      w.write(LEVEL_1, `Scopes:\t${[...q.spec.scopes].sort().join(', ')}\n`);
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = (q.status?.hard ?? {}) as Record<string, unknown>;
    const used = (q.status?.used ?? {}) as Record<string, unknown>;
    for (const r of Object.keys(hard).sort())
      w.write(LEVEL_1, `${r}\t${quantity(used[r])}\t${quantity(hard[r])}\n`);
  }
}

/** describe.go DescribeLimitRanges. */
function describeLimitRanges(w: PrefixWriter, ranges: LimitRange[]): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      const lists = [
        item.min,
        item.max,
        item.defaultRequest,
        item.default,
        item.maxLimitRequestRatio,
      ] as (Record<string, unknown> | undefined)[];
      const names = new Set(lists.flatMap((l) => Object.keys(l ?? {})));
      for (const name of names) {
        const cells = lists.map((l) => (l?.[name] !== undefined ? quantity(l[name]) : '-'));
        w.write(LEVEL_0, ` ${item.type}\t${name}\t${cells.join('\t')}\n`);
      }
    }
  }
}

/** describe.go describeNamespace; undefined lists mean the server does not serve them. */
export function describeNamespace(
  ns: Namespace,
  quotas: ResourceQuota[] | undefined,
  limitRanges: LimitRange[] | undefined,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    if (ns.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of ns.status.conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(w, quotas);
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(w, limitRanges);
    }
  });
}

function listOrUndefined<T>(ctx: DescribeContext, path: string): T[] | undefined {
  try {
    return (
      (
        ctx.client.send({ method: 'GET', path, query: { limit: String(ctx.chunkSize) } }) as {
          items?: T[];
        }
      ).items ?? []
    );
  } catch (err) {
    // the server does not serve this resource: leave the section out
    if (hasReason(err, 'NotFound')) return undefined;
    throw err;
  }
}

/** describe.go NamespaceDescriber.Describe (namespaces have no Events section). */
export function describeNamespaceByName(ctx: DescribeContext, name: string): string {
  const ns = ctx.client.send({ method: 'GET', path: `/api/v1/namespaces/${name}` }) as Namespace;
  const quotas = listOrUndefined<ResourceQuota>(ctx, `/api/v1/namespaces/${name}/resourcequotas`);
  const ranges = listOrUndefined<LimitRange>(ctx, `/api/v1/namespaces/${name}/limitranges`);
  return describeNamespace(ns, quotas, ranges);
}
