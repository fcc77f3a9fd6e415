// The DaemonSet controller's rollout half (pkg/controller/daemon/update.go): the
// ControllerRevision history of the pod template and the rolling update that replaces old
// pods within maxUnavailable (or surges new ones within maxSurge).
import type { KubeObject } from '../api/types';
import type { ControllerRevision } from './controllerrevision';
import {
  POD_REVISION_LABEL,
  deleteControllerRevision,
  goJsonMarshal,
  templatePatch,
  updateControllerRevision,
} from './controllerrevision';
import type { ControllerContext } from './controller';
import { computeHash } from './deployment-util';
import { call, isPodAvailable, newControllerRef, series } from './util/controller-utils';
import {
  dsSpec,
  dsStatus,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  surgeCount,
  templateGeneration,
  unavailableCount,
} from './util/daemonset-util';

/** Match: the revision's data is the DaemonSet's current template patch. */
export function matchRevision(ds: KubeObject, rev: ControllerRevision): boolean {
  return goJsonMarshal(templatePatch(ds)) === goJsonMarshal(rev.data);
}

const maxRevision = (revs: readonly ControllerRevision[]) =>
  revs.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);

/**
 * snapshot: creates the revision `<ds>-<ComputeHash(template, collisionCount)>`; on a name
 * collision with other data it bumps status.collisionCount and fails, so the next sync retries.
 */
function snapshot(
  ctx: ControllerContext,
  ds: KubeObject,
  revision: number,
  trace: string,
  done: (err?: string, rev?: ControllerRevision) => void,
): void {
  const spec = dsSpec(ds);
  const hash = computeHash(spec.template, dsStatus(ds).collisionCount);
  const ns = ds.metadata.namespace ?? '';
  const name = `${ds.metadata.name}-${hash}`;
  const path = `/apis/apps/v1/namespaces/${ns}/controllerrevisions`;
  const body: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...spec.template?.metadata?.labels, [POD_REVISION_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    data: templatePatch(ds),
    revision,
  };
  call(ctx.client, { method: 'POST', path, body }, trace, (r) => {
    if (r.ok) return done(undefined, r.body as ControllerRevision);
    if (r.status !== 409) return done(r.message);
    call(ctx.client, { method: 'GET', path: `${path}/${name}` }, trace, (g) => {
      if (!g.ok) return done(g.message);
      if (matchRevision(ds, g.body as ControllerRevision))
        return done(undefined, g.body as ControllerRevision);
      // a different template hashed to the same name: bump the collision count
      const dsPath = `/apis/apps/v1/namespaces/${ns}/daemonsets/${ds.metadata.name}`;
      call(ctx.client, { method: 'GET', path: dsPath }, trace, (d) => {
        if (!d.ok) return done(d.message);
        const cur = d.body as KubeObject;
        const count = dsStatus(cur).collisionCount;
        if (count !== dsStatus(ds).collisionCount)
          return done(
            `found a stale collision count (${dsStatus(ds).collisionCount}, expected ${count}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`,
          );
        const status = { ...dsStatus(cur), collisionCount: (count ?? 0) + 1 };
        call(
          ctx.client,
          { method: 'PUT', path: `${dsPath}/status`, body: { ...cur, status } },
          trace,
          (u) => done(u.ok ? r.message : u.message),
        );
      });
    });
  });
}

/**
 * constructHistory: splits the DaemonSet's revisions into the current one (created when
 * missing, deduplicated, renumbered to the newest) and the old ones.
 */
export function constructHistory(
  ctx: ControllerContext,
  ds: KubeObject,
  histories: readonly ControllerRevision[],
  daemonPods: readonly KubeObject[],
  trace: string,
  done: (err?: string, cur?: ControllerRevision, old?: ControllerRevision[]) => void,
): void {
  const current = histories.filter((h) => matchRevision(ds, h));
  const old = histories.filter((h) => !matchRevision(ds, h));
  const currRevision = maxRevision(old) + 1;
  if (current.length === 0)
    return snapshot(ctx, ds, currRevision, trace, (err, cur) => done(err, cur, old));
  // dedupCurHistories: keep the highest revision, relabel pods, delete the others
  let keep = current[0];
  for (const h of current) if ((h.revision ?? 0) >= (keep.revision ?? 0)) keep = h;
  const keepHash = keep.metadata.labels?.[POD_REVISION_LABEL] ?? '';
  const ns = ds.metadata.namespace ?? '';
  const tasks: ((d: (err?: string) => void) => void)[] = [];
  if (current.length > 1) {
    for (const pod of daemonPods) {
      if (pod.metadata.labels?.[POD_REVISION_LABEL] === keepHash) continue;
      tasks.push((d) =>
        call(
          ctx.client,
          {
            method: 'PATCH',
            path: `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`,
            headers: { 'Content-Type': 'application/merge-patch+json' },
            body: { metadata: { labels: { [POD_REVISION_LABEL]: keepHash } } },
          },
          trace,
          (r) => d(r.ok ? undefined : r.message),
        ),
      );
    }
    for (const h of current)
      if (h !== keep) tasks.push((d) => deleteControllerRevision(ctx.client, h, trace, d));
  }
  series(tasks, (err) => {
    if (err) return done(err);
    if ((keep.revision ?? 0) >= currRevision) return done(undefined, keep, old);
    updateControllerRevision(ctx.client, keep, currRevision, trace, (uerr) =>
      done(uerr, keep, old),
    );
  });
}

