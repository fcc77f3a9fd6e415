// Resource lists (corev1.ResourceList) on exact quantities, and a pod's aggregated requests and
// limits as component-helpers resource.PodRequests/PodLimits compute them (no pod overhead,
// no pod-level resources, no in-place resize status).
import type { Quantity } from '../../api/quantity';
import { addQuantity, cmpQuantity, quantityString, tryParseQuantity } from '../../api/quantity';

export type ResourceList = Record<string, Quantity>;

/** Parses a JSON resource map; unparsable values are skipped (validation rejects them). */
export function parseResourceList(raw: unknown): ResourceList {
  const out: ResourceList = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const q = tryParseQuantity(String(value));
    if (q) out[name] = q;
  }
  return out;
}

/** quota.Add: the union, summing shared keys. */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [name, q] of Object.entries(b)) out[name] = out[name] ? addQuantity(out[name], q) : q;
  return out;
}

/** quota.Max: the union, keeping the larger value of shared keys. */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [name, q] of Object.entries(b)) {
    if (!out[name] || cmpQuantity(q, out[name]) > 0) out[name] = q;
  }
  return out;
}

/** quota.Mask: only the named resources. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = {};
  for (const name of names) if (list[name]) out[name] = list[name];
  return out;
}

/** A JSON resource map in canonical quantity strings. */
export function formatResourceList(list: ResourceList): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([k, q]) => [k, quantityString(q)]));
}

interface ContainerLike {
  restartPolicy?: string;
  resources?: { requests?: unknown; limits?: unknown };
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
}

// AggregateContainerRequests/Limits: containers and sidecars run together; each classic init
// container runs alone next to the sidecars started before it
function aggregate(spec: PodSpecLike, field: 'requests' | 'limits'): ResourceList {
  let total: ResourceList = {};
  for (const c of spec.containers ?? [])
    total = addLists(total, parseResourceList(c.resources?.[field]));
  let sidecars: ResourceList = {};
  let initMax: ResourceList = {};
  for (const c of spec.initContainers ?? []) {
    let own = parseResourceList(c.resources?.[field]);
    if (c.restartPolicy === 'Always') {
      total = addLists(total, own);
      sidecars = addLists(sidecars, own);
      own = sidecars;
    } else {
      own = addLists(own, sidecars);
    }
    initMax = maxLists(initMax, own);
  }
  return maxLists(total, initMax);
}

/** The pod's effective requests. */
export const podRequests = (spec: PodSpecLike): ResourceList => aggregate(spec, 'requests');

/** The pod's effective limits. */
export const podLimits = (spec: PodSpecLike): ResourceList => aggregate(spec, 'limits');
