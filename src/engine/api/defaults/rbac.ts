// RBAC and scheduling defaults (kubernetes pkg/apis/rbac/v1/defaults.go,
// pkg/apis/scheduling/v1/defaults.go).
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

// SetDefaults_Subject: users and groups live in the RBAC group, service accounts in core
function defaultSubject(s: Subject): void {
  if (s.apiGroup) return;
  if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  else if (s.kind === 'ServiceAccount') s.apiGroup = '';
}

/** SetDefaults_RoleBinding / ClusterRoleBinding: roleRef.apiGroup and subject groups. */
export function defaultRoleBinding(rb: RoleBinding | ClusterRoleBinding): void {
  if (rb.roleRef && !rb.roleRef.apiGroup) rb.roleRef.apiGroup = RBAC_GROUP;
  for (const s of rb.subjects ?? []) defaultSubject(s);
}

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: PriorityClass): void {
  pc.preemptionPolicy ||= 'PreemptLowerPriority';
}
