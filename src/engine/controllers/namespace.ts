// The namespace controller (pkg/controller/namespace/namespace_controller.go and
// deletion/namespaced_resources_deleter.go): a Terminating namespace has every namespaced
// collection deleted through the API, its deletion conditions reported, and, once empty, the
// `kubernetes` finalizer removed through namespaces/<name>/finalize, which lets it go.
import { allResources } from '../api/resources';
import type { ResourceInfo } from '../api/types';
import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { NamespaceCondition } from './namespace-conditions';
import { contentTotalsConditions, updateConditions } from './namespace-conditions';
import { call, parallel } from './util/controller-utils';

// namespace_controller.go namespaceDeletionGracePeriod: let admission caches catch up first
const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;
// kube-controller-manager --concurrent-namespace-syncs default
const CONCURRENT_NAMESPACE_SYNCS = 10;
// namespaced_resources_deleter.go finalizerEstimateSeconds
const FINALIZER_ESTIMATE_SECONDS = 15;
// core/v1 FinalizerKubernetes
const FINALIZER_KUBERNETES = 'kubernetes';

interface Remaining {
  /** "<resource>.<group>" → instances left */
  resources: Map<string, number>;
  /** finalizer → instances carrying it */
  finalizers: Map<string, number>;
  estimate: number;
  errors: string[];
}

