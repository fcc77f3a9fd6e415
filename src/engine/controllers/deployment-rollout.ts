// The two rollout strategies (pkg/controller/deployment/rolling.go and recreate.go).
import type { KubeObject } from '../api/types';
import { deploymentComplete, deploymentStatus } from './deployment-progress';
import type { Done, DeploymentSync } from './deployment-sync';
import {
  byCreationTimestamp,
  desiredReplicas,
  filterActive,
  maxUnavailable,
  newRSNewReplicas,
  rsReplicas,
  sumActual,
  sumAvailable,
  sumReplicas,
} from './deployment-util';
import { podPhase } from './util/controller-utils';

const available = (rs: KubeObject) =>
  ((rs.status ?? {}) as { availableReplicas?: number }).availableReplicas ?? 0;

/** rolloutRolling: scale the new ReplicaSet up, else the old ones down, then status. */
export function rolloutRolling(s: DeploymentSync, done: Done): void {
  s.getAllReplicaSets(true, (err, newRS, oldRSs) => {
    if (err || !newRS) return done(err);
    const status = () => {
      const nrs = s.latest([newRS])[0];
      s.syncRolloutStatus([...s.latest(oldRSs), nrs], nrs, done);
    };
    reconcileNewReplicaSet(s, [...oldRSs, newRS], newRS, (e1, scaledUp) => {
      if (e1) return done(e1);
      if (scaledUp) return status();
      const nrs = s.latest([newRS])[0];
      const olds = s.latest(oldRSs);
      reconcileOldReplicaSets(s, [...olds, nrs], filterActive(olds), nrs, (e2, scaledDown) => {
        if (e2) return done(e2);
        if (scaledDown) return status();
        if (deploymentComplete(s.d, deploymentStatus(s.d))) {
          return s.cleanupDeployment(s.latest(oldRSs), (e3) => (e3 ? done(e3) : status()));
        }
        status();
      });
    });
  });
}

/** reconcileNewReplicaSet: grow the new ReplicaSet within maxSurge (or shrink it to spec). */
function reconcileNewReplicaSet(
  s: DeploymentSync,
  allRSs: KubeObject[],
  newRS: KubeObject,
  done: (err: string | undefined, scaled: boolean) => void,
): void {
  const want = desiredReplicas(s.d);
  if (rsReplicas(newRS) === want) return done(undefined, false);
  if (rsReplicas(newRS) > want)
    return s.scaleAndRecord(newRS, want, (e, scaled) => done(e, scaled));
  const count = newRSNewReplicas(s.d, allRSs, newRS);
  s.scaleAndRecord(newRS, count, (e, scaled) => done(e, scaled));
}

/**
 * reconcileOldReplicaSets: scale old ReplicaSets down as far as maxUnavailable allows,
 * unhealthy replicas first.
 */
function reconcileOldReplicaSets(
  s: DeploymentSync,
  allRSs: KubeObject[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
  done: (err: string | undefined, scaled: boolean) => void,
): void {
  const oldPods = sumReplicas(oldRSs);
  if (oldPods === 0) return done(undefined, false);
  const allPods = sumReplicas(allRSs);
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = rsReplicas(newRS) - available(newRS);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return done(undefined, false);
  cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown, (e1, cleaned, cleanedCount) => {
    if (e1) return done(e1, false);
    scaleDownOldForRollingUpdate(
      s,
      [...cleaned, s.latest([newRS])[0]],
      cleaned,
      (e2, scaledDown) => {
        if (e2) return done(e2, false);
        done(undefined, cleanedCount + scaledDown > 0);
      },
    );
  });
}

/** cleanupUnhealthyReplicas: drop old replicas that are not available, oldest ReplicaSet first. */
function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRSs: KubeObject[],
  maxCleanup: number,
  done: (err: string | undefined, oldRSs: KubeObject[], count: number) => void,
): void {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  const step = (i: number): void => {
    if (i >= sorted.length || total >= maxCleanup) return done(undefined, sorted, total);
    const rs = sorted[i];
    const replicas = rsReplicas(rs);
    if (replicas === 0 || replicas === available(rs)) return step(i + 1);
    const count = Math.min(maxCleanup - total, replicas - available(rs));
    s.scaleAndRecord(rs, replicas - count, (err, _scaled, updated) => {
      if (err) return done(err, sorted, total);
      total += count;
      sorted[i] = updated;
      step(i + 1);
    });
  };
  step(0);
}

/** scaleDownOldReplicaSetsForRollingUpdate: only while availability stays above minAvailable. */
function scaleDownOldForRollingUpdate(
  s: DeploymentSync,
  allRSs: KubeObject[],
  oldRSs: KubeObject[],
  done: (err: string | undefined, count: number) => void,
): void {
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const availablePods = sumAvailable(allRSs);
  if (availablePods <= minAvailable) return done(undefined, 0);
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const target = availablePods - minAvailable;
  let total = 0;
  const step = (i: number): void => {
    if (i >= sorted.length || total >= target) return done(undefined, total);
    const rs = sorted[i];
    if (rsReplicas(rs) === 0) return step(i + 1);
    const count = Math.min(rsReplicas(rs), target - total);
    s.scaleAndRecord(rs, rsReplicas(rs) - count, (err) => {
      if (err) return done(err, total);
      total += count;
      step(i + 1);
    });
  };
  step(0);
}

/**
 * rolloutRecreate: scale every old ReplicaSet to zero, wait until no old pod runs, then
 * create and scale up the new ReplicaSet.
 */
export function rolloutRecreate(
  s: DeploymentSync,
  podMap: Map<string, KubeObject[]>,
  done: Done,
): void {
  s.getAllReplicaSets(false, (err, newRS, oldRSs) => {
    if (err) return done(err);
    const status = (nrs: KubeObject | undefined, olds: KubeObject[]) =>
      s.syncRolloutStatus(
        [...s.latest(olds), nrs && s.latest([nrs])[0]],
        nrs && s.latest([nrs])[0],
        done,
      );
    const activeOld = filterActive(oldRSs);
    let scaledDown = false;
    const downs = activeOld.map(
      (rs) => (next: Done) =>
        s.scaleAndRecord(rs, 0, (e, scaled) => {
          if (scaled) scaledDown = true;
          next(e);
        }),
    );
    const runDowns = (i: number): void => {
      if (i < downs.length) return downs[i]((e) => (e ? done(e) : runDowns(i + 1)));
      if (scaledDown) return status(newRS, oldRSs);
      if (oldPodsRunning(newRS, s.latest(oldRSs), podMap)) return status(newRS, oldRSs);
      const scaleUp = (nrs: KubeObject, olds: KubeObject[]) => {
        // scaleUpNewReplicaSetForRecreate
        s.scaleAndRecord(nrs, desiredReplicas(s.d), (e) => {
          if (e) return done(e);
          if (deploymentComplete(s.d, deploymentStatus(s.d)))
            return s.cleanupDeployment(s.latest(olds), (e2) => (e2 ? done(e2) : status(nrs, olds)));
          status(nrs, olds);
        });
      };
      if (newRS) return scaleUp(newRS, oldRSs);
      s.getAllReplicaSets(true, (e, nrs, olds) => {
        if (e || !nrs) return done(e);
        scaleUp(nrs, olds);
      });
    };
    runDowns(0);
  });
}

/** oldPodsRunning: old ReplicaSets still report pods, or a non-terminal old pod exists. */
function oldPodsRunning(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
  podMap: Map<string, KubeObject[]>,
): boolean {
  if (sumActual(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = podPhase(pod);
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
