import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  TriggerTimeTracker,
  enqueueServicesOfPods,
  selectedPods,
  serviceSpec,
} from './util/endpoint-pods';
import {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  reconcileSlices,
} from './util/endpointslice-reconcile';

// kube-controller-manager --concurrent-service-endpoint-syncs default 5
const CONCURRENT_SERVICE_ENDPOINT_SYNCS = 5;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for each service with a
 * selector, slices of at most 100 endpoints labelled `kubernetes.io/service-name` and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`.
 */
export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  readonly serviceAccount = 'endpointslice-controller';
  // endpointslice_controller.go: EventSource{Component: "endpoint-slice-controller"}
  readonly eventSource = 'endpoint-slice-controller';
  private ctx!: ControllerContext;
  private services!: Informer;
  private pods!: Informer;
  private nodes!: Informer;
  private slices!: Informer;
  private queue!: RateLimitingQueue;
  private readonly triggers = new TriggerTimeTracker();
  // endpointSliceTracker: the slice versions this controller wrote, per service ('' = deleted),
  // so that a sync never works from a cache that has not seen its own last writes.
  private readonly expected = new Map<string, Map<string, string>>();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.services = ctx.informers.informer('/api/v1/services');
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.slices = ctx.informers.informer('/apis/discovery.k8s.io/v1/endpointslices');
    this.queue = ctx.queue('endpoint_slice', CONCURRENT_SERVICE_ENDPOINT_SYNCS, (key, done) =>
      this.syncService(key, done),
    );
    const enqueue = (svc: KubeObject) =>
      this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
    enqueueServicesOfPods(this.services, this.pods, enqueue);
    // A managed slice changed or vanished behind our back: resync its service.
    const sliceChanged = (s: KubeObject) => {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc && s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
        this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.addHandlers({
      onUpdate: (_o, n) => sliceChanged(n),
      onDelete: (s) => {
        const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
        this.expected.get(`${s.metadata.namespace}/${svc}`)?.delete(s.metadata.name!);
        sliceChanged(s);
      },
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private staleSlices(key: string, namespace: string): boolean {
    const expected = this.expected.get(key);
    if (!expected) return false;
    for (const [slice, rv] of expected) {
      const cached = this.slices.get(namespace, slice);
      if (
        rv === ''
          ? cached !== undefined
          : !cached || Number(cached.metadata.resourceVersion) < Number(rv)
      )
        return true;
    }
    this.expected.delete(key);
    return false;
  }

  private syncService(key: string, done: () => void): void {
    if (![this.services, this.pods, this.nodes, this.slices].every((i) => i.synced)) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const [namespace, name] = key.split('/');
    if (this.staleSlices(key, namespace)) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const svc = this.services.get(namespace, name);
    // A deleted service's slices go with it through the garbage collector (ownerReferences).
    if (!svc || !serviceSpec(svc).selector) {
      this.triggers.forget(key);
      this.queue.forget(key);
      return done();
    }
    const pods = this.pods.items(namespace);
    const existing = this.slices
      .items(namespace)
      .filter(
        (s) =>
          s.metadata.labels?.[LABEL_SERVICE_NAME] === name &&
          s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME,
      );
    const writes = reconcileSlices(svc, pods, (n) => this.nodes.get(undefined, n), existing);
    const trigger = this.triggers.compute(svc, selectedPods(svc, pods));
    const stamp = (s: KubeObject): KubeObject => {
      const annotations = { ...(s.metadata.annotations ?? {}) };
      if (trigger) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = trigger;
      else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
      return { ...s, metadata: { ...s.metadata, annotations } };
    };
    const path = `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`;
    const requests = [
      ...writes.create.map((s) => ({
        method: 'POST' as const,
        path,
        body: stamp(s),
        create: true,
      })),
      ...writes.update.map((s) => ({
        method: 'PUT' as const,
        path: `${path}/${s.metadata.name}`,
        body: stamp(s),
        create: false,
      })),
      ...writes.delete.map((s) => ({
        method: 'DELETE' as const,
        path: `${path}/${s.metadata.name}`,
        body: undefined,
        create: false,
      })),
    ];
    let pending = requests.length;
    let failed = false;
    if (pending === 0) {
      this.queue.forget(key);
      return done();
    }
    const expected = new Map<string, string>();
    this.expected.set(key, expected);
    for (const r of requests) {
      this.ctx.client.request({ method: r.method, path: r.path, body: r.body }, (res) => {
        const ok =
          res.ok &&
          (res.response.status < 300 || (r.method === 'DELETE' && res.response.status === 404));
        if (ok && r.method !== 'DELETE') {
          const written = res.response.body as KubeObject;
          expected.set(written.metadata.name!, written.metadata.resourceVersion ?? '');
        } else if (ok) expected.set(r.path.split('/').pop()!, '');
        if (!ok) {
          failed = true;
          if (res.ok && r.method !== 'DELETE' && res.response.status !== 409) {
            const message = (res.response.body as { message?: string })?.message ?? '';
            this.ctx.events.record(
              svc,
              'Warning',
              'FailedToUpdateEndpointSlices',
              `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`,
            );
          }
        }
        if (--pending > 0) return;
        if (failed) this.queue.addRateLimited(key);
        else this.queue.forget(key);
        done();
      });
    }
  }
}

/** The EndpointSlice controller's factory, for defaultControllers. */
export const endpointSliceController = (): Controller => new EndpointSliceController();
