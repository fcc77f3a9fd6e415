// kubectl auth can-i --list (cani.go RunAccessList / printStatus): a SelfSubjectRulesReview,
// each rule broken down to one verb and resource, compacted again and sorted as kubectl does
// (k8s.io/kubectl pkg/util/rbac BreakdownRule, CompactRules, SortableRuleSlice).
import type { Invocation } from '../command';
import { warn } from './auth-can-i';
import { formatTabbed, GET_TABWRITER } from '../tabwriter';

/** rbac/v1 PolicyRule as kubectl handles it (every list present, possibly empty). */
export interface ListedRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

interface RulesReviewAnswer {
  status?: {
    resourceRules?: Partial<ListedRule>[];
    nonResourceRules?: Partial<ListedRule>[];
    incomplete?: boolean;
    evaluationError?: string;
  };
}

function rule(r: Partial<ListedRule>): ListedRule {
  return {
    verbs: [...(r.verbs ?? [])],
    apiGroups: [...(r.apiGroups ?? [])],
    resources: [...(r.resources ?? [])],
    resourceNames: [...(r.resourceNames ?? [])],
    nonResourceURLs: [...(r.nonResourceURLs ?? [])],
  };
}

/** BreakdownRule: one rule per group × resource × verb (× name), and per URL × verb. */
export function breakdownRule(r: ListedRule): ListedRule[] {
  const out: ListedRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        const names = r.resourceNames.length ? r.resourceNames.map((n) => [n]) : [[]];
        for (const resourceNames of names) {
          out.push(
            rule({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames }),
          );
        }
      }
    }
  }
  for (const url of r.nonResourceURLs) {
    for (const verb of r.verbs) out.push(rule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

/** CompactRules: rules on one group, resource and at most one name merge their verbs. */
export function compactRules(rules: readonly ListedRule[]): ListedRule[] {
  const compacted: ListedRule[] = [];
  const simple = new Map<string, ListedRule>();
  for (const r of rules) {
    const isSimple =
      r.resourceNames.length <= 1 &&
      r.nonResourceURLs.length === 0 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, rule(r));
    else for (const verb of r.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
  }
  return [...compacted, ...simple.values()];
}

// the generated PolicyRule.String(), which SortableRuleSlice compares
function policyRuleString(r: ListedRule): string {
  const list = (items: string[]) => `[${items.join(' ')}]`;
  return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

// describe.go CombineResourceGroup: `pods`, `deployments.apps`, `pods.`-less `pods/log`
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [resource, sub] = resources[0].split(/\/(.*)/s, 2);
  let combined = resource;
  if (groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

/** The access table kubectl prints for a rules review's status. */
export function accessTable(
  status: NonNullable<RulesReviewAnswer['status']>,
  noHeaders: boolean,
): string {
  const broken = [...(status.resourceRules ?? []), ...(status.nonResourceRules ?? [])]
    .map(rule)
    .flatMap(breakdownRule);
  const keyed = compactRules(broken).map((r) => ({ r, key: policyRuleString(r) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const list = (items: string[]) => `[${items.join(' ')}]`;
  let text = noHeaders ? '' : 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n';
  for (const { r } of keyed) {
    text += `${combineResourceGroup(r.resources, r.apiGroups)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`;
  }
  return formatTabbed(text, GET_TABWRITER);
}

/** RunAccessList: asks a SelfSubjectRulesReview for the namespace and prints the table. */
export function printAccessList(inv: Invocation, namespace: string): void {
  const answer = inv.client.send({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    headers: { 'Content-Type': 'application/json' },
    body: {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { namespace },
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    },
  }) as RulesReviewAnswer;
  const status = answer.status ?? {};
  if (status.incomplete) warn(inv, `the list may be incomplete: ${status.evaluationError ?? ''}`);
  inv.out.out(accessTable(status, inv.flags.bool('no-headers')));
}
