// DaemonSet status (daemon_controller.go updateDaemonSetStatus and storeDaemonSetStatus): the
// counts over the nodes, written through /status only when they change.
import type { KubeObject } from '../api/types';
import type { ControllerContext } from './controller';
import { call, isPodAvailable, isPodReady, omitEmpty } from './util/controller-utils';
import type { DaemonSetStatus } from './util/daemonset-util';
import {
  byCreationTimestampAndPhase,
  dsSpec,
  dsStatus,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  templateGeneration,
} from './util/daemonset-util';

// daemon_controller.go StatusUpdateRetries
const STATUS_UPDATE_RETRIES = 1;

/**
 * The status the nodes and their daemon pods imply: a node that should run a pod is desired,
 * scheduled when it has one, and its oldest pod decides ready, available and updated; a node
 * that should not but has one is misscheduled. `unchanged` when the stored status agrees.
 */
export function daemonSetStatusFor(
  ds: KubeObject,
  nodes: readonly KubeObject[],
  byNode: ReadonlyMap<string, KubeObject[]>,
  hash: string,
  updateObservedGen: boolean,
  nowMs: number,
): { status: DaemonSetStatus; unchanged: boolean } {
  const minReady = dsSpec(ds).minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name!) ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  const prev = dsStatus(ds);
  const gen = ds.metadata.generation ?? 0;
  const status: DaemonSetStatus = {
    ...prev,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    ...(updateObservedGen ? { observedGeneration: gen } : {}),
  };
  const unchanged =
    (prev.desiredNumberScheduled ?? 0) === desired &&
    (prev.currentNumberScheduled ?? 0) === current &&
    (prev.numberMisscheduled ?? 0) === misscheduled &&
    (prev.numberReady ?? 0) === ready &&
    (prev.updatedNumberScheduled ?? 0) === updated &&
    (prev.numberAvailable ?? 0) === available &&
    (prev.numberUnavailable ?? 0) === desired - available &&
    (prev.observedGeneration ?? 0) >= gen;
  return { status, unchanged };
}

/** storeDaemonSetStatus: PUT /status, re-reading the object once on failure. */
export function storeDaemonSetStatus(
  ctx: ControllerContext,
  ds: KubeObject,
  status: DaemonSetStatus,
  trace: string,
  done: (err?: string) => void,
): void {
  const path = `/apis/apps/v1/namespaces/${ds.metadata.namespace}/daemonsets/${ds.metadata.name}`;
  // the four counts are required fields (no omitempty) and always serialise
  const body = omitEmpty(status as Record<string, unknown>, [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
  ]);
  const put = (current: KubeObject, attempt: number) =>
    call(
      ctx.client,
      { method: 'PUT', path: `${path}/status`, body: { ...current, status: body } },
      trace,
      (r) => {
        if (r.ok) return done();
        if (attempt >= STATUS_UPDATE_RETRIES)
          return done(`error storing status for daemon set: ${r.message}`);
        call(ctx.client, { method: 'GET', path }, trace, (g) =>
          g.ok ? put(g.body as KubeObject, attempt + 1) : done(g.message),
        );
      },
    );
  put(ds, 0);
}
