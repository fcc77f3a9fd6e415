// validateCreate / validateUpdate: the strategy Validate step, dispatched on the resource.
// Objects are expected to be defaulted first (applyDefaults), as the apiserver decodes them.
import type {
  ConfigMap,
  Event,
  Namespace,
  Node,
  Pod,
  Secret,
  Service,
} from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import type { FieldError } from '../field';
import { fieldPath } from '../field';
import type { KubeObject, ResourceInfo } from '../types';
import {
  validateConfigMap,
  validateDataUpdate,
  validateEvent,
  validateLease,
  validateMetadataOnly,
  validateNamespace,
  validateNode,
  validateSecret,
} from './core';
import { validateJob, validateJobUpdate } from './job';
import { validateObjectMetaUpdate } from './objectmeta';
import { validatePodCreate, validatePodUpdate } from './pod';
import { validateRole, validateRoleBinding, validateRoleBindingUpdate } from './rbac';
import { validateService, validateServiceUpdate } from './service';
import { validateWorkload, validateWorkloadUpdate } from './workloads';

const as = <T>(o: KubeObject): T => o as unknown as T;

/**
 * Field errors for creating `obj` as `resource` (empty when valid). Build the 422 with
 * `invalidError(resource, name, errs)`.
 *
 * @example validateCreate(applyDefaults(pod), findResource('', 'pods')!)
 */
export function validateCreate(obj: KubeObject, resource: ResourceInfo): FieldError[] {
  const key = `${resource.group}/${resource.resource}`;
  switch (key) {
    case '/pods':
      return validatePodCreate(as<Pod>(obj));
    case '/services':
      return validateService(as<Service>(obj));
    case '/namespaces':
      return validateNamespace(as<Namespace>(obj));
    case '/configmaps':
      return validateConfigMap(as<ConfigMap>(obj));
    case '/secrets':
      return validateSecret(as<Secret>(obj));
    case '/nodes':
      return validateNode(as<Node>(obj));
    case '/events':
      return validateEvent(as<Event>(obj));
    case 'coordination.k8s.io/leases':
      return validateLease(as<Lease>(obj));
    case 'batch/jobs':
      return validateJob(as<Job>(obj));
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/daemonsets':
    case 'apps/statefulsets':
      return validateWorkload(
        as<Deployment | ReplicaSet | DaemonSet | StatefulSet>(obj),
        resource.kind,
      );
    case 'rbac.authorization.k8s.io/roles':
    case 'rbac.authorization.k8s.io/clusterroles':
      return validateRole(as<Role | ClusterRole>(obj), resource.namespaced);
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      return validateRoleBinding(as<RoleBinding | ClusterRoleBinding>(obj), resource.namespaced);
    default:
      return validateMetadataOnly(obj, resource.namespaced);
  }
}

/** Field errors for replacing `oldObj` with `newObj` (both full objects of `resource`). */
export function validateUpdate(
  newObj: KubeObject,
  oldObj: KubeObject,
  resource: ResourceInfo,
): FieldError[] {
  const key = `${resource.group}/${resource.resource}`;
  const meta = () =>
    validateObjectMetaUpdate(newObj.metadata, oldObj.metadata, fieldPath('metadata'));
  const createRules = () =>
    validateCreate(newObj, resource).filter((e) => !e.field.startsWith('metadata.'));
  switch (key) {
    case '/pods':
      return validatePodUpdate(as<Pod>(newObj), as<Pod>(oldObj));
    case '/services':
      return validateServiceUpdate(as<Service>(newObj), as<Service>(oldObj));
    case 'batch/jobs':
      return validateJobUpdate(as<Job>(newObj), as<Job>(oldObj));
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/daemonsets':
    case 'apps/statefulsets':
      return validateWorkloadUpdate(as<Deployment>(newObj), as<Deployment>(oldObj), resource.kind);
    case '/secrets':
    case '/configmaps':
      return [
        ...meta(),
        ...createRules(),
        ...validateDataUpdate(as<Secret>(newObj), as<Secret>(oldObj)),
      ];
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      return [
        ...meta(),
        ...createRules(),
        ...validateRoleBindingUpdate(as<RoleBinding>(newObj), as<RoleBinding>(oldObj)),
      ];
    default:
      return [...meta(), ...createRules()];
  }
}
