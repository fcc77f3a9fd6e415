// defaultStatefulSetControl (pkg/controller/statefulset/stateful_set_control.go) and
// StatefulPodControl (stateful_pod_control.go): one sync of a StatefulSet — its revisions,
// pods created in ordinal order (OrderedReady waits for each to be Running and Ready), scaled
// down from the highest ordinal, rolled in reverse ordinal order down to the partition.
import type { KubeObject } from '../api/types';
import type { ControllerContext } from './controller';
import type { ControllerRevision } from './controllerrevision';
import {
  createControllerRevision,
  deleteControllerRevision,
  equalRevision,
  findEqualRevisions,
  updateControllerRevision,
} from './controllerrevision';
import { call, omitEmpty, slowStartBatch, wallClock } from './util/controller-utils';
import type { StatefulSetStatus } from './util/statefulset-util';
import {
  allowsBurst,
  completeRollingUpdate,
  computeReplicaCounts,
  getOrdinal,
  identityMatches,
  inconsistentStatus,
  isCreated,
  isFailed,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newRevision,
  newVersionedStatefulSetPod,
  nextRevision,
  podInOrdinalRange,
  podRevision,
  startOrdinal,
  stsSpec,
  stsStatus,
  updateIdentity,
} from './util/statefulset-util';

type Done = (err?: string) => void;
// retry.DefaultRetry: five attempts on conflict for the status update
const STATUS_UPDATE_ATTEMPTS = 5;

