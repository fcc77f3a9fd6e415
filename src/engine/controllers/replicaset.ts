// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps
// spec.replicas active pods per ReplicaSet, creating them in slow-start batches and deleting
// the lowest-ranked first, and reports the counts in status.
import { labelSelectorAsSelector, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { jsonEqual } from '../api/patch/json-value';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import { ControllerExpectations } from './replicaset-expectations';
import { createPod, deletePod } from './replicaset-pod-control';
import { claimObjects } from './replicaset-ref-manager';
import { replicaSetSpec, replicaSetStatus, statusUnchanged } from './replicaset-status';
import type { OwnerReference } from './util/controller-utils';
import {
  SLOW_START_INITIAL_BATCH_SIZE,
  call,
  getControllerOf,
  getPodsToDelete,
  isPodActive,
  isPodReady,
  keyOf,
  newControllerRef,
  orphanPodIndexKey,
  parallel,
  podControllerUIDIndexFunc,
  POD_CONTROLLER_UID_INDEX,
  slowStartBatch,
  splitKey,
  wallClock,
} from './util/controller-utils';

// replica_set.go BurstReplicas
export const BURST_REPLICAS = 500;
// kube-controller-manager --concurrent-replicaset-syncs default
const CONCURRENT_RS_SYNCS = 5;
// replica_set.go statusUpdateRetries
const STATUS_UPDATE_RETRIES = 1;

/** The `replicaset` controller, running as kube-system/replicaset-controller. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly serviceAccount = 'replicaset-controller';
  private ctx!: ControllerContext;
  private rsInformer!: Informer;
  private podInformer!: Informer;
  private queue!: RateLimitingQueue;
  private expectations!: ControllerExpectations;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.expectations = new ControllerExpectations(() => ctx.now());
    this.rsInformer = ctx.informers.informer('/apis/apps/v1/replicasets');
    this.podInformer = ctx.informers.informer('/api/v1/pods');
    this.podInformer.addIndexer(POD_CONTROLLER_UID_INDEX, podControllerUIDIndexFunc);
    this.queue = ctx.queue('replicaset', CONCURRENT_RS_SYNCS, (key, done) => this.sync(key, done));
    this.rsInformer.addHandlers({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (_old, rs) => this.enqueue(rs),
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.enqueue(rs);
      },
    });
    this.podInformer.addHandlers({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private enqueue(rs: KubeObject): void {
    this.queue.add(keyOf(rs));
  }

  private resolveControllerRef(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** getPodReplicaSets: the ReplicaSets whose selector matches an orphan pod. */
  private podReplicaSets(pod: KubeObject): KubeObject[] {
    return this.rsInformer.items(pod.metadata.namespace ?? '').filter((rs) => {
      try {
        const sel = labelSelectorAsSelector(replicaSetSpec(rs).selector);
        return (
          sel.kind === 'requirements' &&
          sel.requirements.length > 0 &&
          matchesLabels(sel, pod.metadata.labels)
        );
      } catch {
        return false;
      }
    });
  }

  private addPod(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      return this.enqueue(rs);
    }
    for (const rs of this.podReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: KubeObject, cur: KubeObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const labelChanged = !jsonEqual(cur.metadata.labels, old.metadata.labels);
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !jsonEqual(curRef, oldRef);
    const ns = cur.metadata.namespace ?? '';
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(ns, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(ns, curRef);
      if (!rs) return;
      this.enqueue(rs);
      const minReady = replicaSetSpec(rs).minReadySeconds ?? 0;
      // A pod that just turned ready becomes available after minReadySeconds.
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    this.enqueue(rs);
  }

  /** syncReplicaSet: one ReplicaSet key, from the informer caches. */
  private sync(key: string, done: () => void): void {
    const { namespace, name } = splitKey(key);
    const rs = this.rsInformer.get(namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return done();
    }
    const spec = replicaSetSpec(rs);
    let selector;
    try {
      selector = labelSelectorAsSelector(spec.selector);
    } catch {
      return done(); // invalid selectors are rejected by validation; nothing to do
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const trace = this.ctx.newTrace('replicaset');
    // FilterPodsByOwner: the pods it controls and the namespace's orphans, from the index
    const active = this.podInformer
      .byIndex(POD_CONTROLLER_UID_INDEX, rs.metadata.uid!, orphanPodIndexKey(namespace))
      .filter((p) => (p.metadata.namespace ?? '') === namespace && isPodActive(p));
    claimObjects(this.ctx.client, rs, selector, active, trace, (pods, claimErrors) => {
      const finish = (manageErr?: string) => {
        this.updateStatus(rs, pods, manageErr, trace, () => {
          if (manageErr || claimErrors.length > 0) this.queue.addRateLimited(key);
          else this.queue.forget(key);
          done();
        });
      };
      if (!needsSync) return finish();
      this.manageReplicas(key, rs, pods, trace, finish);
    });
  }

  /** manageReplicas: create or delete pods (at most BurstReplicas per sync) toward spec.replicas. */
  private manageReplicas(
    key: string,
    rs: KubeObject,
    pods: KubeObject[],
    trace: string,
    done: (err?: string) => void,
  ): void {
    const spec = replicaSetSpec(rs);
    const namespace = rs.metadata.namespace ?? '';
    let diff = pods.length - (spec.replicas ?? 1);
    const owner: KubeObject = { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    if (diff < 0) {
      diff = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, diff);
      const ref = newControllerRef(owner);
      slowStartBatch(
        diff,
        SLOW_START_INITIAL_BATCH_SIZE,
        (d) =>
          createPod(
            this.ctx,
            namespace,
            spec.template ?? {},
            owner,
            ref,
            trace,
            (err, terminating) => d(terminating ? undefined : err),
          ),
        (successes, err) => {
          // Pods never attempted are not expected any more.
          for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
          done(err);
        },
      );
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, BURST_REPLICAS);
      const victims = getPodsToDelete(pods, this.relatedPods(rs), diff, wallClock(this.ctx));
      this.expectations.expectDeletions(key, victims.map(keyOf));
      parallel(
        victims.map(
          (pod) => (d: (err?: string) => void) =>
            deletePod(this.ctx, namespace, pod.metadata.name!, owner, trace, (err, notFound) => {
              if (err) this.expectations.deletionObserved(key, keyOf(pod));
              d(notFound ? undefined : err);
            }),
        ),
        (errors) => done(errors[0]),
      );
      return;
    }
    done();
  }

  /** getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller. */
  private relatedPods(rs: KubeObject): KubeObject[] {
    const ref = getControllerOf(rs);
    if (!ref) return [];
    const namespace = rs.metadata.namespace ?? '';
    const seen = new Set<string>();
    const out: KubeObject[] = [];
    for (const other of this.rsInformer.items(namespace)) {
      if (getControllerOf(other)?.uid !== ref.uid) continue;
      let sel;
      try {
        sel = labelSelectorAsSelector(replicaSetSpec(other).selector);
      } catch {
        continue;
      }
      for (const pod of this.podInformer.items(namespace)) {
        if (seen.has(pod.metadata.uid!) || !matchesLabels(sel, pod.metadata.labels)) continue;
        seen.add(pod.metadata.uid!);
        out.push(pod);
      }
    }
    return out;
  }

  private updateStatus(
    rs: KubeObject,
    pods: KubeObject[],
    manageErr: string | undefined,
    trace: string,
    done: () => void,
  ): void {
    const spec = replicaSetSpec(rs);
    const status = replicaSetStatus(rs, pods, manageErr, wallClock(this.ctx), this.ctx.timestamp());
    const after = () => {
      const min = spec.minReadySeconds ?? 0;
      // Requeue to notice pods turning available after minReadySeconds.
      if (
        !manageErr &&
        min > 0 &&
        (status.readyReplicas ?? 0) === (spec.replicas ?? 1) &&
        (status.availableReplicas ?? 0) !== (spec.replicas ?? 1)
      )
        this.queue.addAfter(keyOf(rs), min * 1000);
      done();
    };
    if (statusUnchanged(rs, status)) return after();
    const put = (current: KubeObject, attempt: number) => {
      const path = `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets/${rs.metadata.name}`;
      call(
        this.ctx.client,
        { method: 'PUT', path: `${path}/status`, body: { ...current, status } },
        trace,
        (r) => {
          if (r.ok || attempt >= STATUS_UPDATE_RETRIES || r.status === 404) return after();
          call(this.ctx.client, { method: 'GET', path }, trace, (g) =>
            g.ok ? put(g.body as KubeObject, attempt + 1) : after(),
          );
        },
      );
    };
    put(rs, 0);
  }
}
