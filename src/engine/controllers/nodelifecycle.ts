import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { NodeCondition, NodeHealth } from './util/nodelifecycle-health';
import { NODE_NAME_KEY_INDEX, nodeNameIndexFunc } from './util/controller-utils';
import { conditionsOf, evaluateNodeHealth } from './util/nodelifecycle-health';
import { RateLimitedTimedQueue } from './util/nodelifecycle-rate-limited-queue';
import type { Taint } from './util/nodelifecycle-taints';
import {
  NODE_CONDITION_TO_TAINT_KEY,
  NOT_READY_TAINT_TEMPLATE,
  TAINT_NODE_UNSCHEDULABLE,
  UNREACHABLE_TAINT_TEMPLATE,
  isConditionTaintKey,
  swapTaints,
  taintExists,
  taintSetDiff,
} from './util/nodelifecycle-taints';
import type { ZoneState } from './util/nodelifecycle-zones';
import {
  LABEL_EXCLUDE_DISRUPTION,
  NODE_EVICTION_RATE,
  computeZoneState,
  getZoneKey,
  zoneEvictionRate,
} from './util/nodelifecycle-zones';

// kube-controller-manager defaults: --node-monitor-period 5s, --node-monitor-grace-period 50s
// (since v1.32, kubernetes#126287), --node-startup-grace-period 1m.
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
// scheduler.NodeEvictionPeriod: how often the zone tainting queues are tried.
const NODE_EVICTION_PERIOD_MS = 100;
// nodeStatusUpdateRetry in node_lifecycle_controller.go
const NODE_STATUS_UPDATE_RETRY = 5;
// node_lifecycle_controller.go: 8 workers drain the node update queue (NoSchedule taints).
const NODE_UPDATE_WORKERS = 8;

type Node = KubeObject & { spec?: { taints?: Taint[]; unschedulable?: boolean } };