/** One sync's API work for a StatefulSet, with the statefulset-controller's events. */
export class StatefulSetControl {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly trace: string,
  ) {}

  /** recordPodEvent: `SuccessfulCreate` "create Pod web-0 in StatefulSet web successful". */
  private recordPodEvent(verb: string, set: KubeObject, pod: KubeObject, err?: string): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const what = `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (!err)
      this.ctx.events.record(set, 'Normal', `Successful${title}`, `${what} successful`, this.trace);
    else
      this.ctx.events.record(
        set,
        'Warning',
        `Failed${title}`,
        `${what} failed error: ${err}`,
        this.trace,
      );
  }

  private podPath(pod: KubeObject, name = true): string {
    return `/api/v1/namespaces/${pod.metadata.namespace}/pods${name ? `/${pod.metadata.name}` : ''}`;
  }

  /** CreateStatefulPod: AlreadyExists is an error without an event. */
  private createPod(set: KubeObject, pod: KubeObject, done: Done): void {
    call(
      this.ctx.client,
      { method: 'POST', path: this.podPath(pod, false), body: pod },
      this.trace,
      (r) => {
        if (r.status === 409) return done(r.message);
        this.recordPodEvent('create', set, pod, r.ok ? undefined : r.message);
        done(r.ok ? undefined : r.message);
      },
    );
  }

  /** DeleteStatefulPod */
  private deletePod(
    set: KubeObject,
    pod: KubeObject,
    done: (err?: string, notFound?: boolean) => void,
  ): void {
    call(this.ctx.client, { method: 'DELETE', path: this.podPath(pod) }, this.trace, (r) => {
      this.recordPodEvent('delete', set, pod, r.ok ? undefined : r.message);
      done(r.ok ? undefined : r.message, r.status === 404);
    });
  }

  /** UpdateStatefulPod: restores the pod's identity labels (re-reading it once on conflict). */
  private updatePod(set: KubeObject, pod: KubeObject, done: Done): void {
    const put = (cur: KubeObject, retry: boolean) => {
      const next = structuredClone(cur);
      updateIdentity(set, next);
      call(
        this.ctx.client,
        { method: 'PUT', path: this.podPath(cur), body: next },
        this.trace,
        (r) => {
          if (!r.ok && r.status === 409 && retry)
            return call(
              this.ctx.client,
              { method: 'GET', path: this.podPath(cur) },
              this.trace,
              (g) => (g.ok ? put(g.body as KubeObject, false) : done(g.message)),
            );
          this.recordPodEvent('update', set, pod, r.ok ? undefined : r.message);
          done(r.ok ? undefined : r.message);
        },
      );
    };
    put(pod, true);
  }

  /**
   * UpdateStatefulSet: revisions, the pods' update, the status write and history truncation.
   * `revisions` are the set's ControllerRevisions (owned or orphaned, matching its selector).
   */
  updateStatefulSet(
    set: KubeObject,
    pods: KubeObject[],
    revisions: ControllerRevision[],
    done: (err?: string, status?: StatefulSetStatus) => void,
  ): void {
    this.getRevisions(set, revisions, (err, current, update, collisionCount) => {
      if (err || !current || !update) return done(err);
      this.updatePods(set, current, update, collisionCount ?? 0, pods, (uerr, status) => {
        const truncate = (first?: string) =>
          this.truncateHistory(set, pods, revisions, current, update, (terr) =>
            done(first ?? terr, status),
          );
        if (!status) return truncate(uerr);
        this.updateStatus(set, status, (serr) => truncate(uerr ?? serr));
      });
    });
  }

  /**
   * getStatefulSetRevisions: the update revision is the set's template (an equal revision is
   * reused, renumbered if it is not the newest; else one is created), the current one is
   * status.currentRevision or, at first, the update revision.
   */
  private getRevisions(
    set: KubeObject,
    revisions: ControllerRevision[],
    done: (
      err?: string,
      cur?: ControllerRevision,
      upd?: ControllerRevision,
      count?: number,
    ) => void,
  ): void {
    const collisionCount = stsStatus(set).collisionCount ?? 0;
    const candidate = newRevision(set, nextRevision(revisions), collisionCount);
    const equal = findEqualRevisions(revisions, candidate);
    const finish = (
      err: string | undefined,
      update?: ControllerRevision,
      count = collisionCount,
    ) => {
      if (err || !update) return done(err);
      const current = revisions.find((r) => r.metadata.name === stsStatus(set).currentRevision);
      done(undefined, current ?? update, update, count);
    };
    const last = revisions[revisions.length - 1];
    if (equal.length > 0 && equalRevision(last, equal[equal.length - 1]))
      return finish(undefined, last);
    if (equal.length > 0)
      return updateControllerRevision(
        this.ctx.client,
        equal[equal.length - 1],
        candidate.revision!,
        this.trace,
        (err, u) => finish(err, u),
      );
    createControllerRevision(
      this.ctx.client,
      set,
      candidate,
      collisionCount,
      this.trace,
      (err, created, count) => finish(err, created, count),
    );
  }

  /** runForAll: in order, stopping at the first that blocks; or all in slow-start batches. */
  private runForAll(
    n: number,
    fn: (i: number, d: (exit: boolean, err?: string) => void) => void,
    monotonic: boolean,
    done: (exit: boolean, err?: string) => void,
  ): void {
    if (monotonic) {
      const step = (i: number): void => {
        if (i >= n) return done(false);
        fn(i, (exit, err) => (exit || err ? done(true, err) : step(i + 1)));
      };
      return step(0);
    }
    let next = 0;
    slowStartBatch(
      n,
      1,
      (d) => fn(next++, (_exit, err) => d(err)),
      (_ok, err) => done(!!err, err),
    );
  }

  /** updateStatefulSet: brings the pods toward spec.replicas at the right revisions. */
  private updatePods(
    set: KubeObject,
    current: ControllerRevision,
    update: ControllerRevision,
    collisionCount: number,
    pods: KubeObject[],
    done: (err?: string, status?: StatefulSetStatus) => void,
  ): void {
    const spec = stsSpec(set);
    const minReady = spec.minReadySeconds ?? 0;
    const now = wallClock(this.ctx);
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation,
      currentRevision: current.metadata.name,
      updateRevision: update.metadata.name,
      collisionCount,
      replicas: 0,
      availableReplicas: 0,
    };
    const count = (...lists: KubeObject[][]) =>
      computeReplicaCounts(
        status,
        minReady,
        now,
        current.metadata.name!,
        update.metadata.name!,
        ...lists,
      );
    count(pods);
    const start = startOrdinal(set);
    const replicas: KubeObject[] = new Array(spec.replicas ?? 1);
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    for (let i = 0; i < replicas.length; i++)
      replicas[i] ??= newVersionedStatefulSetPod(set, current, update, start + i);
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
    const firstUnavailable =
      replicas.find((p) => isUnavailable(p, minReady, now)) ??
      [...condemned].reverse().find((p) => isUnavailable(p, minReady, now));
    if (set.metadata.deletionTimestamp) return done(undefined, status);
    const monotonic = !allowsBurst(set);
    const exit = (err?: string) => {
      count(replicas, condemned);
      done(err, status);
    };

    const processReplica = (i: number, d: (exit: boolean, err?: string) => void) => {
      const pod = replicas[i];
      // failed or succeeded pods are deleted and made again on a later sync
      if (isFailed(pod) || isSucceeded(pod)) {
        if (pod.metadata.deletionTimestamp) return d(true);
        return this.deletePod(set, pod, (err) => d(true, err));
      }
      const afterCreate = () => {
        if (isTerminating(pod) && monotonic) return d(true);
        if (!isRunningAndReady(pod) && monotonic) return d(true);
        if (!isRunningAndAvailable(pod, minReady, now) && monotonic) return d(true);
        if (identityMatches(set, pod)) return d(false);
        this.updatePod(set, pod, (err) => d(false, err));
      };
      if (isCreated(pod)) return afterCreate();
      this.createPod(set, pod, (err) => {
        if (err) return d(true, err);
        if (monotonic) return d(true);
        afterCreate();
      });
    };

    const processCondemned = (i: number, d: (exit: boolean, err?: string) => void) => {
      const pod = condemned[i];
      if (isTerminating(pod)) return d(monotonic);
      const first = pod === firstUnavailable;
      if (!isRunningAndReady(pod) && monotonic && !first) return d(true);
      if (!isRunningAndAvailable(pod, minReady, now) && monotonic && !first) return d(true);
      this.deletePod(set, pod, (err) => d(true, err));
    };

    this.runForAll(replicas.length, processReplica, monotonic, (stop, err) => {
      if (stop || err) return exit(err);
      this.runForAll(condemned.length, processCondemned, monotonic, (stop2, err2) => {
        if (stop2 || err2) return exit(err2);
        count(replicas, condemned);
        if (spec.updateStrategy?.type === 'OnDelete') return done(undefined, status);
        // terminate the highest ordinal not at the update revision, down to the partition
        const updateMin = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
        for (let target = replicas.length - 1; target >= updateMin; target--) {
          const pod = replicas[target];
          if (podRevision(pod) !== update.metadata.name && !isTerminating(pod)) {
            return this.deletePod(set, pod, (derr, notFound) => {
              status.currentReplicas = (status.currentReplicas ?? 0) - 1;
              done(notFound ? undefined : derr, status);
            });
          }
          if (isUnavailable(pod, minReady, now)) return done(undefined, status);
        }
        done(undefined, status);
      });
    });
  }

  /** updateStatefulSetStatus: completes a finished rollout, writes /status when it differs. */
  private updateStatus(set: KubeObject, status: StatefulSetStatus, done: Done): void {
    completeRollingUpdate(set, status);
    if (!inconsistentStatus(set, status)) return done();
    const path = `/apis/apps/v1/namespaces/${set.metadata.namespace}/statefulsets/${set.metadata.name}`;
    // replicas, availableReplicas and the collisionCount pointer serialise even when zero
    const body = omitEmpty({ ...status }, ['replicas', 'availableReplicas', 'collisionCount']);
    const put = (cur: KubeObject, attempt: number) =>
      call(
        this.ctx.client,
        { method: 'PUT', path: `${path}/status`, body: { ...cur, status: body } },
        this.trace,
        (r) => {
          if (r.ok) return done();
          if (r.status !== 409 || attempt + 1 >= STATUS_UPDATE_ATTEMPTS) return done(r.message);
          call(this.ctx.client, { method: 'GET', path }, this.trace, (g) =>
            g.ok ? put(g.body as KubeObject, attempt + 1) : done(g.message),
          );
        },
      );
    put(set, 0);
  }

  /**
   * truncateHistory: deletes the oldest revisions beyond revisionHistoryLimit that are neither
   * current, update, nor carried by a pod.
   */
  private truncateHistory(
    set: KubeObject,
    pods: KubeObject[],
    revisions: ControllerRevision[],
    current: ControllerRevision,
    update: ControllerRevision,
    done: Done,
  ): void {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(podRevision)]);
    const history = revisions.filter((r) => !live.has(r.metadata.name));
    const limit = stsSpec(set).revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return done();
    const victims = history.slice(0, history.length - limit);
    const step = (i: number): void => {
      if (i >= victims.length) return done();
      deleteControllerRevision(this.ctx.client, victims[i], this.trace, (err) =>
        err ? done(err) : step(i + 1),
      );
    };
    step(0);
  }
}
