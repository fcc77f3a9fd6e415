// What the Endpoints and EndpointSlice controllers read off pods and services
// (kubernetes/endpointslice util/controller_utils.go, pkg/api/v1/pod/util.go FindPort).
import type { KubeObject } from '../../api/types';
import type { Informer } from '../../client/informer';
import { labelSelectorAsSelector, matchesLabels } from '../../api/selectors';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceSpec {
  selector?: Record<string, string>;
  clusterIP?: string;
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
}

interface PodShape {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  };
}

export function serviceSpec(svc: KubeObject): ServiceSpec {
  return (svc.spec ?? {}) as ServiceSpec;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return (
    (pod as PodShape).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ??
    false
  );
}

/** The pod's IP (status.podIP, else the first of status.podIPs). */
export function podIP(pod: KubeObject): string | undefined {
  const s = (pod as PodShape).status;
  return s?.podIP || s?.podIPs?.[0]?.ip || undefined;
}

/**
 * ShouldPodBeInEndpoints: not terminal (Succeeded/Failed), has an IP, and is not being deleted
 * unless terminating pods are included.
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = (pod as PodShape).status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pods of a namespace that a service's selector picks (a nil selector picks none). */
export function selectedPods(svc: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const selector = serviceSpec(svc).selector;
  if (!selector) return [];
  const sel = labelSelectorAsSelector({ matchLabels: selector });
  return pods
    .filter(
      (p) =>
        p.metadata.namespace === svc.metadata.namespace && matchesLabels(sel, p.metadata.labels),
    )
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/** podutil.FindPort: a numeric targetPort as is, a named one from the pod's container ports. */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of (pod as PodShape).spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'))
        return p.containerPort;
    }
  }
  return undefined;
}

/** ShouldSetHostname: the pod's hostname when its subdomain is this service. */
export function podHostname(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = (pod as PodShape).spec;
  if (spec?.hostname && spec.subdomain === svc.metadata.name) return spec.hostname;
  return undefined;
}

export function podNodeName(pod: KubeObject): string | undefined {
  return (pod as PodShape).spec?.nodeName || undefined;
}

/** The Ready condition's lastTransitionTime (getPodTriggerTime), else the creation time. */
export function podTriggerTime(pod: KubeObject): string | undefined {
  const ready = (pod as PodShape).status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.lastTransitionTime ?? pod.metadata.creationTimestamp;
}

/** A targetRef to a pod. */
export function podTargetRef(pod: KubeObject): Record<string, string> {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name!,
    uid: pod.metadata.uid!,
  };
}

/** helper.IsServiceIPSet: a ClusterIP other than None. */
export function isServiceIPSet(svc: KubeObject): boolean {
  const ip = serviceSpec(svc).clusterIP;
  return !!ip && ip !== 'None';
}

// k8s.io/api core/v1 well_known_labels.go IsHeadlessService
export const LABEL_HEADLESS_SERVICE = 'service.kubernetes.io/headless';
// core/v1 annotation_key_constants.go EndpointsLastChangeTriggerTime
export const ANNOTATION_LAST_CHANGE_TRIGGER_TIME =
  'endpoints.kubernetes.io/last-change-trigger-time';

/**
 * TriggerTimeTracker: the earliest time of a change (a pod's Ready transition, or the service's
 * creation) that this sync is the first to observe; undefined when nothing changed.
 */
export class TriggerTimeTracker {
  private readonly seen = new Map<string, { pods: Map<string, string>; service?: string }>();

  compute(svc: KubeObject, pods: readonly KubeObject[]): string | undefined {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const prior = this.seen.get(key);
    const times: string[] = [];
    const state = { pods: new Map<string, string>(), service: svc.metadata.resourceVersion };
    for (const p of pods) {
      const t = podTriggerTime(p);
      const fingerprint = `${p.metadata.resourceVersion}`;
      state.pods.set(p.metadata.name!, fingerprint);
      if (t && prior?.pods.get(p.metadata.name!) !== fingerprint) times.push(t);
    }
    if (!prior && svc.metadata.creationTimestamp) times.push(svc.metadata.creationTimestamp);
    this.seen.set(key, state);
    return times.sort()[0];
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}

/**
 * The handlers both endpoint controllers register: a Service change queues that Service; a pod
 * change queues every Service of its namespace that selects it (before or after the change).
 */
export function enqueueServicesOfPods(
  services: Informer,
  pods: Informer,
  enqueue: (svc: KubeObject) => void,
): void {
  services.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
  const podChanged = (pod: KubeObject) => {
    for (const svc of services.items(pod.metadata.namespace)) {
      if (selectedPods(svc, [pod]).length > 0) enqueue(svc);
    }
  };
  pods.addHandlers({
    onAdd: podChanged,
    onUpdate: (o, n) => {
      podChanged(o);
      podChanged(n);
    },
    onDelete: podChanged,
  });
}
