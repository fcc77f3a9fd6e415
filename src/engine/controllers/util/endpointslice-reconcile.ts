// The EndpointSlice reconciler (kubernetes/endpointslice reconciler.go, utils.go), as a pure
// function from a service, its pods, the nodes and the existing slices to the writes to make.
import type { KubeObject } from '../../api/types';
import {
  LABEL_HEADLESS_SERVICE,
  findPort,
  isPodReady,
  isServiceIPSet,
  podHostname,
  podIP,
  podNodeName,
  podTargetRef,
  selectedPods,
  serviceSpec,
  shouldPodBeInEndpoints,
} from './endpoint-pods';

// discovery/v1 well_known_labels.go
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
// endpointslice controller.go ControllerName
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
// kube-controller-manager --max-endpoints-per-slice default
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface Endpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef: Record<string, string>;
}

export interface EndpointPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface SliceWrites {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
}

/**
 * podToEndpoint: one address, ready = publishNotReadyAddresses || (serving && !terminating),
 * serving = the pod is Ready, terminating = it is being deleted; nodeName and the node's zone.
 */
export function podToEndpoint(
  svc: KubeObject,
  pod: KubeObject,
  node: KubeObject | undefined,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = serviceSpec(svc).publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: [podIP(pod)!],
    conditions: { ready, serving, terminating },
    targetRef: podTargetRef(pod),
  };
  const hostname = podHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  const nodeName = podNodeName(pod);
  if (nodeName) ep.nodeName = nodeName;
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  if (zone) ep.zone = zone;
  return ep;
}

/** The service's ports resolved against a pod (getEndpointPorts); unresolved ones are left out. */
export function endpointPorts(svc: KubeObject, pod: KubeObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of serviceSpec(svc).ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      name: sp.name ?? '',
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

function sliceEndpoints(slice: KubeObject): Endpoint[] {
  return (slice.endpoints as Endpoint[] | null | undefined) ?? [];
}

function portsKey(ports: unknown): string {
  return JSON.stringify(ports ?? null);
}

/** The labels of a managed slice (setEndpointSliceLabels). */
export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS_SERVICE] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return labels;
}

/** newEndpointSlice: `<service>-` generated name, owned by the service. */
function newSlice(
  svc: KubeObject,
  ports: EndpointPort[] | null,
  endpoints: Endpoint[],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svc.metadata.name!,
          uid: svc.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints: endpoints.length > 0 ? endpoints : null,
    ports,
  };
}

/**
 * reconcile: group the desired endpoints by port set; in each group keep endpoints in the slice
 * that already holds them (updated in place when changed), drop the gone ones, and fill new ones
 * into slices with room before opening new slices of up to 100. Slices of port sets no longer
 * wanted are deleted; a service with no endpoints keeps one placeholder slice with no ports.
 */
export function reconcileSlices(
  svc: KubeObject,
  pods: readonly KubeObject[],
  nodes: (name: string) => KubeObject | undefined,
  existing: readonly KubeObject[],
  maxPerSlice = MAX_ENDPOINTS_PER_SLICE,
): SliceWrites {
  const writes: SliceWrites = { create: [], update: [], delete: [] };
  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of selectedPods(svc, pods)) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const key = portsKey(ports);
    let group = desired.get(key);
    if (!group) desired.set(key, (group = { ports, endpoints: new Map() }));
    const ep = podToEndpoint(svc, pod, nodes(podNodeName(pod) ?? ''));
    group.endpoints.set(ep.addresses[0], ep);
  }
  const labels = sliceLabels(svc);
  const byPorts = new Map<string, KubeObject[]>();
  for (const s of existing) {
    const key = portsKey(s.ports);
    byPorts.set(key, [...(byPorts.get(key) ?? []), s]);
  }
  for (const [key, slices] of byPorts) {
    if (!desired.has(key)) writes.delete.push(...slices);
  }
  for (const [key, group] of desired) {
    const unplaced = new Map(group.endpoints);
    const withRoom: { slice: KubeObject; eps: Endpoint[]; changed: boolean }[] = [];
    for (const slice of byPorts.get(key) ?? []) {
      let changed = JSON.stringify(slice.metadata.labels ?? {}) !== JSON.stringify(labels);
      const kept: Endpoint[] = [];
      for (const ep of sliceEndpoints(slice)) {
        const want = unplaced.get(ep.addresses[0]);
        if (!want) {
          changed = true;
          continue;
        }
        unplaced.delete(ep.addresses[0]);
        if (JSON.stringify(want) !== JSON.stringify(ep)) changed = true;
        kept.push(want);
      }
      if (kept.length === 0) {
        writes.delete.push(slice);
        continue;
      }
      withRoom.push({ slice, eps: kept, changed });
    }
    // Fill slices that change anyway first, then the fullest, then open new ones.
    withRoom.sort((a, b) => Number(b.changed) - Number(a.changed) || b.eps.length - a.eps.length);
    const rest = [...unplaced.values()];
    for (const w of withRoom) {
      while (rest.length > 0 && w.eps.length < maxPerSlice) {
        w.eps.push(rest.shift()!);
        w.changed = true;
      }
      if (w.changed)
        writes.update.push({
          ...structuredClone(w.slice),
          metadata: { ...structuredClone(w.slice.metadata), labels },
          endpoints: w.eps,
        });
    }
    while (rest.length > 0)
      writes.create.push(newSlice(svc, group.ports, rest.splice(0, maxPerSlice)));
  }
  if (desired.size === 0) {
    // placeholder: one slice with no ports and no endpoints
    const placeholder = existing.find(
      (s) => sliceEndpoints(s).length === 0 && (s.ports === null || s.ports === undefined),
    );
    writes.delete = writes.delete.filter((s) => s !== placeholder);
    if (!placeholder) writes.create.push(newSlice(svc, null, []));
  }
  return writes;
}
