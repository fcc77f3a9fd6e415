// The garbage collector (pkg/controller/garbagecollector/garbagecollector.go): deletes objects
// whose owners are gone (Background), holds an owner with the foregroundDeletion finalizer
// until its blocking dependents are gone (Foreground), and strips the owner's references from
// its dependents before removing the orphan finalizer (Orphan).
import { allResources, resourceForKind } from '../api/resources';
import type { KubeObject } from '../api/types';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { GraphEffects, GraphNode, ObjectIdentity } from './garbage-collector-graph';
import {
  DependencyGraph,
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
} from './garbage-collector-graph';
import type { OwnerReference } from './util/controller-utils';
import { call, objectPath, ownerReferences, parallel } from './util/controller-utils';

// How soon a worker looks again while the graph's caches are still syncing.
const CACHE_SYNC_RETRY_MS = 1000;

// kube-controller-manager --concurrent-gc-syncs default
const CONCURRENT_GC_SYNCS = 20;
// garbagecollector.go ignoredResources: events are never garbage collected
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

type Done = (err?: string) => void;

/** The `garbagecollector` controller, running as kube-system/generic-garbage-collector. */
export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  readonly serviceAccount = 'generic-garbage-collector';
  private ctx!: ControllerContext;
  private graph!: DependencyGraph;
  private attemptToDelete!: RateLimitingQueue;
  private attemptToOrphan!: RateLimitingQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.graph = new DependencyGraph(
      (apiVersion, kind) => resourceForKind(apiVersion, kind)?.namespaced ?? true,
    );
    const worker =
      (run: (uid: string, done: Done) => void, q: () => RateLimitingQueue) =>
      (uid: string, done: () => void) => {
        // Workers start only once every monitor has synced (GarbageCollector.Run waits
        // for the caches): a half-built graph would see owners without their dependents.
        if (!ctx.informers.synced) {
          q().addAfter(uid, CACHE_SYNC_RETRY_MS);
          return done();
        }
        run(uid, (err) => {
          if (err) q().addRateLimited(uid);
          else q().forget(uid);
          done();
        });
      };
    this.attemptToDelete = ctx.queue(
      'garbage_collector_attempt_to_delete',
      CONCURRENT_GC_SYNCS,
      worker(
        (u, d) => this.attemptToDeleteItem(u, d),
        () => this.attemptToDelete,
      ),
    );
    this.attemptToOrphan = ctx.queue(
      'garbage_collector_attempt_to_orphan',
      CONCURRENT_GC_SYNCS,
      worker(
        (u, d) => this.attemptToOrphanItem(u, d),
        () => this.attemptToOrphan,
      ),
    );
    // GraphBuilder monitors every deletable resource that can be listed and watched.
    for (const info of allResources()) {
      if (!['list', 'watch', 'delete'].every((v) => info.verbs.includes(v))) continue;
      if (IGNORED.has(`${info.group}/${info.resource}`)) continue;
      const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
      const typed = (o: KubeObject): KubeObject =>
        o.kind ? o : { ...o, apiVersion, kind: info.kind };
      ctx.informers.informer(`${base}/${info.resource}`).addHandlers({
        onAdd: (o) => this.apply(this.graph.observe(typed(o))),
        onUpdate: (_old, o) => this.apply(this.graph.observe(typed(o))),
        onDelete: (o) => this.apply(this.graph.remove(o.metadata.uid!)),
      });
    }
  }

  stop(): void {
    this.attemptToDelete?.shutDown();
    this.attemptToOrphan?.shutDown();
  }

  private apply(fx: GraphEffects): void {
    for (const uid of fx.attemptToDelete) this.attemptToDelete.add(uid);
    for (const uid of fx.attemptToOrphan) this.attemptToOrphan.add(uid);
  }

  private get(
    id: ObjectIdentity,
    trace: string,
    done: (obj: KubeObject | undefined, err?: string) => void,
  ): void {
    const path = objectPath(id.apiVersion, id.kind, id.namespace, id.name);
    if (!path) return done(undefined);
    call(this.ctx.client, { method: 'GET', path }, trace, (r) => {
      if (r.status === 404) return done(undefined);
      if (!r.ok) return done(undefined, r.message);
      const obj = r.body as KubeObject;
      done(obj.metadata.uid === id.uid ? obj : undefined);
    });
  }

  /** attemptToDeleteItem: decide whether one object is garbage, and act. */
  private attemptToDeleteItem(uid: string, done: Done): void {
    const node = this.graph.nodes.get(uid);
    if (!node) return done();
    const trace = this.ctx.newTrace('garbage-collector');
    if (node.virtual) {
      // A virtual owner: if the API does not have it, it is gone; its dependents are garbage.
      return this.get(node.identity, trace, (obj, err) => {
        if (err) return done(err);
        if (!obj) this.apply(this.graph.remove(uid));
        done();
      });
    }
    if (node.beingDeleted && !node.deletingDependents) return done();
    this.get(node.identity, trace, (latest, err) => {
      if (err) return done(err);
      if (!latest) return done();
      const finalizers = latest.metadata.finalizers ?? [];
      if (latest.metadata.deletionTimestamp && !finalizers.includes(FINALIZER_DELETE_DEPENDENTS))
        return done();
      if (latest.metadata.deletionTimestamp)
        return this.processDeletingDependents(node, latest, trace, done);
      const refs = ownerReferences(latest);
      if (refs.length === 0) return done();
      this.classifyReferences(latest, refs, trace, (solid, dangling, waiting, cerr) => {
        if (cerr) return done(cerr);
        if (solid.length > 0) {
          if (dangling.length + waiting.length === 0) return done();
          // some owners remain: just drop the references to the gone or going ones
          return this.patchOwnerRefs(
            latest,
            [...dangling, ...waiting].map((r) => ({ $patch: 'delete', uid: r.uid })),
            trace,
            done,
          );
        }
        if (waiting.length > 0 && node.dependents.size > 0) {
          // An owner waits on this item, which has dependents of its own: delete this item in
          // the foreground so the deletion cascades (the owner stays blocked until it is gone).
          // Only when a dependent is itself deleting its dependents are the owner references
          // made non-blocking first, to break a possible cycle (attemptToDeleteItem).
          const cycle = [...node.dependents].some(
            (d) => this.graph.nodes.get(d)?.deletingDependents,
          );
          if (!cycle) return this.deleteObject(latest, 'Foreground', trace, done);
          const unblock = waiting.map((r) => ({ ...r, blockOwnerDeletion: false }));
          return this.patchOwnerRefs(latest, unblock, trace, (perr) =>
            perr ? done(perr) : this.deleteObject(latest, 'Foreground', trace, done),
          );
        }
        const policy = finalizers.includes(FINALIZER_ORPHAN)
          ? 'Orphan'
          : finalizers.includes(FINALIZER_DELETE_DEPENDENTS)
            ? 'Foreground'
            : 'Background';
        this.deleteObject(latest, policy, trace, done);
      });
    });
  }

  /** classifyReferences: solid owners exist, dangling ones are gone, waiting ones delete in the foreground. */
  private classifyReferences(
    item: KubeObject,
    refs: OwnerReference[],
    trace: string,
    done: (
      solid: OwnerReference[],
      dangling: OwnerReference[],
      waiting: OwnerReference[],
      err?: string,
    ) => void,
  ): void {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    parallel(
      refs.map((ref) => (d: (err?: string) => void) => {
        const namespaced = resourceForKind(ref.apiVersion, ref.kind)?.namespaced ?? true;
        const id = {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          name: ref.name,
          namespace: namespaced ? (item.metadata.namespace ?? '') : '',
          uid: ref.uid,
        };
        this.get(id, trace, (owner, err) => {
          if (err) return d(err);
          if (!owner) dangling.push(ref);
          else if (
            owner.metadata.deletionTimestamp &&
            (owner.metadata.finalizers ?? []).includes(FINALIZER_DELETE_DEPENDENTS)
          )
            waiting.push(ref);
          else solid.push(ref);
          d();
        });
      }),
      (errors) => done(solid, dangling, waiting, errors[0]),
    );
  }

  /** processDeletingDependentsItem: finish a foreground deletion once nothing blocks it. */
  private processDeletingDependents(
    node: GraphNode,
    latest: KubeObject,
    trace: string,
    done: Done,
  ): void {
    const blocking = this.graph.blockingDependents(node.identity.uid);
    if (blocking.length === 0)
      return this.removeFinalizer(latest, FINALIZER_DELETE_DEPENDENTS, trace, done);
    for (const dep of blocking) if (!dep.beingDeleted) this.attemptToDelete.add(dep.identity.uid);
    done();
  }

  /** attemptToOrphan: remove the owner from every dependent, then the orphan finalizer. */
  private attemptToOrphanItem(uid: string, done: Done): void {
    const node = this.graph.nodes.get(uid);
    if (!node) return done();
    const trace = this.ctx.newTrace('garbage-collector');
    const dependents = [...node.dependents]
      .map((d) => this.graph.nodes.get(d))
      .filter((d): d is GraphNode => !!d);
    parallel(
      dependents.map(
        (dep) => (d: (err?: string) => void) =>
          this.get(dep.identity, trace, (obj, err) => {
            if (err) return d(err);
            if (!obj || !ownerReferences(obj).some((r) => r.uid === uid)) return d();
            this.patchOwnerRefs(obj, [{ $patch: 'delete', uid }], trace, d);
          }),
      ),
      (errors) => {
        if (errors.length > 0) return done(errors[0]);
        this.get(node.identity, trace, (owner, err) => {
          if (err) return done(err);
          if (!owner) return done();
          this.removeFinalizer(owner, FINALIZER_ORPHAN, trace, done);
        });
      },
    );
  }

  private removeFinalizer(obj: KubeObject, finalizer: string, trace: string, done: Done): void {
    const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)!;
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    call(
      this.ctx.client,
      {
        method: 'PATCH',
        path,
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers } },
      },
      trace,
      (r) => done(r.ok || r.status === 404 ? undefined : r.message),
    );
  }

  private patchOwnerRefs(obj: KubeObject, refs: unknown[], trace: string, done: Done): void {
    const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)!;
    call(
      this.ctx.client,
      {
        method: 'PATCH',
        path,
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: { metadata: { ownerReferences: refs, uid: obj.metadata.uid } },
      },
      trace,
      (r) => done(r.ok || r.status === 404 ? undefined : r.message),
    );
  }

  private deleteObject(obj: KubeObject, policy: string, trace: string, done: Done): void {
    const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)!;
    call(
      this.ctx.client,
      {
        method: 'DELETE',
        path,
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: policy,
          preconditions: { uid: obj.metadata.uid },
        },
      },
      trace,
      (r) => done(r.ok || r.status === 404 || r.status === 409 ? undefined : r.message),
    );
  }
}
