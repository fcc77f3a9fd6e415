// kubectl util/resource PodRequestsAndLimits and the quantity sums describe node prints.
import type { Pod } from 'kubernetes-types/core/v1';
import type { Quantity } from '../../api/quantity';
import { addQuantity, cmpQuantity, quantityString, tryParseQuantity } from '../../api/quantity';

/** A resource list as exact quantities. */
export type ResourceTotals = Map<string, Quantity>;

function add(into: ResourceTotals, list: Record<string, unknown> | undefined): void {
  for (const [name, text] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(String(text));
    if (!q) continue;
    const cur = into.get(name);
    into.set(name, cur ? addQuantity(cur, q) : q);
  }
}

function maxInto(into: ResourceTotals, list: Record<string, unknown> | undefined): void {
  for (const [name, text] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(String(text));
    if (!q) continue;
    const cur = into.get(name);
    if (!cur || cmpQuantity(q, cur) > 0) into.set(name, q);
  }
}

/**
 * resourcehelper.PodRequestsAndLimits: the containers' sum, raised to any larger init container
 * value, plus the pod overhead. Simplified: restartable (sidecar) init containers count as
 * ordinary init containers.
 */
export function podRequestsAndLimits(pod: Pod): {
  requests: ResourceTotals;
  limits: ResourceTotals;
} {
  const requests: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  for (const c of pod.spec?.containers ?? []) {
    add(requests, c.resources?.requests);
    add(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    maxInto(requests, c.resources?.requests);
    maxInto(limits, c.resources?.limits);
  }
  add(requests, pod.spec?.overhead);
  add(limits, pod.spec?.overhead);
  return { requests, limits };
}

/** A resource list (`{ cpu: '4', memory: '8Gi' }`) as totals. */
export function toTotals(list: Record<string, unknown> | undefined): ResourceTotals {
  const totals: ResourceTotals = new Map();
  add(totals, list);
  return totals;
}

/** Adds `from` into `into`, as getPodsTotalRequestsAndLimits sums the pods. */
export function addTotals(into: ResourceTotals, from: ResourceTotals): void {
  for (const [name, q] of from) {
    const cur = into.get(name);
    into.set(name, cur ? addQuantity(cur, q) : q);
  }
}

/** Quantity.String() of a total, `0` when the resource is absent. */
export function totalString(totals: ResourceTotals, name: string): string {
  const q = totals.get(name);
  return q ? quantityString(q) : '0';
}

/** MilliValue of a total (0 when absent). */
export function totalMilli(totals: ResourceTotals, name: string): number {
  const q = totals.get(name);
  return q ? Number(q.mantissa) * 10 ** (q.scale + 3) : 0;
}

/** Value of a total (0 when absent). */
export function totalValue(totals: ResourceTotals, name: string): number {
  const q = totals.get(name);
  return q ? Number(q.mantissa) * 10 ** q.scale : 0;
}
