// The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): watches StatefulSets
// and their pods, adopts orphaned pods and revisions, and hands each set to
// StatefulSetControl for one ordered sync.
import type { LabelSelectorValue } from '../api/selectors';
import { labelSelectorAsSelector, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { jsonEqual } from '../api/patch/json-value';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { ControllerRevision } from './controllerrevision';
import { listControllerRevisions, sortControllerRevisions } from './controllerrevision';
import { claimObjects } from './replicaset-ref-manager';
import { StatefulSetControl } from './statefulset-control';
import type { OwnerReference } from './util/controller-utils';
import { getControllerOf, isPodReady, keyOf, splitKey } from './util/controller-utils';
import { isMemberOf, stsSpec } from './util/statefulset-util';

// kube-controller-manager --concurrent-statefulset-syncs default
const CONCURRENT_STATEFULSET_SYNCS = 5;

/** The `statefulset` controller, running as kube-system/statefulset-controller. */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly serviceAccount = 'statefulset-controller';
  private ctx!: ControllerContext;
  private setInformer!: Informer;
  private podInformer!: Informer;
  private revisionInformer!: Informer;
  private queue!: RateLimitingQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.setInformer = ctx.informers.informer('/apis/apps/v1/statefulsets');
    this.podInformer = ctx.informers.informer('/api/v1/pods');
    this.revisionInformer = ctx.informers.informer('/apis/apps/v1/controllerrevisions');
    this.queue = ctx.queue('statefulset', CONCURRENT_STATEFULSET_SYNCS, (key, done) =>
      this.sync(key, done),
    );
    const enqueue = (s: KubeObject) => this.queue.add(keyOf(s));
    this.setInformer.addHandlers({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: enqueue,
    });
    this.podInformer.addHandlers({
      onAdd: (p) => (p.metadata.deletionTimestamp ? this.deletePod(p) : this.podChanged(p)),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (p) => this.deletePod(p),
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private resolveControllerRef(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== 'StatefulSet') return undefined;
    const set = this.setInformer.get(namespace, ref.name);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  /** getStatefulSetsForPod: sets whose non-empty selector matches an orphan pod. */
  private setsForPod(pod: KubeObject): KubeObject[] {
    return this.setInformer.items(pod.metadata.namespace ?? '').filter((s) => {
      const sel = selectorOf(s);
      return (
        !!sel &&
        sel.kind === 'requirements' &&
        sel.requirements.length > 0 &&
        matchesLabels(sel, pod.metadata.labels)
      );
    });
  }

  /** addPod: the owner (or, for an orphan, every matching set) syncs. */
  private podChanged(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return this.setsForPod(pod).forEach((s) => this.queue.add(keyOf(s)));
    const set = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (set) this.queue.add(keyOf(set));
  }

  private updatePod(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const ns = cur.metadata.namespace ?? '';
    if (!jsonEqual(curRef, oldRef) && oldRef) {
      const set = this.resolveControllerRef(ns, oldRef);
      if (set) this.queue.add(keyOf(set));
    }
    if (curRef) {
      const set = this.resolveControllerRef(ns, curRef);
      if (!set) return;
      this.queue.add(keyOf(set));
      const minReady = stsSpec(set).minReadySeconds ?? 0;
      // a pod that just turned ready becomes available after minReadySeconds (plus a second)
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(set), minReady * 1000 + 1000);
      return;
    }
    if (!jsonEqual(cur.metadata.labels, old.metadata.labels) || oldRef)
      this.setsForPod(cur).forEach((s) => this.queue.add(keyOf(s)));
  }

  private deletePod(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const set = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (set) this.queue.add(keyOf(set));
  }

  /** sync: adopt orphan revisions, claim pods, run one StatefulSetControl pass. */
  private sync(key: string, done: () => void): void {
    const finish = (err?: string) => {
      if (err) this.queue.addRateLimited(key);
      else this.queue.forget(key);
      done();
    };
    if (!this.setInformer.synced || !this.podInformer.synced || !this.revisionInformer.synced) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const { namespace, name } = splitKey(key);
    const cached = this.setInformer.get(namespace, name);
    if (!cached) return done();
    const set: KubeObject = { ...cached, apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const selector = selectorOf(set);
    if (!selector) return done(); // invalid selectors are refused by validation
    const trace = this.ctx.newTrace('statefulset');
    const revisions = () =>
      sortControllerRevisions(
        listControllerRevisions(this.revisionInformer.items(namespace), set, selector),
      );
    // adoptOrphanRevisions
    const orphans = revisions().filter((r) => !getControllerOf(r));
    claimObjects(this.ctx.client, set, selector, orphans, trace, (adopted, adoptErrs) => {
      if (adoptErrs.length > 0) return finish(adoptErrs[0]);
      // getPodsForStatefulSet: only pods named like members are adopted
      const candidates = this.podInformer
        .items(namespace)
        .filter((p) => getControllerOf(p) || isMemberOf(set, p));
      claimObjects(this.ctx.client, set, selector, candidates, trace, (pods, podErrs) => {
        if (podErrs.length > 0) return finish(podErrs[0]);
        const byName = new Map<string, ControllerRevision>();
        for (const r of [...revisions(), ...(adopted as ControllerRevision[])])
          byName.set(r.metadata.name!, r);
        const control = new StatefulSetControl(this.ctx, trace);
        control.updateStatefulSet(
          set,
          pods,
          sortControllerRevisions([...byName.values()]),
          (err, status) => {
            if (err) return finish(err);
            const minReady = stsSpec(set).minReadySeconds ?? 0;
            if (minReady > 0 && status && status.availableReplicas !== (stsSpec(set).replicas ?? 1))
              this.queue.addAfter(key, minReady * 1000);
            finish();
          },
        );
      });
    });
  }
}

function selectorOf(set: KubeObject): LabelSelectorValue | undefined {
  try {
    return labelSelectorAsSelector(stsSpec(set).selector as never);
  } catch {
    return undefined;
  }
}

/** The factory kube-controller-manager starts. */
export const statefulSetController = (): Controller => new StatefulSetController();
