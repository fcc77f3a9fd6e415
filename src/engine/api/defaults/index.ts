// applyDefaults: the defaulting step of decoding, dispatched on apiVersion and kind.
import { deepCopy } from '../patch/json-value';
import type { KubeObject } from '../types';
import {
  defaultEndpointSlice,
  defaultEndpoints,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultSecret,
} from './cluster';
import { defaultJob } from './job';
import { defaultPod } from './pod';
import { defaultPriorityClass, defaultRoleBinding } from './rbac';
import { defaultService } from './service';
import {
  defaultDaemonSet,
  defaultDeployment,
  defaultReplicaSet,
  defaultStatefulSet,
} from './workloads';

export { generateJobSelector } from './job';
export { defaultPodSpec, defaultContainer } from './podspec';
export { imageTag } from './image';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each function takes its own kubernetes-types shape
type Defaulter = (obj: any) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  'v1/Pod': defaultPod,
  'v1/Service': defaultService,
  'v1/Namespace': defaultNamespace,
  'v1/Node': defaultNode,
  'v1/Secret': defaultSecret,
  'v1/Endpoints': defaultEndpoints,
  'v1/LimitRange': defaultLimitRange,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'batch/v1/Job': defaultJob,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
  'rbac.authorization.k8s.io/v1/RoleBinding': defaultRoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': defaultRoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': defaultPriorityClass,
};

/** Whether applyDefaults knows this apiVersion and kind (others are returned unchanged). */
export function hasDefaults(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in DEFAULTERS;
}

/**
 * Returns a defaulted deep copy of `obj`, as the apiserver's decoder leaves it: the input is not
 * modified. Kinds without defaults come back as a plain copy.
 *
 * @example applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })
 *   // spec.restartPolicy 'Always', containers[0].imagePullPolicy 'Always', ...
 */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  // a JSON copy: structuredClone's serialisation is six times slower on a decoded pod
  const copy = deepCopy(obj);
  DEFAULTERS[`${obj.apiVersion}/${obj.kind}`]?.(copy);
  return copy;
}