/**
 * cleanupHistory: deletes the oldest revisions beyond revisionHistoryLimit that no pod
 * (deleted terminal ones included) still carries.
 */
export function cleanupHistory(
  ctx: ControllerContext,
  ds: KubeObject,
  old: readonly ControllerRevision[],
  daemonPods: readonly KubeObject[],
  trace: string,
  done: (err?: string) => void,
): void {
  let toKill = old.length - (dsSpec(ds).revisionHistoryLimit ?? 10);
  if (toKill <= 0) return done();
  const live = new Set(daemonPods.map((p) => p.metadata.labels?.[POD_REVISION_LABEL] ?? ''));
  const victims: ControllerRevision[] = [];
  for (const h of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (live.has(h.metadata.labels?.[POD_REVISION_LABEL] ?? '\0')) continue;
    victims.push(h);
    toKill--;
  }
  series(
    victims.map((h) => (d) => deleteControllerRevision(ctx.client, h, trace, d)),
    (err) => done(err ? `failed to clean up revisions of DaemonSet: ${err}` : undefined),
  );
}

/**
 * findUpdatedPodsOnNode: the node's live new and old pod, or undefined when there is more
 * than one of either (the manage loop prunes those first).
 */
function findUpdatedPodsOnNode(
  pods: readonly KubeObject[],
  hash: string,
  generation: number | undefined,
): { newPod?: KubeObject; oldPod?: KubeObject } | undefined {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/** The pods to delete and nodes to create on for one rolling-update step. */
export interface RollingUpdatePlan {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/**
 * rollingUpdate's decision (update.go): without surge, delete old pods while the unavailable
 * count stays within maxUnavailable (unavailable old pods always go); with surge, create new
 * pods beside old ones within maxSurge and delete an old pod once its replacement is available.
 * Nodes are visited in the node list's order (upstream ranges over a map).
 */
export function planRollingUpdate(
  ds: KubeObject,
  nodes: readonly KubeObject[],
  nodeToDaemonPods: Map<string, KubeObject[]>,
  hash: string,
  nowMs: number,
): RollingUpdatePlan {
  const minReady = dsSpec(ds).minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  const available = (p: KubeObject) => isPodAvailable(p, minReady, nowMs);
  // updatedDesiredNodeCounts: every node that should run a pod is in the map
  const byNode = new Map(nodeToDaemonPods);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const order = [
    ...nodes.map((n) => n.metadata.name!).filter((n) => byNode.has(n)),
    ...[...byNode.keys()].filter((n) => !nodes.some((x) => x.metadata.name === n)),
  ];
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  const shouldRun = (name: string) => {
    const node = nodeByName.get(name);
    return !!node && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const name of order) {
      const found = findUpdatedPodsOnNode(byNode.get(name)!, hash, generation);
      if (!found) {
        numUnavailable++;
        continue;
      }
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        allowed.push(oldPod.metadata.name!);
        numUnavailable++;
      } else if (oldPod && numUnavailable < maxUnavailable) {
        candidates.push(oldPod.metadata.name!);
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { podsToDelete: [...allowed, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const name of order) {
    const found = findUpdatedPodsOnNode(byNode.get(name)!, hash, generation);
    if (!found) {
      numSurge++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(name)) oldPodsToDelete.push(oldPod.metadata.name!);
        else allowedNewNodes.push(name);
      } else if (!shouldRun(name)) shouldNotRunPodsToDelete.push(oldPod.metadata.name!);
      else if (numSurge < maxSurge) candidateNewNodes.push(name);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else oldPodsToDelete.push(oldPod.metadata.name!);
  }
  const deletable = Math.min(numAvailable - desired, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  return {
    podsToDelete: oldPodsToDelete,
    nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)],
  };
}
