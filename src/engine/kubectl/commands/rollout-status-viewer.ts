// The rollout status of a workload (kubectl pkg/polymorphichelpers/rollout_status.go):
// a message and whether the rollout is done, or the error that ends the wait.
import type { KubeObject } from '../../api/types';
import { KubectlError } from '../errors';

/** One look at the rollout: the line to print and whether the rollout is complete. */
export interface RolloutStatus {
  message: string;
  done: boolean;
}

interface WorkloadStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  currentReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  desiredNumberScheduled?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  conditions?: { type: string; reason?: string }[];
}

interface WorkloadSpec {
  replicas?: number;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
// deploymentutil.TimedOutReason
const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

function parts(obj: KubeObject) {
  return {
    name: obj.metadata.name ?? '',
    generation: obj.metadata.generation ?? 0,
    spec: (obj.spec ?? {}) as WorkloadSpec,
    status: (obj.status ?? {}) as WorkloadStatus,
  };
}

/** DeploymentStatusViewer.Status; `revision` > 0 pins the revision the rollout must be at. */
export function deploymentStatus(obj: KubeObject, revision = 0): RolloutStatus {
  const { name, generation, spec, status } = parts(obj);
  if (revision > 0) {
    const current = Number(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
    if (current !== revision) {
      throw new KubectlError(
        `error: desired revision (${revision}) is different from the running revision (${current})`,
      );
    }
  }
  if (generation > (status.observedGeneration ?? 0)) {
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === TIMED_OUT_REASON) {
    throw new KubectlError(`error: deployment "${name}" exceeded its progress deadline`);
  }
  const updated = status.updatedReplicas ?? 0;
  const waiting = (what: string) => ({
    message: `Waiting for deployment "${name}" rollout to finish: ${what}...\n`,
    done: false,
  });
  if (spec.replicas !== undefined && updated < spec.replicas) {
    return waiting(`${updated} out of ${spec.replicas} new replicas have been updated`);
  }
  if ((status.replicas ?? 0) > updated) {
    return waiting(`${(status.replicas ?? 0) - updated} old replicas are pending termination`);
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return waiting(`${status.availableReplicas ?? 0} of ${updated} updated replicas are available`);
  }
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(obj: KubeObject): RolloutStatus {
  const { name, generation, spec, status } = parts(obj);
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new KubectlError(
      'error: rollout status is only available for RollingUpdate strategy type',
    );
  }
  if (generation > (status.observedGeneration ?? 0)) {
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  if (updated < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      done: false,
    };
  }
  if (available < desired) {
    return {
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      done: false,
    };
  }
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

/** StatefulSetStatusViewer.Status. */
export function statefulSetStatus(obj: KubeObject): RolloutStatus {
  const { generation, spec, status } = parts(obj);
  const strategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new KubectlError(
      'error: rollout status is only available for RollingUpdate strategy type',
    );
  }
  const observed = status.observedGeneration ?? 0;
  if (observed === 0 || generation > observed) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = spec.replicas;
  const ready = status.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas) {
    return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  }
  const updated = status.updatedReplicas ?? 0;
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return {
      message: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
      done: true,
    };
  }
  if (status.updateRevision !== status.currentRevision) {
    return {
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision ?? ''}...\n`,
      done: false,
    };
  }
  return {
    message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision ?? ''}...\n`,
    done: true,
  };
}

/** StatusViewerFor: the viewer of a kind, or kubectl's error for one it has none for. */
export function statusViewerFor(
  kind: string,
  group: string,
): (obj: KubeObject, revision: number) => RolloutStatus {
  if (group === 'apps' && kind === 'Deployment') return deploymentStatus;
  if (group === 'apps' && kind === 'DaemonSet') return daemonSetStatus;
  if (group === 'apps' && kind === 'StatefulSet') return statefulSetStatus;
  // schema.GroupKind String(): Kind, or Kind.group
  throw new KubectlError(
    `error: no status viewer has been implemented for ${group ? `${kind}.${group}` : kind}`,
  );
}
