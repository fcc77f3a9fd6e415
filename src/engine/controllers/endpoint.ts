import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  LABEL_HEADLESS_SERVICE,
  TriggerTimeTracker,
  findPort,
  isPodReady,
  isServiceIPSet,
  podHostname,
  podIP,
  podNodeName,
  podTargetRef,
  enqueueServicesOfPods,
  selectedPods,
  serviceSpec,
  shouldPodBeInEndpoints,
} from './util/endpoint-pods';

// kube-controller-manager --concurrent-endpoint-syncs default 5
const CONCURRENT_ENDPOINT_SYNCS = 5;
// endpoints_controller.go maxCapacity: more addresses are truncated
const MAX_CAPACITY = 1000;
// core/v1 EndpointsOverCapacity annotation and its value
const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: Record<string, string>;
}
interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}
interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/**
 * The subsets of an Endpoints object for a service and its pods (syncService): one address
 * per pod with an IP, ready or not ready (publishNotReadyAddresses makes all ready), regrouped
 * so that addresses sharing the same ports share a subset (RepackSubsets).
 */
export function endpointSubsets(svc: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const spec = serviceSpec(svc);
  const tolerateUnready = spec.publishNotReadyAddresses === true;
  // address key -> { address, ready, ports }
  const byAddress = new Map<
    string,
    { addr: EndpointAddress; ready: boolean; ports: EndpointPort[] }
  >();
  for (const pod of selectedPods(svc, pods)) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr: EndpointAddress = { ip: podIP(pod)! };
    const hostname = podHostname(pod, svc);
    if (hostname) addr.hostname = hostname;
    const node = podNodeName(pod);
    if (node) addr.nodeName = node;
    addr.targetRef = podTargetRef(pod);
    const ready = tolerateUnready || isPodReady(pod);
    const entry = { addr, ready, ports: [] as EndpointPort[] };
    const ports = spec.ports ?? [];
    if (ports.length === 0) {
      // a headless service may have no ports
      if (spec.clusterIP === 'None') byAddress.set(`${pod.metadata.name}`, entry);
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      entry.ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    if (entry.ports.length > 0) byAddress.set(`${pod.metadata.name}`, entry);
  }
  // RepackSubsets: group addresses by their port set.
  const groups = new Map<string, EndpointSubset>();
  for (const { addr, ready, ports } of byAddress.values()) {
    const sorted = [...ports].sort(
      (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port,
    );
    const key = JSON.stringify(sorted);
    let subset = groups.get(key);
    if (!subset) {
      subset = sorted.length > 0 ? { ports: sorted } : {};
      groups.set(key, subset);
    }
    const list = ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(addr);
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip);
  const subsets = [...groups.values()].map((s) => {
    const out: EndpointSubset = {};
    if (s.addresses) out.addresses = s.addresses.sort(byIP);
    if (s.notReadyAddresses) out.notReadyAddresses = s.notReadyAddresses.sort(byIP);
    if (s.ports) out.ports = s.ports;
    return out;
  });
  return subsets;
}

/**
 * The endpoints controller (pkg/controller/endpoint): keeps one Endpoints object per service
 * with a selector, named after the service and labelled like it.
 */
export class EndpointsController implements Controller {
  readonly name = 'endpoint';
  readonly serviceAccount = 'endpoint-controller';
  private ctx!: ControllerContext;
  private services!: Informer;
  private pods!: Informer;
  private endpoints!: Informer;
  private queue!: RateLimitingQueue;
  private readonly triggers = new TriggerTimeTracker();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.services = ctx.informers.informer('/api/v1/services');
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.endpoints = ctx.informers.informer('/api/v1/endpoints');
    this.queue = ctx.queue('endpoint', CONCURRENT_ENDPOINT_SYNCS, (key, done) =>
      this.syncService(key, done),
    );
    const enqueue = (svc: KubeObject) =>
      this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
    enqueueServicesOfPods(this.services, this.pods, enqueue);
    // checkLeftoverEndpoints: Endpoints of deleted services are found on the first list.
    this.endpoints.addHandlers({ onAdd: enqueue });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private syncService(key: string, done: () => void): void {
    if (!this.services.synced || !this.pods.synced || !this.endpoints.synced) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const [namespace, name] = key.split('/');
    const svc = this.services.get(namespace, name);
    const current = this.endpoints.get(namespace, name);
    const finish = (ok: boolean) => {
      if (ok) this.queue.forget(key);
      else this.queue.addRateLimited(key);
      done();
    };
    if (!svc) {
      this.triggers.forget(key);
      // The service is gone: delete its Endpoints (the `kubernetes` one has a service, so stays).
      if (!current || current.metadata.annotations?.['control-plane.alpha.kubernetes.io/leader'])
        return finish(true);
      return this.ctx.client.request(
        { method: 'DELETE', path: `/api/v1/namespaces/${namespace}/endpoints/${name}` },
        (res) => finish(res.ok && (res.response.status < 300 || res.response.status === 404)),
      );
    }
    const spec = serviceSpec(svc);
    // Services without a selector get their Endpoints from elsewhere (the `kubernetes` service).
    if (!spec.selector) return finish(true);
    const pods = this.pods.items(namespace);
    const trigger = this.triggers.compute(svc, selectedPods(svc, pods));
    const subsets = endpointSubsets(svc, pods);
    const total = subsets.reduce(
      (n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
      0,
    );
    const svcLabels = svc.metadata.labels ?? {};
    const labels: Record<string, string> = { ...svcLabels };
    if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS_SERVICE] = '';
    if (
      current &&
      JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets) &&
      JSON.stringify(withoutHeadless(current.metadata.labels)) === JSON.stringify(svcLabels)
    )
      return finish(true);
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (trigger) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = trigger;
    else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
    if (total > MAX_CAPACITY) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        ...(current ? structuredClone(current.metadata) : { name, namespace }),
        labels,
        annotations,
      },
      ...(subsets.length > 0 ? { subsets } : {}),
    };
    const path = `/api/v1/namespaces/${namespace}/endpoints`;
    this.ctx.client.request(
      current ? { method: 'PUT', path: `${path}/${name}`, body } : { method: 'POST', path, body },
      (res) => {
        const ok = res.ok && res.response.status < 300;
        if (!ok && res.ok && res.response.status !== 409) {
          const message = (res.response.body as { message?: string })?.message ?? '';
          if (current)
            this.ctx.events.record(
              body,
              'Warning',
              'FailedToUpdateEndpoint',
              `Failed to update endpoint ${namespace}/${name}: ${message}`,
            );
          else
            this.ctx.events.record(
              body,
              'Warning',
              'FailedToCreateEndpoint',
              `Failed to create endpoint for service ${namespace}/${name}: ${message}`,
            );
        }
        finish(ok);
      },
    );
  }
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const { [LABEL_HEADLESS_SERVICE]: _h, ...rest } = labels ?? {};
  return rest;
}

/** The endpoints controller's factory, for defaultControllers. */
export const endpointsController = (): Controller => new EndpointsController();