function taintsOf(node: KubeObject): Taint[] {
  return (node as Node).spec?.taints ?? [];
}

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every 5 s it judges each node
 * by its Lease and status, marks silent nodes Ready=Unknown, taints NotReady/unreachable nodes
 * (NoSchedule at once, NoExecute through the rate-limited zone queues), marks their pods not
 * ready, and lifts the taints when the node is healthy again.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle';
  readonly serviceAccount = 'node-controller';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private leases!: Informer;
  private pods!: Informer;
  private queue!: RateLimitingQueue;
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  /** the informer's node names in order, until a node is added or deleted */
  private sortedNames?: string[];
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private monitorTimer?: { cancel(): void };
  private taintingTimer?: { cancel(): void };
  private stopped = false;
  private epochMs = 0;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.epochMs = Date.parse(ctx.timestamp(0));
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.leases = ctx.informers.informer(
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases',
    );
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.pods.addIndexer(NODE_NAME_KEY_INDEX, nodeNameIndexFunc);
    this.queue = ctx.queue('node_lifecycle_controller', NODE_UPDATE_WORKERS, (key, done) =>
      this.doNoScheduleTaintingPass(key, done),
    );
    this.nodes.addHandlers({
      onAdd: (n) => {
        this.sortedNames = undefined;
        this.queue.add(n.metadata.name!);
      },
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: () => (this.sortedNames = undefined),
    });
    this.monitorTimer = ctx.after(NODE_MONITOR_PERIOD_MS, () => this.monitorTick());
  }

  stop(): void {
    this.stopped = true;
    this.monitorTimer?.cancel();
    this.taintingTimer?.cancel();
    this.queue?.shutDown();
  }

  private synced(): boolean {
    return this.nodes.synced && this.leases.synced && this.pods.synced;
  }

  private toVirtual = (ts: string): number => Date.parse(ts) - this.epochMs;

  private monitorTick(): void {
    if (this.stopped) return;
    if (!this.synced()) return this.nextTick();
    this.monitorNodeHealth();
  }

  /** wait.Until is sliding: the next pass starts a period after this one has finished. */
  private nextTick(): void {
    if (this.stopped) return;
    this.monitorTimer = this.ctx.after(NODE_MONITOR_PERIOD_MS, () => this.monitorTick());
  }

  /** monitorNodeHealth: one pass over every node, then the zone disruption bookkeeping. */
  private monitorNodeHealth(): void {
    // sorted once per change of the node set, not on every pass over thousands of nodes
    this.sortedNames ??= this.nodes
      .items()
      .map((n) => n.metadata.name!)
      .sort((a, b) => a.localeCompare(b));
    const nodes = this.sortedNames.map((name) => this.nodes.get(undefined, name)!);
    for (const n of nodes) {
      if (this.known.has(n.metadata.name!)) continue;
      const name = n.metadata.name!;
      this.ctx.events.record(
        nodeRef(n),
        'Normal',
        'RegisteredNode',
        `Node ${name} event: Registered Node ${name} in Controller`,
      );
      this.known.add(name);
      this.addTainterForZone(n);
      this.markNodeAsReachable(n);
    }
    for (const name of [...this.known]) {
      if (this.nodes.get(undefined, name)) continue;
      this.ctx.events.record(
        { apiVersion: 'v1', kind: 'Node', metadata: { name } },
        'Normal',
        'RemovingNode',
        `Node ${name} event: Removing Node ${name} from Controller`,
      );
      this.known.delete(name);
      this.health.delete(name);
    }
    const zoneToReady = new Map<string, (string | undefined)[]>();
    let pending = nodes.length;
    const finish = () => {
      if (--pending > 0) return;
      if (this.stopped) return;
      this.handleDisruption(zoneToReady, nodes);
      this.nextTick();
    };
    if (pending === 0) return finish();
    for (const node of nodes) {
      this.updateNodeHealth(node, NODE_STATUS_UPDATE_RETRY, (fresh, observed, current) => {
        if (current) {
          if (!fresh.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION]) {
            const zone = getZoneKey(fresh.metadata.labels);
            const statuses = zoneToReady.get(zone);
            if (statuses) statuses.push(current.status);
            else zoneToReady.set(zone, [current.status]);
          }
          this.processTaintBaseEviction(fresh, observed);
          if (current.status !== 'True' && observed.status === 'True') {
            const name = fresh.metadata.name!;
            this.ctx.events.record(
              nodeRef(fresh),
              'Normal',
              'NodeNotReady',
              `Node ${name} status is now: NodeNotReady`,
            );
            this.markPodsNotReady(name);
          }
        }
        finish();
      });
    }
  }

  /** tryUpdateNodeHealth with nodeStatusUpdateRetry attempts (re-reading the node on failure). */
  private updateNodeHealth(
    node: KubeObject,
    retries: number,
    done: (node: KubeObject, observed: NodeCondition, current?: NodeCondition) => void,
  ): void {
    const name = node.metadata.name!;
    const result = evaluateNodeHealth(
      node,
      this.health.get(name),
      this.leases.get('kube-node-lease', name),
      this.ctx.now(),
      this.ctx.timestamp(),
      this.toVirtual,
      {
        gracePeriodMs: NODE_MONITOR_GRACE_PERIOD_MS,
        startupGracePeriodMs: NODE_STARTUP_GRACE_PERIOD_MS,
      },
    );
    if (!result.updatedNode) {
      this.health.set(name, result.health);
      return done(node, result.observedReady, result.currentReady);
    }
    const updated = result.updatedNode;
    this.ctx.client.request(
      { method: 'PUT', path: `/api/v1/nodes/${name}/status`, body: updated },
      (res) => {
        if (this.stopped) return;
        if (res.ok && res.response.status < 300) {
          this.health.set(name, result.health);
          return done(res.response.body as KubeObject, result.observedReady, result.currentReady);
        }
        if (retries <= 1) return done(node, result.observedReady, undefined);
        // Re-read the node from the apiserver and try again.
        this.ctx.client.request({ method: 'GET', path: `/api/v1/nodes/${name}` }, (got) => {
          if (this.stopped) return;
          if (!got.ok || got.response.status !== 200)
            return done(node, result.observedReady, undefined);
          this.updateNodeHealth(got.response.body as KubeObject, retries - 1, done);
        });
      },
    );
  }

  private tainterFor(node: KubeObject): RateLimitedTimedQueue {
    this.addTainterForZone(node);
    return this.tainters.get(getZoneKey(node.metadata.labels))!;
  }

  private addTainterForZone(node: KubeObject): void {
    const zone = getZoneKey(node.metadata.labels);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.tainters.set(zone, new RateLimitedTimedQueue(NODE_EVICTION_RATE, this.ctx.now()));
  }

  /** processTaintBaseEviction: act on the Ready condition the node carried before this pass. */
  private processTaintBaseEviction(node: KubeObject, observed: NodeCondition): void {
    const taints = taintsOf(node);
    if (observed.status === 'False') {
      if (taintExists(taints, UNREACHABLE_TAINT_TEMPLATE)) {
        this.swapNodeTaints(node, [NOT_READY_TAINT_TEMPLATE], [UNREACHABLE_TAINT_TEMPLATE]);
      } else this.markNodeForTainting(node, 'False');
    } else if (observed.status === 'Unknown') {
      if (taintExists(taints, NOT_READY_TAINT_TEMPLATE)) {
        this.swapNodeTaints(node, [UNREACHABLE_TAINT_TEMPLATE], [NOT_READY_TAINT_TEMPLATE]);
      } else this.markNodeForTainting(node, 'Unknown');
    } else if (observed.status === 'True') {
      this.markNodeAsReachable(node);
    }
  }

  private markNodeForTainting(node: KubeObject, status: 'False' | 'Unknown'): void {
    const q = this.tainterFor(node);
    const name = node.metadata.name!;
    const template = status === 'False' ? NOT_READY_TAINT_TEMPLATE : UNREACHABLE_TAINT_TEMPLATE;
    if (!taintExists(taintsOf(node), template)) q.remove(name);
    if (q.add(name, node.metadata.uid ?? '', this.ctx.now())) this.kickTainting();
  }

  /** markNodeAsReachable: drop both NoExecute taints and forget any queued tainting. */
  private markNodeAsReachable(node: KubeObject): void {
    this.swapNodeTaints(node, [], [UNREACHABLE_TAINT_TEMPLATE, NOT_READY_TAINT_TEMPLATE]);
    this.tainters.get(getZoneKey(node.metadata.labels))?.remove(node.metadata.name!);
  }

  private kickTainting(): void {
    if (this.taintingTimer || this.stopped) return;
    this.taintingTimer = this.ctx.after(NODE_EVICTION_PERIOD_MS, () => {
      this.taintingTimer = undefined;
      this.doNoExecuteTaintingPass();
    });
  }

  /** doNoExecuteTaintingPass: taint queued nodes, as fast as each zone's limiter allows. */
  private doNoExecuteTaintingPass(): void {
    if (this.stopped) return;
    const now = this.ctx.now();
    for (const q of this.tainters.values()) {
      q.try(now, (v) => {
        const node = this.nodes.get(undefined, v.value);
        if (!node) return [true, 0];
        const ready = conditionsOf(node).find((c) => c.type === 'Ready');
        if (!ready) return [false, 50];
        // unreachable and not-ready mirror Ready=Unknown/False, so they exclude each other.
        if (ready.status === 'False')
          this.swapNodeTaints(node, [NOT_READY_TAINT_TEMPLATE], [UNREACHABLE_TAINT_TEMPLATE]);
        else if (ready.status === 'Unknown')
          this.swapNodeTaints(node, [UNREACHABLE_TAINT_TEMPLATE], [NOT_READY_TAINT_TEMPLATE]);
        return [true, 0];
      });
    }
    if ([...this.tainters.values()].some((q) => q.length > 0)) this.kickTainting();
  }

  /** doNoScheduleTaintingPass: NoSchedule taints that mirror conditions and spec.unschedulable. */
  private doNoScheduleTaintingPass(name: string, done: () => void): void {
    const node = this.nodes.get(undefined, name);
    if (!node || this.stopped) return done();
    const wanted: Taint[] = [];
    for (const c of conditionsOf(node)) {
      const key = NODE_CONDITION_TO_TAINT_KEY[c.type]?.[c.status];
      if (key) wanted.push({ key, effect: 'NoSchedule' });
    }
    if ((node as Node).spec?.unschedulable)
      wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    const current = taintsOf(node).filter(
      (t) =>
        t.effect === 'NoSchedule' &&
        (t.key === TAINT_NODE_UNSCHEDULABLE || isConditionTaintKey(t.key)),
    );
    const { toAdd, toRemove } = taintSetDiff(wanted, current);
    if (toAdd.length === 0 && toRemove.length === 0) return done();
    this.swapNodeTaints(node, toAdd, toRemove, done);
  }

  /**
   * SwapNodeControllerTaint: stamp the new taints with timeAdded and write spec.taints with the
   * node's resourceVersion as a precondition (PatchNodeTaints); a conflict re-reads and retries.
   */
  private swapNodeTaints(
    node: KubeObject,
    toAdd: readonly Taint[],
    toRemove: readonly Taint[],
    done: () => void = () => undefined,
    attempt = 0,
  ): void {
    const now = this.ctx.timestamp();
    const stamped = toAdd.map((t) => ({ ...t, timeAdded: now }));
    const next = swapTaints(taintsOf(node), stamped, toRemove);
    if (!next) return done();
    const name = node.metadata.name!;
    this.ctx.client.request(
      {
        method: 'PATCH',
        path: `/api/v1/nodes/${name}`,
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: {
          metadata: { resourceVersion: node.metadata.resourceVersion },
          spec: { taints: next.length > 0 ? next : null },
        },
      },
      (res) => {
        if (this.stopped) return done();
        if (res.ok && res.response.status === 409 && attempt < NODE_STATUS_UPDATE_RETRY) {
          return this.ctx.client.request(
            { method: 'GET', path: `/api/v1/nodes/${name}` },
            (got) => {
              if (!got.ok || got.response.status !== 200) return done();
              this.swapNodeTaints(
                got.response.body as KubeObject,
                toAdd,
                toRemove,
                done,
                attempt + 1,
              );
            },
          );
        }
        done();
      },
    );
  }

  /** MarkPodsNotReady: Ready=False on every pod of the node, each with a NodeNotReady event. */
  private markPodsNotReady(nodeName: string): void {
    const now = this.ctx.timestamp();
    for (const pod of this.pods.byIndex(NODE_NAME_KEY_INDEX, nodeName)) {
      const status = structuredClone(pod.status ?? {}) as { conditions?: NodeCondition[] };
      const ready = status.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      ready.status = 'False';
      ready.lastTransitionTime = now;
      const body = { ...structuredClone(pod), status };
      this.ctx.client.request(
        {
          method: 'PUT',
          path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
          body,
        },
        (res) => {
          if (this.stopped || (res.ok && res.response.status === 404)) return;
          // recorded after the update, to be sure the pod still exists
          this.ctx.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
        },
      );
    }
  }

  /** handleDisruption: move zones between Normal, PartialDisruption and FullDisruption. */
  private handleDisruption(
    zoneToReady: Map<string, (string | undefined)[]>,
    nodes: readonly KubeObject[],
  ): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, statuses] of zoneToReady) {
      const [, state] = computeZoneState(statuses);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneToReady.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    const now = this.ctx.now();
    if (allAreFullyDisrupted) {
      // Every node is down: the control plane is more likely cut off than the nodes dead.
      for (const n of nodes) this.markNodeAsReachable(n);
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h)
          this.health.set(n.metadata.name!, {
            ...h,
            probeTimestamp: now,
            readyTransitionTimestamp: now,
          });
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone) ?? 'Normal';
        this.setLimiterInZone(zone, zoneToReady.get(zone)?.length ?? 0, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of [...this.zoneStates]) {
      const next = newStates.get(zone);
      if (!next || next === state) continue;
      this.setLimiterInZone(zone, zoneToReady.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    this.tainters.get(zone)?.swapLimiter(zoneEvictionRate(state, size), this.ctx.now());
  }

  /** The zone states, for views and tests. */
  zones(): ReadonlyMap<string, ZoneState> {
    return this.zoneStates;
  }
}

function nodeRef(node: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata.name, uid: node.metadata.uid },
  };
}

/** The node lifecycle controller's factory, for defaultControllers. */
export const nodeLifecycleController = (): Controller => new NodeLifecycleController();
