// RBAC rule matching (plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and
// pkg/apis/rbac/v1/evaluation_helpers.go).
import type { AuthorizationAttributes } from './attributes';

export const rbacGroup = 'rbac.authorization.k8s.io';

/** rbac.authorization.k8s.io/v1 PolicyRule, fields in the API's own order. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'ClusterRole' | 'Role';
  name: string;
}

// index loops over the rule's lists: the cached roles are frozen, and for-of over a frozen
// array (or a callback closing over the request) allocates on every rule a request visits
function verbMatches(rule: PolicyRule, verb: string): boolean {
  const verbs = rule.verbs;
  for (let i = 0; i < verbs.length; i++) if (verbs[i] === '*' || verbs[i] === verb) return true;
  return false;
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  const groups = rule.apiGroups ?? [];
  for (let i = 0; i < groups.length; i++) if (groups[i] === '*' || groups[i] === group) return true;
  return false;
}

// a rule resource matches '*', the exact resource or resource/subresource, or '*/subresource'
function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  const resources = rule.resources ?? [];
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    if (r === '*' || r === combined) return true;
    if (
      subresource &&
      r.length === subresource.length + 2 &&
      r.startsWith('*/') &&
      r.endsWith(subresource)
    )
      return true;
  }
  return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

// '*' matches every path; a trailing '*' matches any path with that prefix
function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) => {
    if (url === '*' || url === path) return true;
    return url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''));
  });
}

/** Whether one rule allows the request. */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path ?? '');
  const subresource = attrs.subresource ?? '';
  const combined = subresource ? `${attrs.resource}/${subresource}` : (attrs.resource ?? '');
  return (
    apiGroupMatches(rule, attrs.apiGroup ?? '') &&
    resourceMatches(rule, combined, subresource) &&
    resourceNameMatches(rule, attrs.name ?? '')
  );
}

/** Whether any of the rules allows the request (rbac.RulesAllow). */
export function rulesAllow(attrs: AuthorizationAttributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((rule) => ruleAllows(attrs, rule));
}
