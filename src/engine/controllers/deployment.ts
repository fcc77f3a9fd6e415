// The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
// Deployments, ReplicaSets and pods, and rolls each Deployment toward its template through
// ReplicaSets named <deployment>-<pod-template-hash>.
import { isEverything, labelSelectorAsSelector, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import { deploymentStatus } from './deployment-progress';
import { rolloutRecreate, rolloutRolling } from './deployment-rollout';
import { DeploymentSync } from './deployment-sync';
import type { Done } from './deployment-sync';
import { deploymentSpec } from './deployment-util';
import { claimObjects } from './replicaset-ref-manager';
import type { OwnerReference } from './util/controller-utils';
import {
  call,
  getControllerOf,
  keyOf,
  podControllerUIDIndexFunc,
  POD_CONTROLLER_UID_INDEX,
  splitKey,
} from './util/controller-utils';

// kube-controller-manager --concurrent-deployment-syncs default
const CONCURRENT_DEPLOYMENT_SYNCS = 5;

/** The `deployment` controller, running as kube-system/deployment-controller. */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly serviceAccount = 'deployment-controller';
  private ctx!: ControllerContext;
  private dInformer!: Informer;
  private rsInformer!: Informer;
  private podInformer!: Informer;
  private queue!: RateLimitingQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.dInformer = ctx.informers.informer('/apis/apps/v1/deployments');
    this.rsInformer = ctx.informers.informer('/apis/apps/v1/replicasets');
    this.podInformer = ctx.informers.informer('/api/v1/pods');
    this.podInformer.addIndexer(POD_CONTROLLER_UID_INDEX, podControllerUIDIndexFunc);
    this.queue = ctx.queue('deployment', CONCURRENT_DEPLOYMENT_SYNCS, (key, done) =>
      this.syncDeployment(key, (err) => {
        if (err) this.queue.addRateLimited(key);
        else this.queue.forget(key);
        done();
      }),
    );
    this.dInformer.addHandlers({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    this.rsInformer.addHandlers({
      onAdd: (rs) => this.onReplicaSet(rs),
      onUpdate: (old, rs) => this.updateReplicaSet(old, rs),
      onDelete: (rs) => this.onReplicaSet(rs, true),
    });
    this.podInformer.addHandlers({ onDelete: (pod) => this.deletePod(pod) });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private enqueue(d: KubeObject): void {
    this.queue.add(keyOf(d));
  }

  private resolve(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: Deployments whose selector matches an orphan ReplicaSet. */
  private deploymentsFor(rs: KubeObject): KubeObject[] {
    return this.dInformer.items(rs.metadata.namespace ?? '').filter((d) => {
      try {
        const sel = labelSelectorAsSelector(deploymentSpec(d).selector);
        return !isEverything(sel) && matchesLabels(sel, rs.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private onReplicaSet(rs: KubeObject, deleted = false): void {
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolve(rs.metadata.namespace ?? '', ref);
      if (d) this.enqueue(d);
      return;
    }
    if (!deleted) for (const d of this.deploymentsFor(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    if (JSON.stringify(curRef) !== JSON.stringify(oldRef) && oldRef) {
      const d = this.resolve(old.metadata.namespace ?? '', oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) return this.onReplicaSet(cur);
    const labelChanged =
      JSON.stringify(old.metadata.labels) !== JSON.stringify(cur.metadata.labels);
    if (labelChanged || JSON.stringify(curRef) !== JSON.stringify(oldRef)) this.onReplicaSet(cur);
  }

  /** deletePod: a Recreate Deployment waits for its last old pod to go. */
  private deletePod(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const ns = pod.metadata.namespace ?? '';
    const rs = this.rsInformer.get(ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dRef = getControllerOf(rs);
    const d = dRef && this.resolve(ns, dRef);
    if (!d || deploymentSpec(d).strategy?.type !== 'Recreate') return;
    const rsList = this.ownedReplicaSets(d);
    if (
      this.podMap(d, rsList).size === 0 ||
      [...this.podMap(d, rsList).values()].every((l) => l.length === 0)
    )
      this.enqueue(d);
  }

  private ownedReplicaSets(d: KubeObject): KubeObject[] {
    return this.rsInformer
      .items(d.metadata.namespace ?? '')
      .filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid);
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by owning ReplicaSet uid. */
  private podMap(d: KubeObject, rsList: KubeObject[]): Map<string, KubeObject[]> {
    const map = new Map<string, KubeObject[]>();
    for (const rs of rsList) map.set(rs.metadata.uid!, []);
    let sel;
    try {
      sel = labelSelectorAsSelector(deploymentSpec(d).selector);
    } catch {
      return map;
    }
    // each ReplicaSet's pods from the controller-uid index, in the cache's order as a scan gives
    const namespace = d.metadata.namespace ?? '';
    for (const [uid, pods] of map) {
      for (const pod of this.podInformer.byIndex(POD_CONTROLLER_UID_INDEX, uid)) {
        if ((pod.metadata.namespace ?? '') === namespace && matchesLabels(sel, pod.metadata.labels))
          pods.push(pod);
      }
    }
    return map;
  }

  /** syncDeployment: one Deployment key. */
  private syncDeployment(key: string, done: Done): void {
    const { namespace, name } = splitKey(key);
    const cached = this.dInformer.get(namespace, name);
    if (!cached) return done();
    const d = structuredClone(cached) as KubeObject;
    d.apiVersion = 'apps/v1';
    d.kind = 'Deployment';
    const trace = this.ctx.newTrace('deployment');
    const spec = deploymentSpec(d);
    let selector;
    try {
      selector = labelSelectorAsSelector(spec.selector);
    } catch {
      return done();
    }
    if (isEverything(selector)) {
      this.ctx.events.record(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
        trace,
      );
      const st = deploymentStatus(d);
      if ((st.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) {
        d.status = { ...st, observedGeneration: d.metadata.generation };
        return call(
          this.ctx.client,
          {
            method: 'PUT',
            path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/status`,
            body: d,
          },
          trace,
          () => done(),
        );
      }
      return done();
    }
    // getReplicaSetsForDeployment: adopt matching orphans, release what stopped matching.
    claimObjects(
      this.ctx.client,
      d,
      selector,
      this.rsInformer.items(namespace),
      trace,
      (rsList, errors) => {
        if (errors.length > 0) return done(errors[0]);
        const podMap = this.podMap(d, rsList);
        const s = new DeploymentSync(this.ctx, d, rsList, trace, (ms) =>
          ms === 0 ? this.queue.addRateLimited(key) : this.queue.addAfter(key, ms),
        );
        if (d.metadata.deletionTimestamp) return s.syncStatusOnly(done);
        s.checkPausedConditions((err) => {
          if (err) return done(err);
          if (deploymentSpec(s.d).paused) return s.sync(done);
          s.isScalingEvent((e, scaling) => {
            if (e) return done(e);
            if (scaling) return s.sync(done);
            if (spec.strategy?.type === 'Recreate') return rolloutRecreate(s, podMap, done);
            rolloutRolling(s, done);
          });
        });
      },
    );
  }
}
