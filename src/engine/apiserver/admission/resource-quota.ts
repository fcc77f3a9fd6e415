// ResourceQuota (k8s.io/apiserver pkg/admission/plugin/resourcequota/controller.go with the pod
// and object-count evaluators of pkg/quota/v1/evaluator/core). Simplified: usage is summed live
// from the apiserver cache instead of read from status.used (which the resourcequota controller
// maintains and admission increments), so no quota status is written here; only CREATE is
// charged; scopes cover Terminating/NotTerminating/BestEffort/NotBestEffort/PriorityClass.
import type { KubeObject } from '../../api/types';
import type { Quantity } from '../../api/quantity';
import { cmpQuantity, fromValue, quantityString } from '../../api/quantity';
import { admissionForbidden } from './errors';
import type { ResourceList } from './resource-list';
import { addLists, maskList, parseResourceList, podLimits, podRequests } from './resource-list';
import type { AdmissionAttributes, AdmissionContext, ValidatingPlugin } from './types';

const one = (): Quantity => fromValue(1);

// pods.go podResources (hugepages and extended resources are not modelled)
const podResources = new Set([
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);
// "if a quota tracks cpu or memory related resources, the incoming pod is required to have those
// values set" — a backward-compatibility mistake upstream keeps
const validationSet = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);
// core evaluators that count objects under their legacy names too (core/registry.go)
const legacyCountNames: Record<string, string> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  services: 'services',
};

interface Container {
  name: string;
  resources?: { requests?: unknown; limits?: unknown };
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  activeDeadlineSeconds?: number;
  priorityClassName?: string;
}

/** podComputeUsageHelper: pods=1 plus cpu/memory/ephemeral-storage requests and limits. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: one() };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r]) {
      out[r] = requests[r];
      out[`requests.${r}`] = requests[r];
    }
    if (limits[r]) out[`limits.${r}`] = limits[r];
  }
  return out;
}

// QuotaV1Pod: terminal pods and pods past their deletion grace period are not charged
function chargedForCompute(pod: KubeObject, now: number): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (deletionTimestamp && deletionGracePeriodSeconds !== undefined) {
    return now <= Date.parse(deletionTimestamp) + deletionGracePeriodSeconds * 1000;
  }
  return true;
}

/** PodUsageFunc: count/pods always, compute resources while the pod is alive. */
export function podUsage(pod: KubeObject, now: number): ResourceList {
  const usage: ResourceList = { 'count/pods': one() };
  if (!chargedForCompute(pod, now)) return usage;
  const spec = (pod.spec ?? {}) as PodSpec;
  return addLists(usage, computeUsage(podRequests(spec), podLimits(spec)));
}

function isBestEffort(spec: PodSpec): boolean {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].every(
    (c) =>
      Object.keys(parseResourceList(c.resources?.requests)).length === 0 &&
      Object.keys(parseResourceList(c.resources?.limits)).length === 0,
  );
}

interface ScopeSelector {
  scopeName: string;
  operator: string;
  values?: string[];
}

function quotaScopes(quota: KubeObject): ScopeSelector[] {
  const spec = (quota.spec ?? {}) as {
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopeSelector[] };
  };
  return [
    ...(spec.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(spec.scopeSelector?.matchExpressions ?? []),
  ];
}

function podMatchesScope(pod: KubeObject, scope: ScopeSelector): boolean {
  const spec = (pod.spec ?? {}) as PodSpec;
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
  switch (scope.scopeName) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return isBestEffort(spec);
    case 'NotBestEffort':
      return !isBestEffort(spec);
    case 'PriorityClass': {
      const name = spec.priorityClassName ?? '';
      if (scope.operator === 'Exists') return name !== '';
      if (scope.operator === 'DoesNotExist') return name === '';
      const listed = (scope.values ?? []).includes(name) && name !== '';
      return scope.operator === 'In' ? listed : !listed;
    }
    default:
      return false;
  }
}

const countName = (attrs: AdmissionAttributes) =>
  attrs.group ? `count/${attrs.resource}.${attrs.group}` : `count/${attrs.resource}`;

