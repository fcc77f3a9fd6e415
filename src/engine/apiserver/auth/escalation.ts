// RBAC privilege-escalation prevention on writes of roles and bindings
// (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go and
// pkg/registry/rbac/validation/rule.go ConfirmNoEscalation): a user may only grant what they
// hold, unless they may `escalate` the role or `bind` the referenced role.
import { newForbidden, newNotFound } from '../../api/errors';
import type { KubeObject, ObjectReader, Status, UserInfo } from '../../api/types';
import type { AuthorizationAttributes, AuthorizationDecision } from './attributes';
import { quote } from './attributes';
import { systemPrivilegedGroup } from './identities';
import type { PolicyRule, RoleRef } from './policy-rule';
import { rbacGroup } from './policy-rule';
import { roleReferenceRules, rulesFor } from './rbac';

// BreakdownRule: one rule per group × resource × (name) × verb, and per URL × verb
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length) {
          for (const name of names)
            out.push({
              verbs: [verb],
              apiGroups: [group],
              resources: [resource],
              resourceNames: [name],
            });
        } else {
          out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ verbs: [verb], nonResourceURLs: [url] });
  }
  return out;
}

const hasAll = (set: readonly string[] = [], wanted: readonly string[] = []) =>
  wanted.every((w) => set.includes(w));

function resourcesCovered(owner: readonly string[] = [], wanted: readonly string[] = []): boolean {
  if (owner.includes('*') || hasAll(owner, wanted)) return true;
  return wanted.every((path) => {
    if (owner.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owner.includes(`*/${path.slice(slash + 1)}`);
  });
}

function urlsCovered(owner: readonly string[] = [], wanted: readonly string[] = []): boolean {
  return wanted.every((path) =>
    owner.some((o) => o === path || (o.endsWith('*') && path.startsWith(o.replace(/\*+$/, '')))),
  );
}

// ruleCovers
function covers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const ownerNames = owner.resourceNames ?? [];
  const names = !(sub.resourceNames ?? []).length
    ? ownerNames.length === 0
    : ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames);
  return (
    verbs &&
    groups &&
    resourcesCovered(owner.resources, sub.resources) &&
    names &&
    urlsCovered(owner.nonResourceURLs, sub.nonResourceURLs)
  );
}

// CompactRules: simple one-group, one-resource rules merge their verbs
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      !(r.nonResourceURLs ?? []).length &&
      (r.apiGroups ?? []).length === 1 &&
      (r.resources ?? []).length === 1 &&
      (r.resourceNames ?? []).length <= 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? []]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

// Go's %q of a []string: ["a" "b"]
const quoteList = (values: readonly string[]) => `[${values.map(quote).join(' ')}]`;

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${quoteList(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${quoteList(rule.resources)}`);
  if (rule.nonResourceURLs?.length)
    parts.push(`NonResourceURLs:${quoteList(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${quoteList(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${quoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** ConfirmNoEscalation: undefined when the user holds every rule, else the upstream message. */
export function confirmNoEscalation(
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
  reader: ObjectReader,
): string | undefined {
  const owner = rulesFor(user, namespace, reader);
  const missing = rules
    .flatMap(breakdown)
    .filter((sub) => !owner.rules.some((o) => covers(o, sub)));
  if (missing.length === 0) return undefined;
  const descriptions = [...new Set(compact(missing).map(compactString))].sort();
  let msg = `user ${quote(user.username)} (groups=${quoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owner.errors.length) msg += `; resolution errors: [${owner.errors.join(' ')}]`;
  return msg;
}

/** What is being written: a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
export interface RbacWrite {
  user: UserInfo;
  resource: 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';
  object: KubeObject;
}

/**
 * The escalation check the RBAC registry runs on create and update; undefined allows the write.
 *
 *   rbacWriteForbidden({ user: jane, resource: 'roles', object: role }, cache, (a) => authorize(a, cache));
 *   // → 403 `roles.rbac.authorization.k8s.io "pod-killer" is forbidden: user "jane" (groups=[...]) is attempting ...`
 */
export function rbacWriteForbidden(
  write: RbacWrite,
  reader: ObjectReader,
  authorize: (attrs: AuthorizationAttributes) => AuthorizationDecision,
): Status | undefined {
  const { user, resource, object } = write;
  // EscalationAllowed: system:masters may grant anything
  if (user.groups.includes(systemPrivilegedGroup)) return undefined;
  const name = object.metadata.name ?? '';
  const namespace = object.metadata.namespace ?? '';
  const forbidden = (message: string) =>
    newForbidden({ group: rbacGroup, resource }, name, message).status;
  const allowed = (attrs: Omit<AuthorizationAttributes, 'user' | 'resourceRequest' | 'apiGroup'>) =>
    authorize({ user, resourceRequest: true, apiGroup: rbacGroup, ...attrs }).decision === 'Allow';

  if (resource === 'roles' || resource === 'clusterroles') {
    // RoleEscalationAuthorized: the escalate verb on this role
    if (allowed({ verb: 'escalate', resource, namespace, name })) return undefined;
    const rules = (object.rules as PolicyRule[] | undefined) ?? [];
    const err = confirmNoEscalation(user, namespace, rules, reader);
    if (err) return forbidden(err);
    const fullAuthority: PolicyRule[] = [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ];
    if (object.aggregationRule && confirmNoEscalation(user, '', fullAuthority, reader)) {
      return forbidden('must have cluster-admin privileges to use the aggregationRule');
    }
    return undefined;
  }

  const ref = object.roleRef as RoleRef;
  // BindingAuthorized: the bind verb on the referenced role
  const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  if (allowed({ verb: 'bind', resource: refResource, namespace, name: ref.name })) return undefined;
  const resolved = roleReferenceRules(ref, namespace, reader);
  // GetRoleReferenceRules answers the lister's NotFound (singular resource) as is
  if ('error' in resolved) {
    const kind = ref.kind === 'ClusterRole' ? 'clusterrole' : 'role';
    return newNotFound({ group: rbacGroup, resource: kind }, ref.name).status;
  }
  const err = confirmNoEscalation(user, namespace, resolved.rules, reader);
  return err ? forbidden(err) : undefined;
}
