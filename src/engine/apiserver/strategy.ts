import type { Job } from 'kubernetes-types/batch/v1';
import type { Service } from 'kubernetes-types/core/v1';

import { generateJobSelector } from '../api/defaults';
import type { KubeObject, ResourceInfo } from '../api/types';
import { podQOSClass } from './qos';
import { dropTypeDependentFields } from './service-strategy';
import { encodeBase64 } from '../util/base64';
import { stripUndefined } from './storage/codec';

// Resources whose metadata.generation counts spec changes (their strategies set it:
// pkg/registry/apps/*/strategy.go, batch/job, policy/poddisruptionbudget).
const GENERATION_RESOURCES = new Set([
  'deployments',
  'replicasets',
  'daemonsets',
  'statefulsets',
  'jobs',
  'poddisruptionbudgets',
  'replicationcontrollers',
]);

export function hasStatusSubresource(info: ResourceInfo): boolean {
  return info.subresources.includes('status');
}

/** PrepareForCreate: what the registry strategy resets before validation. */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject): void {
  if (GENERATION_RESOURCES.has(info.resource)) obj.metadata.generation = 1;
  // A client cannot create an object with status (strategies reset it), except nodes
  // (kubelets register with their status) and the few that have no status subresource.
  if (hasStatusSubresource(info) && info.resource !== 'nodes') delete obj.status;
  switch (info.resource) {
    case 'pods': {
      // pkg/registry/core/pod/strategy.go: Status = {Phase: Pending, QOSClass: GetPodQOS(pod)}
      obj.status = { phase: 'Pending', qosClass: podQOSClass(obj) };
      break;
    }
    case 'secrets':
      mergeStringData(obj);
      break;
    case 'jobs':
      // pkg/registry/batch/job/strategy.go PrepareForCreate: generateSelector (needs the uid).
      generateJobSelector(obj as unknown as Job);
      obj.status = {};
      break;
    case 'namespaces': {
      obj.status = { phase: 'Active' };
      const spec = (obj.spec ?? {}) as { finalizers?: string[] };
      if (!spec.finalizers?.includes('kubernetes'))
        spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
      obj.spec = spec;
      break;
    }
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
      obj.status = {};
      break;
    case 'daemonsets':
      obj.status = {};
      setTemplateGeneration(obj, 1);
      break;
  }
}

/**
 * PrepareForUpdate: an update of the main resource cannot change status, an update of
 * /status cannot change anything but status; generation counts spec changes.
 */
export function prepareForUpdate(
  info: ResourceInfo,
  obj: KubeObject,
  old: KubeObject,
  subresource: string,
): void {
  if (subresource === 'finalize') {
    // namespaces/finalize changes nothing but spec.finalizers (namespace FinalizeREST).
    const finalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
    for (const key of Object.keys(obj)) delete obj[key];
    Object.assign(obj, structuredClone(old));
    obj.spec = { ...(old.spec as object), finalizers: finalizers ?? [] };
    return;
  }
  if (subresource === 'status') {
    const status = obj.status;
    for (const key of Object.keys(obj)) if (key !== 'metadata' && key !== 'status') delete obj[key];
    for (const [key, value] of Object.entries(old)) {
      if (key !== 'metadata' && key !== 'status') obj[key] = value;
    }
    obj.status = status;
    // A status update cannot change labels, finalizers or owners; the apps status strategies
    // (deployments, replica sets, …) keep the writer's annotations, others reset them too.
    obj.metadata = {
      ...obj.metadata,
      labels: old.metadata.labels,
      annotations: info.group === 'apps' ? obj.metadata.annotations : old.metadata.annotations,
      finalizers: old.metadata.finalizers,
      ownerReferences: old.metadata.ownerReferences,
    };
    stripUndefined(obj.metadata as Record<string, unknown>);
    return;
  }
  if (hasStatusSubresource(info) && info.resource !== 'namespaces') {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  if (info.resource === 'secrets') mergeStringData(obj);
  if (info.resource === 'services')
    dropTypeDependentFields(obj as unknown as Service, old as unknown as Service);
  if (GENERATION_RESOURCES.has(info.resource)) {
    const changed = JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
    const gen = old.metadata.generation ?? 1;
    obj.metadata.generation = changed ? gen + 1 : gen;
    const spec = (s: KubeObject) => s.spec as { template?: unknown } | undefined;
    if (info.resource === 'daemonsets') {
      const templateChanged =
        JSON.stringify(spec(obj)?.template) !== JSON.stringify(spec(old)?.template);
      const oldGen = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? gen);
      setTemplateGeneration(obj, templateChanged ? obj.metadata.generation : oldGen);
    }
  }
  if (info.resource === 'namespaces') obj.status = old.status;
}

// pkg/registry/apps/daemonset/strategy.go keeps the template's generation in this annotation
// (DaemonSet pods are labelled pod-template-generation from it).
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function setTemplateGeneration(ds: KubeObject, generation: number): void {
  ds.metadata.annotations = {
    ...ds.metadata.annotations,
    [TEMPLATE_GENERATION]: String(generation),
  };
}

/** stringData is write-only: the v1 conversion merges it into data, base64-encoded. */
function mergeStringData(secret: KubeObject): void {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = encodeBase64(v);
  secret.data = data;
  delete secret.stringData;
}
