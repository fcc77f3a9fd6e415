// One sync of one Deployment (pkg/controller/deployment/sync.go): finding or creating the new
// ReplicaSet, scaling ReplicaSets with ScalingReplicaSet events, proportional scaling,
// revision history cleanup and status writes. Every write is an API call; callbacks chain them.
import type { KubeObject } from '../api/types';
import type { ControllerContext } from './controller';
import {
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  NEW_REPLICA_SET_REASON,
  PAUSED_DEPLOY_REASON,
  RESUMED_DEPLOY_REASON,
  TIMED_OUT_REASON,
  calculateStatus,
  compactStatus,
  deploymentStatus,
  getCondition,
  hasProgressDeadline,
  newCondition,
  rolloutStatus,
  setCondition,
  stuckRequeueDelay,
} from './deployment-progress';
import type { DeploymentStatus } from './deployment-progress';
import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  computeHash,
  deploymentSpec,
  desiredReplicas,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  replicaSetProportion,
  replicasAnnotationsNeedUpdate,
  rsReplicas,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumReplicas,
} from './deployment-util';
import type { ApiResult } from './util/controller-utils';
import {
  call,
  canonicalJson,
  getControllerOf,
  newControllerRef,
  series,
  wallClock,
} from './util/controller-utils';

export type Done = (err?: string) => void;

const rsPath = (ns: string, name?: string) =>
  `/apis/apps/v1/namespaces/${ns}/replicasets${name ? `/${name}` : ''}`;
