// RBAC validation (kubernetes pkg/apis/rbac/validation/validation.go).
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1';
import { fieldPath, invalid, notSupported, required } from '../field';
import type { FieldError, Path } from '../field';
import { isValidPathSegmentName, nameIsPathSegment } from './names';
import { canonicalJson, validateObjectMeta } from './objectmeta';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePolicyRule. */
export function validatePolicyRule(
  rule: PolicyRule,
  namespaced: boolean,
  path: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0)
    errs.push(required(path.child('verbs'), 'verbs must contain at least one value'));
  if ((rule.nonResourceURLs ?? []).length > 0) {
    if (namespaced)
      errs.push(
        invalid(
          path.child('nonResourceURLs'),
          rule.nonResourceURLs,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (
      (rule.apiGroups ?? []).length > 0 ||
      (rule.resources ?? []).length > 0 ||
      (rule.resourceNames ?? []).length > 0
    )
      errs.push(
        invalid(
          path.child('nonResourceURLs'),
          rule.nonResourceURLs,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0)
    errs.push(
      required(path.child('apiGroups'), 'resource rules must supply at least one api group'),
    );
  if ((rule.resources ?? []).length === 0)
    errs.push(
      required(path.child('resources'), 'resource rules must supply at least one resource'),
    );
  return errs;
}

/** ValidateRole / ValidateClusterRole. */
export function validateRole(role: Role | ClusterRole, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(
    role.metadata,
    namespaced,
    nameIsPathSegment,
    fieldPath('metadata'),
  );
  (role.rules ?? []).forEach((r, i) =>
    errs.push(...validatePolicyRule(r, namespaced, fieldPath('rules').index(i))),
  );
  return errs;
}

function validateSubject(s: Subject, namespaced: boolean, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(required(path.child('name')));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.apiGroup) errs.push(notSupported(path.child('apiGroup'), s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP)
        errs.push(notSupported(path.child('apiGroup'), s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(path.child('kind'), s.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding. */
export function validateRoleBinding(
  rb: RoleBinding | ClusterRoleBinding,
  namespaced: boolean,
): FieldError[] {
  const errs = validateObjectMeta(
    rb.metadata,
    namespaced,
    nameIsPathSegment,
    fieldPath('metadata'),
  );
  const ref = rb.roleRef;
  if (ref?.apiGroup !== RBAC_GROUP)
    errs.push(notSupported(fieldPath('roleRef', 'apiGroup'), ref?.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref?.kind ?? ''))
    errs.push(notSupported(fieldPath('roleRef', 'kind'), ref?.kind ?? '', kinds));
  if (!ref?.name) errs.push(required(fieldPath('roleRef', 'name')));
  else
    for (const m of isValidPathSegmentName(ref.name))
      errs.push(invalid(fieldPath('roleRef', 'name'), ref.name, m));
  (rb.subjects ?? []).forEach((s, i) =>
    errs.push(...validateSubject(s, namespaced, fieldPath('subjects').index(i))),
  );
  return errs;
}

/** ValidateRoleBindingUpdate: roleRef cannot change. */
export function validateRoleBindingUpdate(
  rb: RoleBinding | ClusterRoleBinding,
  old: RoleBinding | ClusterRoleBinding,
): FieldError[] {
  return canonicalJson(rb.roleRef) === canonicalJson(old.roleRef)
    ? []
    : [invalid(fieldPath('roleRef'), rb.roleRef, 'cannot change roleRef')];
}
