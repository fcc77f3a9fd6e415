// What a DaemonSet does on one node (daemon_controller.go podsShouldBeOnNode): create a pod
// where one should run, delete pods where none should, replace failed and succeeded pods
// (failed ones under a per-node backoff), and prune extra pods.
import type { KubeObject } from '../api/types';
import { POD_REVISION_LABEL } from './controllerrevision';
import { isPodAvailable, isPodReady, podPhase } from './util/controller-utils';
import {
  allowsSurge,
  byCreationTimestampAndPhase,
  dsSpec,
  dsStatus,
  nodeShouldRunDaemonPod,
} from './util/daemonset-util';

// cmd/kube-controller-manager/app/apps.go: flowcontrol.NewBackOff(1*time.Second, 15*time.Minute)
const FAILED_PODS_BACKOFF_INITIAL_MS = 1_000;
const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60_000;

// daemon_controller.go event reasons
export const FAILED_DAEMON_POD_REASON = 'FailedDaemonPod';
export const SUCCEEDED_DAEMON_POD_REASON = 'SucceededDaemonPod';

/** flowcontrol.Backoff for failed daemon pods: 1 s doubling to 15 min per key. */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { delay: number; updated: number }>();

  /** The current delay if the key is still backing off since its last update, else 0. */
  inBackoff(key: string, now: number): number {
    const b = this.entries.get(key);
    return b && now - b.updated < b.delay ? b.delay : 0;
  }

  next(key: string, now: number): void {
    const b = this.entries.get(key);
    // an entry unused for twice the maximum starts over
    const fresh = !b || now - b.updated > 2 * FAILED_PODS_BACKOFF_MAX_MS;
    const delay = fresh
      ? FAILED_PODS_BACKOFF_INITIAL_MS
      : Math.min(b.delay * 2, FAILED_PODS_BACKOFF_MAX_MS);
    this.entries.set(key, { delay, updated: now });
  }
}

/** What podsShouldBeOnNode needs from the controller. */
export interface NodePodsEnv {
  /** virtual ms, for the backoff */
  now: number;
  /** wall-clock ms, for availability */
  wallMs: number;
  backoff: FailedPodsBackoff;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  requeueAfter(ms: number): void;
}

/** podsShouldBeOnNode: whether the node needs a pod, and which of its pods to delete. */
export function podsShouldBeOnNode(
  node: KubeObject,
  pods: readonly KubeObject[] | undefined,
  ds: KubeObject,
  hash: string,
  env: NodePodsEnv,
): { needsPod: boolean; toDelete: string[] } {
  const nodeName = node.metadata.name!;
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const toDelete: string[] = [];
  if (shouldRun && !pods) return { needsPod: true, toDelete };
  if (!shouldContinueRunning) {
    for (const p of pods ?? []) if (!p.metadata.deletionTimestamp) toDelete.push(p.metadata.name!);
    return { needsPod: false, toDelete };
  }
  const running: KubeObject[] = [];
  for (const pod of pods ?? []) {
    if (pod.metadata.deletionTimestamp) continue;
    const where = `${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}`;
    if (podPhase(pod) === 'Failed') {
      // a kubelet rejecting the pod would make this a hot loop: back off per node
      const key = `${ds.metadata.uid}/${dsStatus(ds).observedGeneration ?? 0}/${nodeName}`;
      const delay = env.backoff.inBackoff(key, env.now);
      if (delay > 0) {
        env.requeueAfter(delay);
        continue;
      }
      env.backoff.next(key, env.now);
      env.event(
        'Warning',
        FAILED_DAEMON_POD_REASON,
        `Found failed daemon pod ${where}, will try to kill it`,
      );
      toDelete.push(pod.metadata.name!);
    } else if (podPhase(pod) === 'Succeeded') {
      env.event(
        'Normal',
        SUCCEEDED_DAEMON_POD_REASON,
        `Found succeeded daemon pod ${where}, will try to delete it`,
      );
      toDelete.push(pod.metadata.name!);
    } else running.push(pod);
  }
  running.sort(byCreationTimestampAndPhase);
  if (!allowsSurge(ds)) {
    // more than one running pod: keep the oldest
    for (const p of running.slice(1)) toDelete.push(p.metadata.name!);
    return { needsPod: false, toDelete };
  }
  if (running.length <= 1) return { needsPod: running.length === 0 && shouldRun, toDelete };
  // surge: keep the oldest new pod and, while it is not yet available, the oldest ready old one
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of running) {
    if (pod.metadata.labels?.[POD_REVISION_LABEL] === hash) {
      if (!oldestNew) {
        oldestNew = pod;
        continue;
      }
    } else if (!oldestOld) {
      oldestOld = pod;
      continue;
    }
    toDelete.push(pod.metadata.name!);
  }
  if (oldestNew && oldestOld) {
    const minReady = dsSpec(ds).minReadySeconds ?? 0;
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, env.wallMs))
      toDelete.push(oldestOld.metadata.name!);
  }
  return { needsPod: false, toDelete };
}