/** The resource names a quota's hard limits track for this kind of object (MatchingResources). */
function matchingResources(attrs: AdmissionAttributes, hard: ResourceList): string[] {
  const names = Object.keys(hard);
  if (attrs.group === '' && attrs.resource === 'pods')
    return names.filter((n) => podResources.has(n));
  const legacy = attrs.group === '' ? legacyCountNames[attrs.resource] : undefined;
  return names.filter((n) => n === countName(attrs) || n === legacy);
}

function objectUsage(attrs: AdmissionAttributes, obj: KubeObject, now: number): ResourceList {
  if (attrs.group === '' && attrs.resource === 'pods') return podUsage(obj, now);
  const usage: ResourceList = { [countName(attrs)]: one() };
  const legacy = attrs.group === '' ? legacyCountNames[attrs.resource] : undefined;
  if (legacy) usage[legacy] = one();
  return usage;
}

// pods.go Constraints → enforcePodContainerConstraints
function podConstraints(required: string[], pod: KubeObject): string | undefined {
  const requiredSet = required.filter((r) => validationSet.has(r));
  const missing = new Map<string, Set<string>>();
  const spec = (pod.spec ?? {}) as PodSpec;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const usage = computeUsage(
      parseResourceList(c.resources?.requests),
      parseResourceList(c.resources?.limits),
    );
    for (const r of requiredSet) {
      if (usage[r]) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(c.name);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

// prettyPrint: name=value pairs in name order
const prettyPrint = (list: ResourceList) =>
  Object.keys(list)
    .sort()
    .map((k) => `${k}=${quantityString(list[k])}`)
    .join(',');

/** The namespace's current usage of what the quota tracks, summed from the cache. */
function currentUsage(
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
  quota: KubeObject,
  tracked: string[],
): ResourceList {
  const scopes = quotaScopes(quota);
  let used: ResourceList = {};
  for (const obj of ctx.reader.list(attrs.resource, attrs.namespace)) {
    if (attrs.resource === 'pods' && !scopes.every((s) => podMatchesScope(obj, s))) continue;
    used = addLists(used, maskList(objectUsage(attrs, obj, ctx.now()), tracked));
  }
  for (const name of tracked) used[name] ??= fromValue(0);
  return used;
}

/** The ResourceQuota plugin (validating phase, last before persistence). */
export const resourceQuota: ValidatingPlugin = {
  name: 'ResourceQuota',
  handles: (operation) => operation === 'CREATE',
  validate(attrs, ctx) {
    if (
      attrs.operation !== 'CREATE' ||
      attrs.subresource !== '' ||
      !attrs.object ||
      !attrs.namespace
    ) {
      return undefined;
    }
    const isPod = attrs.group === '' && attrs.resource === 'pods';
    const quotas = [...ctx.reader.list('resourcequotas', attrs.namespace)].sort((a, b) =>
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
    const interesting: { quota: KubeObject; hard: ResourceList; tracked: string[] }[] = [];
    for (const quota of quotas) {
      const status = (quota.status ?? {}) as { hard?: unknown };
      const hard = parseResourceList(
        status.hard ?? (quota.spec as { hard?: unknown } | undefined)?.hard,
      );
      const tracked = matchingResources(attrs, hard);
      if (tracked.length === 0) continue;
      const scopes = quotaScopes(quota);
      // object-count evaluators match no scopes; pods must match every scope
      if (scopes.length && (!isPod || !scopes.every((s) => podMatchesScope(attrs.object!, s))))
        continue;
      if (isPod) {
        const missing = podConstraints(tracked, attrs.object);
        if (missing)
          return admissionForbidden(attrs, `failed quota: ${quota.metadata.name}: ${missing}`);
      }
      interesting.push({ quota, hard, tracked });
    }
    const delta = objectUsage(attrs, attrs.object, ctx.now());
    for (const { quota, hard, tracked } of interesting) {
      const requested = maskList(delta, tracked);
      const used = currentUsage(attrs, ctx, quota, tracked);
      const exceeded = Object.keys(requested).filter((name) => {
        const next = addLists(maskList(used, [name]), maskList(requested, [name]))[name];
        return cmpQuantity(next, hard[name]) > 0;
      });
      if (exceeded.length) {
        return admissionForbidden(
          attrs,
          `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(used, exceeded))}, limited: ${prettyPrint(maskList(hard, exceeded))}`,
        );
      }
    }
    return undefined;
  },
};
