// LimitRanger (plugin/pkg/admission/limitranger/admission.go): the mutating half writes the
// namespace's LimitRange defaults into containers that omit them, the validating half enforces
// min, max and maxLimitRequestRatio per Container, Pod and PersistentVolumeClaim. Upstream
// walks Go maps in random order; constraints here are checked in resource-name order.
import type { KubeObject } from '../../api/types';
import type { Quantity } from '../../api/quantity';
import { milliValue, quantityString } from '../../api/quantity';
import { admissionForbidden, aggregate } from './errors';
import type { ResourceList } from './resource-list';
import { parseResourceList, podLimits, podRequests } from './resource-list';
import type {
  AdmissionAttributes,
  AdmissionContext,
  MutatingPlugin,
  ValidatingPlugin,
} from './types';

const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

interface LimitRangeItem {
  type: string;
  min: ResourceList;
  max: ResourceList;
  default: ResourceList;
  defaultRequest: ResourceList;
  maxLimitRequestRatio: ResourceList;
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

// SetDefaults_LimitRangeItem, applied on read so both defaulted and raw objects work:
// default ← max, defaultRequest ← default, defaultRequest ← min
function limitRangeItems(limitRange: KubeObject): LimitRangeItem[] {
  const limits = (limitRange.spec as { limits?: Record<string, unknown>[] })?.limits ?? [];
  return limits.map((raw) => {
    const item: LimitRangeItem = {
      type: String(raw.type ?? ''),
      min: parseResourceList(raw.min),
      max: parseResourceList(raw.max),
      default: parseResourceList(raw.default),
      defaultRequest: parseResourceList(raw.defaultRequest),
      maxLimitRequestRatio: parseResourceList(raw.maxLimitRequestRatio),
    };
    if (item.type === 'Container') {
      item.default = { ...item.max, ...item.default };
      item.defaultRequest = { ...item.default, ...item.defaultRequest };
      item.defaultRequest = { ...item.min, ...item.defaultRequest };
    }
    return item;
  });
}

function supports(attrs: AdmissionAttributes): boolean {
  if (attrs.subresource !== '' || attrs.group !== '') return false;
  // containers are immutable, so pod updates are neither defaulted nor validated
  if (attrs.resource === 'pods') return attrs.operation === 'CREATE';
  return attrs.resource === 'persistentvolumeclaims';
}

function limitRanges(attrs: AdmissionAttributes, ctx: AdmissionContext): KubeObject[] {
  // objects already marked for deletion are ignored
  if (attrs.oldObject?.metadata.deletionTimestamp) return [];
  return [...ctx.reader.list('limitranges', attrs.namespace)];
}

// mergeContainerResources: limits first, then requests; the annotation lists requests first
function mergeContainer(container: Container, item: LimitRangeItem, prefix: string): string[] {
  const resources = (container.resources ??= {});
  const limits = (resources.limits ??= {});
  const requests = (resources.requests ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [name, q] of Object.entries(item.default)) {
    if (!(name in limits)) {
      limits[name] = quantityString(q);
      setLimits.push(name);
    }
  }
  for (const [name, q] of Object.entries(item.defaultRequest)) {
    if (!(name in requests)) {
      requests[name] = quantityString(q);
      setRequests.push(name);
    }
  }
  const notes: string[] = [];
  if (setRequests.length)
    notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${container.name}`);
  if (setLimits.length)
    notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${container.name}`);
  return notes;
}