const deploymentPath = (ns: string, name: string) =>
  `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;

/** The state of one syncDeployment call: a mutable copy of the Deployment and its ReplicaSets. */
export class DeploymentSync {
  readonly ns: string;

  constructor(
    readonly ctx: ControllerContext,
    /** a deep copy; status changes are written through updateStatus */
    public d: KubeObject,
    public rsList: KubeObject[],
    readonly trace: string,
    /** requeue the Deployment: after `ms`, or rate limited when ms is 0 */
    readonly requeue: (ms: number) => void,
  ) {
    this.ns = d.metadata.namespace ?? 'default';
  }

  private api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
    done: (r: ApiResult) => void,
  ) {
    call(this.ctx.client, { method, path, body }, this.trace, done);
  }

  private now(): string {
    return this.ctx.timestamp();
  }

  /** UpdateStatus of the Deployment copy (and its revision annotation, see below). */
  updateStatus(done: Done): void {
    const d = this.d;
    const body = { ...d, status: compactStatus(deploymentStatus(d)) };
    this.api('PUT', `${deploymentPath(this.ns, d.metadata.name!)}/status`, body, (r) => {
      if (!r.ok) return done(r.message);
      const stored = r.body as KubeObject;
      const want = d.metadata.annotations?.[REVISION_ANNOTATION];
      // Upstream's deployment status strategy keeps annotation changes; this apiserver's
      // /status resets them, so the revision annotation is written through the main resource.
      if (want === undefined || stored.metadata.annotations?.[REVISION_ANNOTATION] === want) {
        this.d = structuredClone(stored);
        return done();
      }
      const withRevision = {
        ...stored,
        metadata: {
          ...stored.metadata,
          annotations: { ...stored.metadata.annotations, [REVISION_ANNOTATION]: want },
        },
      };
      this.api('PUT', deploymentPath(this.ns, d.metadata.name!), withRevision, (u) => {
        if (u.ok) this.d = structuredClone(u.body as KubeObject);
        done(u.ok ? undefined : u.message);
      });
    });
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(this.d, type, reason, message, this.trace);
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) with
   * its revision raised above the old ones, and all old ReplicaSets.
   */
  getAllReplicaSets(
    create: boolean,
    done: (err: string | undefined, newRS: KubeObject | undefined, oldRSs: KubeObject[]) => void,
  ): void {
    const { allOldRSs } = findOldReplicaSets(this.d, this.rsList);
    this.getNewReplicaSet(allOldRSs, create, (err, newRS) => done(err, newRS, allOldRSs));
  }

  private getNewReplicaSet(
    oldRSs: KubeObject[],
    create: boolean,
    done: (err: string | undefined, rs: KubeObject | undefined) => void,
  ): void {
    const d = this.d;
    const existing = findNewReplicaSet(d, this.rsList);
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      const rsCopy = structuredClone(existing);
      const annotations = { ...(rsCopy.metadata.annotations ?? {}) };
      const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true);
      const minReady = deploymentSpec(d).minReadySeconds ?? 0;
      const spec = rsCopy.spec as { minReadySeconds?: number };
      if (annotationsUpdated || (spec.minReadySeconds ?? 0) !== minReady) {
        rsCopy.metadata.annotations = annotations;
        if (minReady) spec.minReadySeconds = minReady;
        else delete spec.minReadySeconds;
        return this.api('PUT', rsPath(this.ns, rsCopy.metadata.name), rsCopy, (r) =>
          r.ok ? done(undefined, this.replace(r.body as KubeObject)) : done(r.message, undefined),
        );
      }
      let needsUpdate = this.setRevision(annotations[REVISION_ANNOTATION]);
      const cond = getCondition(deploymentStatus(d), 'Progressing');
      if (hasProgressDeadline(d) && !cond) {
        const msg = `Found new replica set "${rsCopy.metadata.name}"`;
        setCondition(
          this.status(),
          newCondition('Progressing', 'True', FOUND_NEW_RS_REASON, msg, this.now()),
        );
        needsUpdate = true;
      }
      if (!needsUpdate) return done(undefined, existing);
      return this.updateStatus((err) => done(err, existing));
    }
    if (!create) return done(undefined, undefined);

    // A new ReplicaSet named <deployment>-<pod-template-hash>, owned by the Deployment.
    const spec = deploymentSpec(d);
    const collisionCount = deploymentStatus(d).collisionCount;
    const hash = computeHash(spec.template, collisionCount);
    const template = structuredClone(spec.template ?? {}) as KubeObject['spec'] & {
      metadata?: { labels?: Record<string, string> };
    };
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const selector = structuredClone(spec.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const newRS: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: this.ns,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef({ ...d, apiVersion: 'apps/v1', kind: 'Deployment' })],
      },
      spec: {
        replicas: 0,
        ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
        selector,
        template,
      },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    (newRS.spec as { replicas: number }).replicas = replicas;
    const annotations: Record<string, string> = {};
    setNewReplicaSetAnnotations(d, annotations, newRevision, false);
    newRS.metadata.annotations = annotations;
    this.api('POST', rsPath(this.ns), newRS, (r) => {
      if (r.status === 409) {
        // Already there: ours (a stale cache) or a hash collision.
        const found = this.rsList.find((rs) => rs.metadata.name === newRS.metadata.name);
        if (
          found &&
          getControllerOf(found)?.uid === d.metadata.uid &&
          equalIgnoreHash(rsTemplate(found), spec.template)
        )
          return this.afterCreate(found, true, replicas, newRevision, done);
        this.status().collisionCount = (collisionCount ?? 0) + 1;
        return this.updateStatus(() => done(r.message, undefined));
      }
      if (!r.ok) {
        if (/because it is being terminated/.test(r.message)) return done(r.message, undefined);
        const msg = `Failed to create new replica set "${newRS.metadata.name}": ${r.message}`;
        if (hasProgressDeadline(d)) {
          setCondition(
            this.status(),
            newCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, msg, this.now()),
          );
          this.updateStatus(() => undefined);
        }
        this.event('Warning', FAILED_RS_CREATE_REASON, msg);
        return done(r.message, undefined);
      }
      const created = r.body as KubeObject;
      this.rsList = [...this.rsList, created];
      this.afterCreate(created, false, replicas, newRevision, done);
    });
  }

  private afterCreate(
    rs: KubeObject,
    alreadyExists: boolean,
    replicas: number,
    newRevision: string,
    done: (err: string | undefined, rs: KubeObject | undefined) => void,
  ): void {
    if (!alreadyExists && replicas > 0)
      this.event(
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`,
      );
    let needsUpdate = this.setRevision(newRevision);
    if (!alreadyExists && hasProgressDeadline(this.d)) {
      const msg = `Created new replica set "${rs.metadata.name}"`;
      setCondition(
        this.status(),
        newCondition('Progressing', 'True', NEW_REPLICA_SET_REASON, msg, this.now()),
      );
      needsUpdate = true;
    }
    if (!needsUpdate) return done(undefined, rs);
    this.updateStatus((err) => done(err, rs));
  }

  private status(): DeploymentStatus {
    if (!this.d.status) this.d.status = {};
    return this.d.status as DeploymentStatus;
  }

  /** SetDeploymentRevision on the copy; true if it changed. */
  private setRevision(rev: string | undefined): boolean {
    if (rev === undefined) return false;
    const annotations = { ...(this.d.metadata.annotations ?? {}) };
    if (annotations[REVISION_ANNOTATION] === rev) return false;
    annotations[REVISION_ANNOTATION] = rev;
    this.d.metadata.annotations = annotations;
    return true;
  }

  private replace(rs: KubeObject): KubeObject {
    this.rsList = this.rsList.map((x) => (x.metadata.uid === rs.metadata.uid ? rs : x));
    return rs;
  }

  /** scaleReplicaSetAndRecordEvent. */
  scaleAndRecord(
    rs: KubeObject,
    newScale: number,
    done: (err: string | undefined, scaled: boolean, rs: KubeObject) => void,
  ): void {
    if (rsReplicas(rs) === newScale) return done(undefined, false, rs);
    this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? 'up' : 'down', done);
  }

  /** scaleReplicaSet: writes replicas and the replicas annotations; a size change is an event. */
  scaleReplicaSet(
    rs: KubeObject,
    newScale: number,
    operation: string,
    done: (err: string | undefined, scaled: boolean, rs: KubeObject) => void,
  ): void {
    const desired = desiredReplicas(this.d);
    const max = desired + maxSurge(this.d);
    const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max))
      return done(undefined, false, rs);
    const oldScale = rsReplicas(rs);
    const copy = structuredClone(rs);
    (copy.spec as { replicas: number }).replicas = newScale;
    const annotations = { ...(copy.metadata.annotations ?? {}) };
    setReplicasAnnotations(annotations, desired, max);
    copy.metadata.annotations = annotations;
    this.api('PUT', rsPath(this.ns, rs.metadata.name), copy, (r) => {
      if (!r.ok) return done(r.message, false, rs);
      const updated = this.replace(r.body as KubeObject);
      if (sizeNeedsUpdate)
        this.event(
          'Normal',
          'ScalingReplicaSet',
          `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
        );
      done(undefined, sizeNeedsUpdate, updated);
    });
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas differs from spec.replicas. */
  isScalingEvent(done: (err: string | undefined, scaling: boolean) => void): void {
    this.getAllReplicaSets(false, (err, newRS, oldRSs) => {
      if (err) return done(err, false);
      const scaling = filterActive([...oldRSs, newRS]).some((rs) => {
        const v = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
        return v !== undefined && /^\d+$/.test(v) && Number(v) !== desiredReplicas(this.d);
      });
      done(undefined, scaling);
    });
  }

  /** sync: reconcile a scaling event or a paused Deployment. */
  sync(done: Done): void {
    this.getAllReplicaSets(false, (err, newRS, oldRSs) => {
      if (err) return done(err);
      this.scale(newRS, oldRSs, (serr) => {
        if (serr) return done(serr);
        const latestOld = this.latest(oldRSs);
        this.cleanupDeployment(latestOld, () => {
          const latestNew = newRS && this.latest([newRS])[0];
          this.syncDeploymentStatus([...this.latest(oldRSs), latestNew], latestNew, done);
        });
      });
    });
  }

  /** The current copies of these ReplicaSets after this sync's writes. */
  latest(rss: KubeObject[]): KubeObject[] {
    return rss.map((rs) => this.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs);
  }

  syncStatusOnly(done: Done): void {
    this.getAllReplicaSets(false, (err, newRS, oldRSs) => {
      if (err) return done(err);
      this.syncDeploymentStatus([...oldRSs, newRS], newRS, done);
    });
  }

  /** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
  checkPausedConditions(done: Done): void {
    const d = this.d;
    if (!hasProgressDeadline(d)) return done();
    const cond = getCondition(deploymentStatus(d), 'Progressing');
    if (cond?.reason === TIMED_OUT_REASON) return done();
    const pausedExists = cond?.reason === PAUSED_DEPLOY_REASON;
    const paused = !!deploymentSpec(d).paused;
    if (paused && !pausedExists) {
      setCondition(
        this.status(),
        newCondition(
          'Progressing',
          'Unknown',
          PAUSED_DEPLOY_REASON,
          'Deployment is paused',
          this.now(),
        ),
      );
    } else if (!paused && pausedExists) {
      setCondition(
        this.status(),
        newCondition(
          'Progressing',
          'Unknown',
          RESUMED_DEPLOY_REASON,
          'Deployment is resumed',
          this.now(),
        ),
      );
    } else return done();
    this.updateStatus(done);
  }

  /** scale: the only active (or newest) ReplicaSet takes all; otherwise proportional scaling. */
  scale(newRS: KubeObject | undefined, oldRSs: KubeObject[], done: Done): void {
    const d = this.d;
    const want = desiredReplicas(d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) === want) return done();
      return this.scaleAndRecord(activeOrLatest, want, (err) => done(err));
    }
    if (isSaturated(d, newRS)) {
      return series(
        filterActive(oldRSs).map(
          (old) => (next: Done) => this.scaleAndRecord(old, 0, (err) => next(err)),
        ),
        done,
      );
    }
    if (!isRollingUpdate(d)) return done();
    const all = filterActive([...oldRSs, newRS]);
    const allowed = want > 0 ? want + maxSurge(d) : 0;
    const toAdd = allowed - sumReplicas(all);
    let operation = '';
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      operation = 'up';
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = 'down';
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = replicaSetProportion(rs, d, toAdd, added);
        sizes.set(rs.metadata.name!, rsReplicas(rs) + p);
        added += p;
      } else sizes.set(rs.metadata.name!, rsReplicas(rs));
    }
    // leftovers go to the largest ReplicaSet
    if (all.length > 0 && toAdd !== 0) {
      const first = all[0].metadata.name!;
      sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
    }
    series(
      all.map(
        (rs) => (next: Done) =>
          this.scaleReplicaSet(rs, sizes.get(rs.metadata.name!)!, operation, (err) => next(err)),
      ),
      done,
    );
  }

  /** cleanupDeployment: delete the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  cleanupDeployment(oldRSs: KubeObject[], done: Done): void {
    const limit = deploymentSpec(this.d).revisionHistoryLimit;
    if (limit === undefined) return done();
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
    const diff = cleanable.length - limit;
    if (diff <= 0) return done();
    const victims = cleanable.slice(0, diff).filter((rs) => {
      const st = (rs.status ?? {}) as { replicas?: number; observedGeneration?: number };
      return (
        (st.replicas ?? 0) === 0 &&
        rsReplicas(rs) === 0 &&
        (rs.metadata.generation ?? 1) <= (st.observedGeneration ?? 0)
      );
    });
    series(
      victims.map(
        (rs) => (next: Done) =>
          this.api('DELETE', rsPath(this.ns, rs.metadata.name), undefined, (r) =>
            next(r.ok || r.status === 404 ? undefined : r.message),
          ),
      ),
      done,
    );
  }

  /** syncDeploymentStatus: write calculateStatus if it differs. */
  syncDeploymentStatus(
    allRSs: (KubeObject | undefined)[],
    newRS: KubeObject | undefined,
    done: Done,
  ): void {
    const s = calculateStatus(allRSs, newRS, this.d, this.now());
    if (sameStatus(deploymentStatus(this.d), s)) return done();
    this.d.status = s;
    this.updateStatus(done);
  }

  /** syncRolloutStatus: the status with the Progressing condition; requeues stuck rollouts. */
  syncRolloutStatus(
    allRSs: (KubeObject | undefined)[],
    newRS: KubeObject | undefined,
    done: Done,
  ): void {
    const nowMs = wallClock(this.ctx);
    const s = rolloutStatus(allRSs, newRS, this.d, this.now(), nowMs);
    if (sameStatus(deploymentStatus(this.d), s)) {
      const delay = stuckRequeueDelay(this.d, s, nowMs);
      if (delay !== undefined) this.requeue(delay);
      return done();
    }
    this.d.status = s;
    this.updateStatus(done);
  }
}

function rsTemplate(rs: KubeObject): unknown {
  return (rs.spec as { template?: unknown } | undefined)?.template;
}

function sameStatus(a: DeploymentStatus, b: DeploymentStatus): boolean {
  return canonicalJson(compactStatus(a)) === canonicalJson(compactStatus(b));
}
