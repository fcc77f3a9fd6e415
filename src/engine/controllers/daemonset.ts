// The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod per eligible
// node, created with a `metadata.name In [node]` node affinity so the scheduler binds it there,
// removed from nodes that no longer qualify, rolled per update.go, status via /status.
import type { LabelSelectorValue } from '../api/selectors';
import { labelSelectorAsSelector, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { jsonEqual } from '../api/patch/json-value';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { ControllerRevision } from './controllerrevision';
import { POD_REVISION_LABEL } from './controllerrevision';
import type { NodePodsEnv } from './daemonset-pods';
import { FailedPodsBackoff, podsShouldBeOnNode } from './daemonset-pods';
import { daemonSetStatusFor, storeDaemonSetStatus } from './daemonset-status';
import { cleanupHistory, constructHistory, planRollingUpdate } from './daemonset-update';
import { createPod, deletePod } from './replicaset-pod-control';
import { claimObjects } from './replicaset-ref-manager';
import type { OwnerReference } from './util/controller-utils';
import {
  SLOW_START_INITIAL_BATCH_SIZE,
  getControllerOf,
  isPodReady,
  keyOf,
  newControllerRef,
  parallel,
  podPhase,
  slowStartBatch,
  splitKey,
  wallClock,
} from './util/controller-utils';
import {
  createPodTemplate,
  dsSpec,
  getTargetNodeName,
  nodeShouldRunDaemonPod,
  replaceNodeNameNodeAffinity,
  templateGeneration,
} from './util/daemonset-util';

// daemon_controller.go BurstReplicas
export const DAEMONSET_BURST_REPLICAS = 250;
// kube-controller-manager --concurrent-daemonset-syncs default
const CONCURRENT_DAEMONSET_SYNCS = 2;
// controller_utils.go ExpectationsTimeout
const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

// daemon_controller.go event reasons
export const SELECTING_ALL_REASON = 'SelectingAll';

type Done = (err?: string) => void;
type NodePods = Map<string, KubeObject[]>;

/** The `daemonset` controller, running as kube-system/daemon-set-controller. */
export class DaemonSetsController implements Controller {
  readonly name = 'daemonset';
  readonly serviceAccount = 'daemon-set-controller';
  readonly eventSource = 'daemonset-controller';
  private ctx!: ControllerContext;
  private dsInformer!: Informer;
  private historyInformer!: Informer;
  private podInformer!: Informer;
  private nodeInformer!: Informer;
  private queue!: RateLimitingQueue;
  // controller.ControllerExpectations: pending creates and deletes per DaemonSet key
  private readonly expectations = new Map<string, { add: number; del: number; at: number }>();
  // failedPodsBackoff: per DaemonSet generation and node
  private readonly backoff = new FailedPodsBackoff();

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.dsInformer = ctx.informers.informer('/apis/apps/v1/daemonsets');
    this.historyInformer = ctx.informers.informer('/apis/apps/v1/controllerrevisions');
    this.podInformer = ctx.informers.informer('/api/v1/pods');
    this.nodeInformer = ctx.informers.informer('/api/v1/nodes');
    this.queue = ctx.queue('daemonset', CONCURRENT_DAEMONSET_SYNCS, (key, done) =>
      this.sync(key, done),
    );
    const enqueue = (ds: KubeObject) => this.queue.add(keyOf(ds));
    this.dsInformer.addHandlers({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: enqueue,
    });
    this.historyInformer.addHandlers({
      onAdd: (h) => this.ownerOrMatching(h, false).forEach(enqueue),
      onUpdate: (o, h) => {
        if (o.metadata.resourceVersion === h.metadata.resourceVersion) return;
        this.ownerOrMatching(o, true).forEach(enqueue);
        this.ownerOrMatching(h, false).forEach(enqueue);
      },
      onDelete: (h) => this.ownerOrMatching(h, true).forEach(enqueue),
    });
    this.podInformer.addHandlers({
      onAdd: (p) => this.addPod(p),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(p),
    });
    this.nodeInformer.addHandlers({
      onAdd: (node) => {
        for (const ds of this.dsInformer.items())
          if (nodeShouldRunDaemonPod(node, ds).shouldRun) enqueue(ds);
      },
      onUpdate: (old, node) => {
        for (const ds of this.dsInformer.items()) {
          const a = nodeShouldRunDaemonPod(old, ds);
          const b = nodeShouldRunDaemonPod(node, ds);
          if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning)
            enqueue(ds);
        }
      },
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  // ---- event handlers ----

  private resolveControllerRef(namespace: string, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== 'DaemonSet') return undefined;
    const ds = this.dsInformer.get(namespace, ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  /** GetPodDaemonSets / GetHistoryDaemonSets: DaemonSets whose non-empty selector matches. */
  private matchingDaemonSets(obj: KubeObject): KubeObject[] {
    return this.dsInformer.items(obj.metadata.namespace ?? '').filter((ds) => {
      const sel = selectorOf(ds);
      return !!sel && !isEmptySelector(sel) && matchesLabels(sel, obj.metadata.labels);
    });
  }

  /** The controlling DaemonSet of an object, or (for orphans) every DaemonSet matching it. */
  private ownerOrMatching(obj: KubeObject, ownerOnly: boolean): KubeObject[] {
    const ref = getControllerOf(obj);
    if (ref) {
      const ds = this.resolveControllerRef(obj.metadata.namespace ?? '', ref);
      return ds ? [ds] : [];
    }
    return ownerOnly ? [] : this.matchingDaemonSets(obj);
  }

  private addPod(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (!ref) return this.matchingDaemonSets(pod).forEach((ds) => this.queue.add(keyOf(ds)));
    const ds = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!ds) return;
    this.observe(keyOf(ds), 'add');
    this.queue.add(keyOf(ds));
  }

  private updatePod(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) return this.deletePod(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !jsonEqual(curRef, oldRef);
    const ns = cur.metadata.namespace ?? '';
    if (refChanged && oldRef) {
      const ds = this.resolveControllerRef(ns, oldRef);
      if (ds) this.queue.add(keyOf(ds));
    }
    if (curRef) {
      const ds = this.resolveControllerRef(ns, curRef);
      if (!ds) return;
      this.queue.add(keyOf(ds));
      const minReady = dsSpec(ds).minReadySeconds ?? 0;
      // one second more than minReadySeconds, against clock skew in AddAfter
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
      return;
    }
    const labelsChanged = !jsonEqual(cur.metadata.labels, old.metadata.labels);
    if (labelsChanged || refChanged)
      this.matchingDaemonSets(cur).forEach((ds) => this.queue.add(keyOf(ds)));
  }

  private deletePod(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const ds = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!ds) return;
    this.observe(keyOf(ds), 'del');
    this.queue.add(keyOf(ds));
  }

  // ---- expectations and backoff ----

  private observe(key: string, what: 'add' | 'del'): void {
    const e = this.expectations.get(key);
    if (e) e[what]--;
  }

  private satisfied(key: string): boolean {
    const e = this.expectations.get(key);
    if (!e || (e.add <= 0 && e.del <= 0)) return true;
    return this.ctx.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  // ---- sync ----

  private finish(key: string, err: string | undefined, done: () => void): void {
    if (err) this.queue.addRateLimited(key);
    else this.queue.forget(key);
    done();
  }

  /** syncDaemonSet: one DaemonSet key. */
  private sync(key: string, done: () => void): void {
    const { namespace, name } = splitKey(key);
    if (
      ![this.dsInformer, this.historyInformer, this.podInformer, this.nodeInformer].every(
        (i) => i.synced,
      )
    ) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const cached = this.dsInformer.get(namespace, name);
    if (!cached) {
      this.expectations.delete(key);
      return done();
    }
    const ds: KubeObject = { ...cached, apiVersion: 'apps/v1', kind: 'DaemonSet' };
    const nodes = this.nodeInformer.items();
    const selector = selectorOf(ds);
    if (!selector) return done();
    // reflect.DeepEqual(ds.Spec.Selector, &metav1.LabelSelector{})
    const raw = dsSpec(ds).selector as Record<string, unknown> | undefined;
    if (raw && Object.keys(raw).length === 0) {
      this.ctx.events.record(
        ds,
        'Warning',
        SELECTING_ALL_REASON,
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return done();
    }
    if (ds.metadata.deletionTimestamp) return done();
    const trace = this.ctx.newTrace('daemonset');
    const revisions = this.historyInformer.items(namespace);
    claimObjects(this.ctx.client, ds, selector, revisions, trace, (histories, claimErrs) => {
      if (claimErrs.length > 0) return this.finish(key, claimErrs[0], done);
      this.nodeToDaemonPods(ds, true, trace, (err, byNode) => {
        if (err) return this.finish(key, err, done);
        const pods = [...byNode!.values()].flat();
        constructHistory(
          this.ctx,
          ds,
          histories as ControllerRevision[],
          pods,
          trace,
          (herr, cur, old) => {
            if (herr || !cur)
              return this.finish(key, `failed to construct revisions of DaemonSet: ${herr}`, done);
            const hash = cur.metadata.labels?.[POD_REVISION_LABEL] ?? '';
            if (!this.satisfied(key))
              return this.updateStatus(ds, nodes, hash, false, trace, (e) =>
                this.finish(key, e, done),
              );
            this.updateDaemonSet(ds, nodes, hash, key, old ?? [], trace, (uerr) =>
              this.updateStatus(ds, nodes, hash, true, trace, (serr) =>
                this.finish(key, uerr ?? serr, done),
              ),
            );
          },
        );
      });
    });
  }

  /**
   * getNodesToDaemonPods: the DaemonSet's pods (after adoption and release) by target node;
   * terminal pods already being deleted are left out unless asked for.
   */
  private nodeToDaemonPods(
    ds: KubeObject,
    includeDeletedTerminal: boolean,
    trace: string,
    done: (err?: string, byNode?: NodePods) => void,
  ): void {
    const candidates = this.podInformer.items(ds.metadata.namespace ?? '');
    claimObjects(this.ctx.client, ds, selectorOf(ds)!, candidates, trace, (claimed, errors) => {
      if (errors.length > 0) return done(errors[0]);
      const byNode: NodePods = new Map();
      for (const pod of claimed) {
        const terminal = podPhase(pod) === 'Succeeded' || podPhase(pod) === 'Failed';
        if (!includeDeletedTerminal && terminal && pod.metadata.deletionTimestamp) continue;
        const node = getTargetNodeName(pod);
        if (node === undefined) continue;
        byNode.set(node, [...(byNode.get(node) ?? []), pod]);
      }
      done(undefined, byNode);
    });
  }

  private updateDaemonSet(
    ds: KubeObject,
    nodes: KubeObject[],
    hash: string,
    key: string,
    old: ControllerRevision[],
    trace: string,
    done: Done,
  ): void {
    this.manage(ds, nodes, hash, trace, (err) => {
      if (err) return done(err);
      const rolling = this.satisfied(key) && dsSpec(ds).updateStrategy?.type === 'RollingUpdate';
      const next = (rerr?: string) => {
        if (rerr) return done(rerr);
        this.nodeToDaemonPods(ds, true, trace, (perr, byNode) => {
          if (perr) return done(perr);
          cleanupHistory(this.ctx, ds, old, [...byNode!.values()].flat(), trace, done);
        });
      };
      if (!rolling) return next();
      this.nodeToDaemonPods(ds, false, trace, (perr, byNode) => {
        if (perr) return next(perr);
        const plan = planRollingUpdate(ds, nodes, byNode!, hash, wallClock(this.ctx));
        this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash, trace, next);
      });
    });
  }

  /** manage: create pods on nodes that need one, delete them where they should not run. */
  private manage(
    ds: KubeObject,
    nodes: KubeObject[],
    hash: string,
    trace: string,
    done: Done,
  ): void {
    this.nodeToDaemonPods(ds, false, trace, (err, byNode) => {
      if (err)
        return done(
          `couldn't get node to daemon pod mapping for daemon set "${ds.metadata.name}": ${err}`,
        );
      const needing: string[] = [];
      const toDelete: string[] = [];
      const env: NodePodsEnv = {
        now: this.ctx.now(),
        wallMs: wallClock(this.ctx),
        backoff: this.backoff,
        event: (type, reason, message) => this.ctx.events.record(ds, type, reason, message, trace),
        requeueAfter: (ms) => this.queue.addAfter(keyOf(ds), ms),
      };
      for (const node of nodes) {
        const r = podsShouldBeOnNode(node, byNode!.get(node.metadata.name!), ds, hash, env);
        if (r.needsPod) needing.push(node.metadata.name!);
        toDelete.push(...r.toDelete);
      }
      // getUnscheduledPodsWithoutNode: pending pods aimed at nodes that no longer exist
      const existing = new Set(nodes.map((n) => n.metadata.name));
      for (const [node, pods] of byNode!)
        if (!existing.has(node))
          for (const p of pods)
            if (!(p.spec as { nodeName?: string })?.nodeName) toDelete.push(p.metadata.name!);
      this.syncNodes(ds, toDelete, needing, hash, trace, done);
    });
  }

  /**
   * syncNodes: creates pods on the nodes (slow-start batches, at most BurstReplicas) from the
   * template with the daemon tolerations, the revision hash and the node's affinity, then
   * deletes the pods; the expectations wait for the informer to see both.
   */
  private syncNodes(
    ds: KubeObject,
    podsToDelete: string[],
    nodesNeeding: string[],
    hash: string,
    trace: string,
    done: Done,
  ): void {
    const key = keyOf(ds);
    const createDiff = Math.min(nodesNeeding.length, DAEMONSET_BURST_REPLICAS);
    const deleteDiff = Math.min(podsToDelete.length, DAEMONSET_BURST_REPLICAS);
    this.expectations.set(key, { add: createDiff, del: deleteDiff, at: this.ctx.now() });
    const ns = ds.metadata.namespace ?? '';
    const template = createPodTemplate(dsSpec(ds).template ?? {}, templateGeneration(ds), hash);
    const ref = newControllerRef(ds);
    const errors: string[] = [];
    let next = 0;
    slowStartBatch(
      createDiff,
      SLOW_START_INITIAL_BATCH_SIZE,
      (d) => {
        const node = nodesNeeding[next++];
        const t = structuredClone(template);
        t.spec = { ...t.spec, affinity: replaceNodeNameNodeAffinity(t.spec?.affinity, node) };
        createPod(this.ctx, ns, t, ds, ref, trace, (err, terminating) => {
          if (terminating) return d();
          if (err) {
            this.observe(key, 'add');
            errors.push(err);
          }
          d(err);
        });
      },
      (successes, err) => {
        // pods never attempted after a failed batch are not expected
        if (err) for (let i = next; i < createDiff; i++) this.observe(key, 'add');
        parallel(
          podsToDelete.slice(0, deleteDiff).map(
            (name) => (d: Done) =>
              deletePod(this.ctx, ns, name, ds, trace, (derr, notFound) => {
                if (derr) this.observe(key, 'del');
                d(notFound ? undefined : derr);
              }),
          ),
          (delErrors) => done([...errors, ...delErrors][0]),
        );
        void successes;
      },
    );
  }

  /** updateDaemonSetStatus: the counts over the nodes, written through /status when changed. */
  private updateStatus(
    ds: KubeObject,
    nodes: KubeObject[],
    hash: string,
    updateObservedGen: boolean,
    trace: string,
    done: Done,
  ): void {
    this.nodeToDaemonPods(ds, false, trace, (err, byNode) => {
      if (err) return done(err);
      const { status, unchanged } = daemonSetStatusFor(
        ds,
        nodes,
        byNode!,
        hash,
        updateObservedGen,
        wallClock(this.ctx),
      );
      const after = () => {
        const minReady = dsSpec(ds).minReadySeconds ?? 0;
        // resync after minReadySeconds, a last line of defence against clock skew
        if (minReady > 0 && status.numberReady !== status.numberAvailable)
          this.queue.addAfter(keyOf(ds), minReady * 1000);
        done();
      };
      if (unchanged) return after();
      storeDaemonSetStatus(this.ctx, ds, status, trace, (serr) => (serr ? done(serr) : after()));
    });
  }
}

function selectorOf(ds: KubeObject): LabelSelectorValue | undefined {
  try {
    return labelSelectorAsSelector(dsSpec(ds).selector as never);
  } catch {
    return undefined;
  }
}

/** An empty selector selects everything; the controller refuses to act on one. */
function isEmptySelector(sel: LabelSelectorValue): boolean {
  return sel.kind !== 'requirements' || sel.requirements.length === 0;
}

/** The factory kube-controller-manager starts. */
export const daemonSetController = (): Controller => new DaemonSetsController();
