import type { LabelSelectorValue } from '../../api/selectors';
import { labelSelectorAsSelector, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { Resource } from './resource';
import { podRequests } from './resource';
import { keyHash } from '../key-table';
import type { PodAffinityTerm, PodSpec, PodStatus, WeightedPodAffinityTerm } from './types';

/** One pod (anti-)affinity term, its selector compiled (framework.AffinityTerm). */
export interface AffinityTerm {
  selector: LabelSelectorValue;
  /** the namespaces it applies to; undefined with `allNamespaces` for an empty namespaceSelector */
  namespaces: ReadonlySet<string>;
  allNamespaces: boolean;
  topologyKey: string;
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/**
 * What the scheduler precomputes for a pod once (framework.PodInfo): requests, ports, parsed
 * affinity terms. Pods are frozen informer objects, so the info is cached per object.
 */
export interface PodInfo {
  pod: KubeObject;
  key: string;
  /** keyHash(key): the scheduler's tables find the pod by it */
  keyHash: number;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  spec: PodSpec;
  status: PodStatus;
  priority: number;
  requests: Resource;
  /** requests with 100m CPU / 200Mi memory for containers that set none (for scoring) */
  nonZeroRequests: Resource;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  // Copies of `requests` read whenever the pod joins or leaves a node: the pod's own fields,
  // with no second object (and its Map) to load.
  requestedMilliCPU: number;
  requestedMemory: number;
  requestedEphemeralStorage: number;
  /** some extended resource is requested (requests.scalar is not empty) */
  hasScalarRequests: boolean;
  hostPorts: HostPort[];
  /** how many init and regular containers it has */
  numContainers: number;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: AffinityTerm[];
  preferredAntiAffinityTerms: AffinityTerm[];
  /** some pod (anti-)affinity term, required or preferred (counts in PodsWithAffinity) */
  hasAffinity: boolean;
  /** some required anti-affinity term (counts in PodsWithRequiredAntiAffinity) */
  hasRequiredAntiAffinity: boolean;
  terminating: boolean;
}

const infos = new WeakMap<KubeObject, PodInfo>();

// Shared by every pod without such terms or ports (most pods): no empty arrays of their own
// for the scheduler to keep alive while the pod is queued. Nothing adds to a PodInfo's lists.
const NO_TERMS = Object.freeze([]) as unknown as AffinityTerm[];
const NO_HOST_PORTS = Object.freeze([]) as unknown as HostPort[];

/** The labels of every pod that has none (one frozen object, which NodeInfo need not walk). */
export const NO_LABELS: Record<string, string> = Object.freeze({});

/** The PodInfo of a pod object (computed once per object). */
export function podInfo(pod: KubeObject): PodInfo {
  let info = infos.get(pod);
  if (!info) {
    info = buildPodInfo(pod);
    infos.set(pod, info);
  }
  return info;
}

/** `<namespace>/<name>`, the queue's and cache's key for a pod. */
export function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/**
 * `namespace/name` as one flat string: the queue, the cache and the decision log look pods up
 * by it in Maps, where a key made by concatenation (a rope of its parts) compares slowly.
 */
function flatKey(namespace: string, name: string): string {
  return [namespace, name].join('/');
}

function buildPodInfo(pod: KubeObject): PodInfo {
  const spec = (pod.spec ?? {}) as PodSpec;
  const namespace = pod.metadata.namespace ?? 'default';
  const nonZero = podRequests(pod, true);
  const affinity = spec.affinity ?? {};
  let hostPorts = NO_HOST_PORTS;
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      if (hostPorts === NO_HOST_PORTS) hostPorts = [];
      hostPorts.push({
        ip: p.hostIP || '0.0.0.0',
        protocol: p.protocol ?? 'TCP',
        port: p.hostPort,
      });
    }
  }
  const required = (terms: PodAffinityTerm[] | undefined) =>
    terms?.length ? terms.map((t) => affinityTerm(namespace, t, 1)) : NO_TERMS;
  const preferred = (terms: WeightedPodAffinityTerm[] | undefined) =>
    terms?.length
      ? terms.map((t) => affinityTerm(namespace, t.podAffinityTerm, t.weight))
      : NO_TERMS;
  const requiredAffinityTerms = required(
    affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  const requiredAntiAffinityTerms = required(
    affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  const preferredAffinityTerms = preferred(
    affinity.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
  );
  const preferredAntiAffinityTerms = preferred(
    affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
  );
  const requests = podRequests(pod);
  const key = flatKey(namespace, String(pod.metadata.name));
  return {
    pod,
    key,
    keyHash: keyHash(key),
    namespace,
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    labels: pod.metadata.labels ?? NO_LABELS,
    spec,
    status: (pod.status ?? {}) as PodStatus,
    // pkg/api/v1/pod corev1helpers.PodPriority: spec.priority, else 0
    priority: spec.priority ?? 0,
    requests,
    nonZeroRequests: nonZero,
    nonZeroMilliCPU: nonZero.milliCPU,
    nonZeroMemory: nonZero.memory,
    requestedMilliCPU: requests.milliCPU,
    requestedMemory: requests.memory,
    requestedEphemeralStorage: requests.ephemeralStorage,
    hasScalarRequests: requests.scalar.size > 0,
    hostPorts,
    numContainers: (spec.initContainers?.length ?? 0) + (spec.containers?.length ?? 0),
    requiredAffinityTerms,
    requiredAntiAffinityTerms,
    preferredAffinityTerms,
    preferredAntiAffinityTerms,
    hasAffinity:
      requiredAffinityTerms.length +
        requiredAntiAffinityTerms.length +
        preferredAffinityTerms.length +
        preferredAntiAffinityTerms.length >
      0,
    hasRequiredAntiAffinity: requiredAntiAffinityTerms.length > 0,
    terminating: Boolean(pod.metadata.deletionTimestamp),
  };
}

// framework.newAffinityTerm: no namespaces and no namespaceSelector means the pod's own
// namespace; an empty namespaceSelector means every namespace.
function affinityTerm(namespace: string, t: PodAffinityTerm, weight: number): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  const ns = t.namespaceSelector;
  const allNamespaces =
    ns !== undefined &&
    ns !== null &&
    Object.keys(ns.matchLabels ?? {}).length === 0 &&
    (ns.matchExpressions ?? []).length === 0;
  if (namespaces.size === 0 && (ns === undefined || ns === null)) namespaces.add(namespace);
  return {
    selector: labelSelectorAsSelector(t.labelSelector),
    namespaces,
    allNamespaces,
    topologyKey: t.topologyKey,
    weight,
  };
}

/** Whether `pod` is matched by the term (namespace and label selector). */
export function termMatches(term: AffinityTerm, pod: PodInfo): boolean {
  if (!term.allNamespaces && !term.namespaces.has(pod.namespace)) return false;
  return matchesLabels(term.selector, pod.labels);
}
