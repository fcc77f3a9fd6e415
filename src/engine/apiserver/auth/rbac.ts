// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go) with the default rule resolver
// (pkg/registry/rbac/validation/rule.go VisitRulesFor): ClusterRoleBindings first, then the
// RoleBindings of the request's namespace, stopping at the first rule that allows.
import type { KubeObject, ObjectReader, UserInfo } from '../../api/types';
import type { AuthorizationAttributes, AuthorizationDecision } from './attributes';
import { quote } from './attributes';
import { serviceAccountUsernamePrefix } from './identities';
import type { PolicyRule, RoleRef, Subject } from './policy-rule';
import { ruleAllows } from './policy-rule';

/** Where a rule came from, for the "allowed by" reason (described only when asked for). */
type RuleVisitor = (source: () => string, rule: PolicyRule | undefined, error?: string) => boolean;

function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // a ServiceAccount subject without a namespace means the binding's own namespace
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && isServiceAccountUsername(user.username, ns, subject.name);
    }
    default:
      return false;
  }
}

/** username === serviceAccountUsername(ns, name), without building the name for every subject. */
function isServiceAccountUsername(username: string, ns: string, name: string): boolean {
  const nsAt = serviceAccountUsernamePrefix.length;
  const nameAt = nsAt + ns.length + 1;
  return (
    username.length === nameAt + name.length &&
    username.startsWith(serviceAccountUsernamePrefix) &&
    username.startsWith(ns, nsAt) &&
    username.charCodeAt(nameAt - 1) === 58 && // ':'
    username.startsWith(name, nameAt)
  );
}

// rule.go describeSubject
function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${quote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${quote(subject.name)}`;
}

function matchesLabels(obj: KubeObject, matchLabels: Record<string, string>): boolean {
  const labels = obj.metadata.labels ?? {};
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

/** The rules of a ClusterRole; for an aggregated role, also the rules of the roles it selects
 *  (what the clusterrole-aggregation controller would have written; matchLabels only). */
function clusterRoleRules(role: KubeObject, reader: ObjectReader): PolicyRule[] {
  const own = (role.rules as PolicyRule[] | undefined) ?? [];
  const aggregation = role.aggregationRule as
    { clusterRoleSelectors?: { matchLabels?: Record<string, string> }[] } | undefined;
  if (!aggregation?.clusterRoleSelectors?.length) return own;
  const selected = reader
    .list('clusterroles')
    .filter((r) => r.metadata.name !== role.metadata.name)
    .filter((r) =>
      aggregation.clusterRoleSelectors!.some((s) => matchesLabels(r, s.matchLabels ?? {})),
    )
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return [...own, ...selected.flatMap((r) => (r.rules as PolicyRule[] | undefined) ?? [])];
}

/** The rules a role reference grants, or the lister's NotFound message. */
export function roleReferenceRules(
  ref: RoleRef,
  bindingNamespace: string,
  reader: ObjectReader,
): { rules: PolicyRule[] } | { error: string } {
  if (ref.kind === 'ClusterRole') {
    const role = reader.get('clusterroles', undefined, ref.name);
    if (!role)
      return { error: `clusterrole.rbac.authorization.k8s.io ${quote(ref.name)} not found` };
    return { rules: clusterRoleRules(role, reader) };
  }
  if (ref.kind === 'Role') {
    const role = reader.get('roles', bindingNamespace, ref.name);
    if (!role) return { error: `role.rbac.authorization.k8s.io ${quote(ref.name)} not found` };
    return { rules: (role.rules as PolicyRule[] | undefined) ?? [] };
  }
  return { error: `unsupported role reference kind: ${quote(String((ref as RoleRef).kind))}` };
}

/** The binding's first subject that is the user, if any (a loop: bindings are many). */
function appliedSubject(binding: KubeObject, user: UserInfo, ns: string): Subject | undefined {
  const subjects = binding.subjects as Subject[] | undefined;
  if (!subjects) return undefined;
  // an index loop: for-of over a cached (frozen) array allocates an iterator
  for (let i = 0; i < subjects.length; i++)
    if (appliesTo(user, subjects[i], ns)) return subjects[i];
  return undefined;
}

function visitBindings(
  bindings: readonly KubeObject[],
  user: UserInfo,
  reader: ObjectReader,
  visit: RuleVisitor,
): boolean {
  // the loop body captures nothing: a closure over its variables would cost a context for
  // every binding, and a request walks all of them
  for (let b = 0; b < bindings.length; b++) {
    const binding = bindings[b];
    const ns = binding.metadata.namespace ?? '';
    const subject = appliedSubject(binding, user, ns);
    if (subject && !visitBinding(binding, subject, ns, reader, visit)) return false;
  }
  return true;
}

/** Visits the rules of one binding that applies to the user; false when the visitor stopped. */
function visitBinding(
  binding: KubeObject,
  subject: Subject,
  ns: string,
  reader: ObjectReader,
  visit: RuleVisitor,
): boolean {
  const ref = binding.roleRef as RoleRef;
  const resolved = roleReferenceRules(ref, ns, reader);
  if ('error' in resolved) return visit(() => '', undefined, resolved.error);
  // described only when a rule allows: most bindings a request visits grant nothing
  const source = () => {
    const name = ns ? `${binding.metadata.name}/${ns}` : binding.metadata.name;
    return `${ns ? 'RoleBinding' : 'ClusterRoleBinding'} ${quote(name ?? '')} of ${ref.kind} ${quote(ref.name)} to ${describeSubject(subject, ns)}`;
  };
  const rules = resolved.rules;
  for (let i = 0; i < rules.length; i++) if (!visit(source, rules[i])) return false;
  return true;
}

/** Visits every rule that applies to the user in the namespace; the visitor returns false to stop. */
export function visitRulesFor(
  user: UserInfo,
  namespace: string,
  reader: ObjectReader,
  visit: RuleVisitor,
): void {
  if (!visitBindings(reader.list('clusterrolebindings'), user, reader, visit)) return;
  if (namespace) visitBindings(reader.list('rolebindings', namespace), user, reader, visit);
}

/** All rules that apply to the user in the namespace, and any resolution errors. */
export function rulesFor(
  user: UserInfo,
  namespace: string,
  reader: ObjectReader,
): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(user, namespace, reader, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (messages.length === 1 || unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}

/**
 * The RBAC decision: Allow with the granting binding, or NoOpinion (RBAC never denies) with
 * `RBAC: <errors>` when a binding pointed at a missing role.
 *
 *   rbacAuthorize({ user: admin, verb: 'delete', resourceRequest: true, apiGroup: 'apps',
 *     resource: 'deployments', namespace: 'default' }, reader).decision; // 'Allow'
 */
export function rbacAuthorize(
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  let allowedBy: string | undefined;
  const errors: string[] = [];
  visitRulesFor(attrs.user, attrs.namespace ?? '', reader, (source, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      allowedBy = source();
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowedBy !== undefined)
    return { decision: 'Allow', reason: `RBAC: allowed by ${allowedBy}` };
  return {
    decision: 'NoOpinion',
    reason: errors.length ? `RBAC: ${aggregateMessage(errors)}` : '',
  };
}