/** The `namespace` controller, running as kube-system/namespace-controller. */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  readonly serviceAccount = 'namespace-controller';
  private ctx!: ControllerContext;
  private namespaces!: Informer;
  private queue!: RateLimitingQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.namespaces = ctx.informers.informer('/api/v1/namespaces');
    this.queue = ctx.queue('namespace', CONCURRENT_NAMESPACE_SYNCS, (key, done) =>
      this.sync(key, done),
    );
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp)
        this.queue.addAfter(ns.metadata.name!, NAMESPACE_DELETION_GRACE_PERIOD_MS);
    };
    this.namespaces.addHandlers({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  /** The namespaced resources discovery would list as deletable (the simulated registry). */
  private deletableResources(): ResourceInfo[] {
    return allResources().filter(
      (r) => r.namespaced && r.verbs.includes('delete') && r.verbs.includes('list'),
    );
  }

  private sync(name: string, done: () => void): void {
    const trace = this.ctx.newTrace('namespace');
    const finish = (err?: string, requeueSeconds?: number) => {
      if (requeueSeconds !== undefined) {
        // syncNamespaceFromKey: ResourcesRemainingError requeues after estimate/2 + 1 seconds
        this.queue.addAfter(name, (Math.floor(requeueSeconds / 2) + 1) * 1000);
      } else if (err) this.queue.addRateLimited(name);
      else this.queue.forget(name);
      done();
    };
    call(this.ctx.client, { method: 'GET', path: `/api/v1/namespaces/${name}` }, trace, (r) => {
      if (r.status === 404) return finish();
      if (!r.ok) return finish(r.message);
      const ns = r.body as KubeObject;
      if (!ns.metadata.deletionTimestamp) return finish();
      const finalizers = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      if (!finalizers.includes(FINALIZER_KUBERNETES)) return finish();
      this.deleteAllContent(ns, trace, (remaining) => {
        this.reportConditions(ns, remaining, trace, () => {
          if (remaining.errors.length > 0) return finish(remaining.errors[0]);
          if (remaining.estimate > 0) return finish(undefined, remaining.estimate);
          if ([...remaining.resources.values()].some((n) => n > 0))
            return finish('content remains');
          this.finalize(ns, finalizers, trace, finish);
        });
      });
    });
  }

  /** deleteAllContent: delete each collection, then count what is left. */
  private deleteAllContent(ns: KubeObject, trace: string, done: (r: Remaining) => void): void {
    const remaining: Remaining = {
      resources: new Map(),
      finalizers: new Map(),
      estimate: 0,
      errors: [],
    };
    const name = ns.metadata.name!;
    parallel(
      this.deletableResources().map((info) => (d: (err?: string) => void) => {
        const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
        const path = `${base}/namespaces/${name}/${info.resource}`;
        const count = () =>
          call(this.ctx.client, { method: 'GET', path }, trace, (l) => {
            if (!l.ok) {
              if (l.status !== 404) remaining.errors.push(l.message);
              return d();
            }
            const items = (l.body as { items: KubeObject[] }).items;
            if (items.length === 0) return d();
            remaining.resources.set(`${info.resource}.${info.group}`, items.length);
            let estimate = 0;
            for (const item of items) {
              for (const f of item.metadata.finalizers ?? [])
                remaining.finalizers.set(f, (remaining.finalizers.get(f) ?? 0) + 1);
              if (info.resource === 'pods') estimate = Math.max(estimate, podGrace(item));
            }
            // finalizers left: give the garbage collector time (finalizerEstimateSeconds)
            if (estimate === 0 && items.some((i) => (i.metadata.finalizers ?? []).length > 0))
              estimate = FINALIZER_ESTIMATE_SECONDS;
            remaining.estimate = Math.max(remaining.estimate, estimate);
            d();
          });
        if (info.verbs.includes('deletecollection')) {
          return call(this.ctx.client, { method: 'DELETE', path }, trace, (del) => {
            if (!del.ok && del.status !== 404) remaining.errors.push(del.message);
            count();
          });
        }
        // no DeleteCollection: list, then delete one by one
        call(this.ctx.client, { method: 'GET', path }, trace, (l) => {
          const items = l.ok ? (l.body as { items: KubeObject[] }).items : [];
          parallel(
            items.map(
              (item) => (dd: (err?: string) => void) =>
                call(
                  this.ctx.client,
                  { method: 'DELETE', path: `${path}/${item.metadata.name}` },
                  trace,
                  () => dd(),
                ),
            ),
            () => count(),
          );
        });
      }),
      () => done(remaining),
    );
  }

  private reportConditions(
    ns: KubeObject,
    remaining: Remaining,
    trace: string,
    done: () => void,
  ): void {
    const status = (ns.status ?? {}) as { phase?: string; conditions?: NamespaceCondition[] };
    const wanted = contentTotalsConditions(
      remaining.resources,
      remaining.finalizers,
      remaining.errors,
    );
    const next = updateConditions(status.conditions ?? [], wanted, this.ctx.timestamp());
    if (!next) return done();
    const body = { ...ns, status: { ...status, conditions: next } };
    call(
      this.ctx.client,
      { method: 'PUT', path: `/api/v1/namespaces/${ns.metadata.name}/status`, body },
      trace,
      () => done(),
    );
  }

  /** finalizeNamespace: PUT namespaces/<name>/finalize without the `kubernetes` finalizer. */
  private finalize(
    ns: KubeObject,
    finalizers: string[],
    trace: string,
    done: (err?: string) => void,
  ): void {
    call(
      this.ctx.client,
      { method: 'GET', path: `/api/v1/namespaces/${ns.metadata.name}` },
      trace,
      (g) => {
        if (g.status === 404) return done();
        if (!g.ok) return done(g.message);
        const latest = g.body as KubeObject;
        const body = {
          ...latest,
          spec: {
            ...(latest.spec as object),
            finalizers: finalizers.filter((f) => f !== FINALIZER_KUBERNETES),
          },
        };
        call(
          this.ctx.client,
          { method: 'PUT', path: `/api/v1/namespaces/${ns.metadata.name}/finalize`, body },
          trace,
          (r) => done(r.ok || r.status === 404 ? undefined : r.message),
        );
      },
    );
  }
}

/** estimateGracefulTerminationForPods: the longest grace period of a non-terminal pod. */
function podGrace(pod: KubeObject): number {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return (
    (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)
      ?.terminationGracePeriodSeconds ?? 0
  );
}