function defaultPod(pod: KubeObject, limitRange: KubeObject): void {
  // defaultContainerResourceRequirements: later Container items override earlier ones
  const merged: LimitRangeItem = {
    type: 'Container',
    min: {},
    max: {},
    default: {},
    defaultRequest: {},
    maxLimitRequestRatio: {},
  };
  for (const item of limitRangeItems(limitRange)) {
    if (item.type !== 'Container') continue;
    Object.assign(merged.defaultRequest, item.defaultRequest);
    Object.assign(merged.default, item.default);
  }
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const notes = [
    ...(spec.containers ?? []).flatMap((c) => mergeContainer(c, merged, 'container')),
    ...(spec.initContainers ?? []).flatMap((c) => mergeContainer(c, merged, 'init container')),
  ];
  if (notes.length) {
    pod.metadata.annotations = {
      ...pod.metadata.annotations,
      [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  }
}

/** requestLimitEnforcedValues: everything in milli-units (values fit comfortably). */
const milli = (q: Quantity | undefined) => (q ? milliValue(q) : 0);

function minConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  const e = quantityString(enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(req) < milli(enforced))
    return `minimum ${name} usage per ${type} is ${e}, but request is ${quantityString(req)}`;
  if (lim && milli(lim) < milli(enforced))
    return `minimum ${name} usage per ${type} is ${e}, but limit is ${quantityString(lim)}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  const e = quantityString(enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (milli(lim) > milli(enforced))
    return `maximum ${name} usage per ${type} is ${e}, but limit is ${quantityString(lim)}`;
  if (req && milli(req) > milli(enforced))
    return `maximum ${name} usage per ${type} is ${e}, but request is ${quantityString(req)}`;
  return undefined;
}

// maxRequestConstraint: PVCs only have requests
function maxRequestConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
): string | undefined {
  const req = requests[name];
  const e = quantityString(enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(req) > milli(enforced))
    return `maximum ${name} usage per ${type} is ${e}, but request is ${quantityString(req)}`;
  return undefined;
}

function ratioConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const e = quantityString(enforced);
  const req = milli(requests[name]);
  const lim = milli(limits[name]);
  if (!requests[name] || req === 0)
    return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (!limits[name] || lim === 0)
    return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const ratio = lim / req;
  if (ratio * 1000 > milli(enforced)) {
    return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${ratio.toFixed(6)}`;
  }
  return undefined;
}

const sortedEntries = (list: ResourceList) =>
  Object.entries(list).sort(([a], [b]) => (a < b ? -1 : 1));

function checkItem(item: LimitRangeItem, requests: ResourceList, limits: ResourceList): string[] {
  const errs: (string | undefined)[] = [];
  for (const [n, q] of sortedEntries(item.min))
    errs.push(minConstraint(item.type, n, q, requests, limits));
  for (const [n, q] of sortedEntries(item.max))
    errs.push(maxConstraint(item.type, n, q, requests, limits));
  for (const [n, q] of sortedEntries(item.maxLimitRequestRatio))
    errs.push(ratioConstraint(item.type, n, q, requests, limits));
  return errs.filter((e): e is string => e !== undefined);
}

function validatePod(pod: KubeObject, limitRange: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const errs: string[] = [];
  for (const item of limitRangeItems(limitRange)) {
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        errs.push(
          ...checkItem(
            item,
            parseResourceList(c.resources?.requests),
            parseResourceList(c.resources?.limits),
          ),
        );
      }
    }
    if (item.type === 'Pod') errs.push(...checkItem(item, podRequests(spec), podLimits(spec)));
  }
  return errs;
}

function validateClaim(pvc: KubeObject, limitRange: KubeObject): string[] {
  const requests = parseResourceList(
    (pvc.spec as { resources?: { requests?: unknown } })?.resources?.requests,
  );
  const errs: (string | undefined)[] = [];
  for (const item of limitRangeItems(limitRange)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [n, q] of sortedEntries(item.min))
      errs.push(minConstraint(item.type, n, q, requests, {}));
    for (const [n, q] of sortedEntries(item.max))
      errs.push(maxRequestConstraint(item.type, n, q, requests));
  }
  return errs.filter((e): e is string => e !== undefined);
}

/** LimitRanger's mutating half: LimitRange defaults into pods on create. */
export const limitRangerMutating: MutatingPlugin = {
  name: 'LimitRanger',
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  admit(attrs, ctx) {
    if (!supports(attrs) || attrs.resource !== 'pods' || !attrs.object) return undefined;
    for (const limitRange of limitRanges(attrs, ctx)) defaultPod(attrs.object, limitRange);
    return undefined;
  },
};

/** LimitRanger's validating half: min/max/ratio for pods and claims. */
export const limitRangerValidating: ValidatingPlugin = {
  name: 'LimitRanger',
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  validate(attrs, ctx) {
    if (!supports(attrs) || !attrs.object) return undefined;
    // each LimitRange is checked in turn; the first with violations rejects
    for (const limitRange of limitRanges(attrs, ctx)) {
      const errs =
        attrs.resource === 'pods'
          ? validatePod(attrs.object, limitRange)
          : validateClaim(attrs.object, limitRange);
      if (errs.length) return admissionForbidden(attrs, aggregate(errs));
    }
    return undefined;
  },
};
