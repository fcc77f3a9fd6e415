// SelfSubjectRulesReview (pkg/registry/authorization/selfsubjectrulesreview/rest.go): every rule
// the requester holds in one namespace, from the union of the rule resolvers kube-apiserver
// builds with its authorizers (Node, then RBAC; pkg/kubeapiserver/authorizer/config.go).
import { newBadRequest } from '../../api/errors';
import type { UserInfo, ObjectReader } from '../../api/types';
import { nodeIdentity } from '../auth/identities';
import { aggregateMessage, rulesFor } from '../auth/rbac';
import type { PolicyRule } from '../auth/policy-rule';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeObject } from './body';

/** authorization/v1 ResourceRule. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** authorization/v1 NonResourceRule. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** authorization/v1 SubjectRulesReviewStatus. */
export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

// omitempty: a list that is empty is left out
function resourceRule(rule: PolicyRule): ResourceRule {
  const out: ResourceRule = { verbs: [...rule.verbs] };
  if (rule.apiGroups?.length) out.apiGroups = [...rule.apiGroups];
  if (rule.resources?.length) out.resources = [...rule.resources];
  if (rule.resourceNames?.length) out.resourceNames = [...rule.resourceNames];
  return out;
}

/**
 * The rules a user holds in a namespace: the Node authorizer cannot enumerate a node's rules
 * (incomplete, node_authorizer.go RulesFor); RBAC turns each PolicyRule into a resource rule
 * and/or a non-resource rule (rbac.go RulesFor); errors are aggregated (union.go).
 */
export function subjectRulesReviewStatus(
  user: UserInfo,
  namespace: string,
  reader: ObjectReader,
): SubjectRulesReviewStatus {
  const errors: string[] = [];
  let incomplete = false;
  if (nodeIdentity(user)) {
    incomplete = true;
    errors.push('node authorizer does not support user rule resolution');
  }
  const rbac = rulesFor(user, namespace, reader);
  if (rbac.errors.length) errors.push(aggregateMessage(rbac.errors));
  const status: SubjectRulesReviewStatus = { resourceRules: [], nonResourceRules: [], incomplete };
  for (const rule of rbac.rules) {
    if (rule.resources?.length) {
      status.resourceRules.push(resourceRule(rule));
    }
    if (rule.nonResourceURLs?.length) {
      status.nonResourceRules.push({
        verbs: [...rule.verbs],
        nonResourceURLs: [...rule.nonResourceURLs],
      });
    }
  }
  if (errors.length) status.evaluationError = aggregateMessage(errors);
  return status;
}

/** POST selfsubjectrulesreviews: the answer carries only the status (rest.go builds a new object). */
export function serveSelfSubjectRulesReview(server: KubeApiServer, ctx: RequestContext): void {
  const review = decodeObject(ctx, ctx.resource);
  const namespace = (review.spec as { namespace?: string } | undefined)?.namespace ?? '';
  if (!namespace) throw newBadRequest('no namespace on request');
  const status = subjectRulesReviewStatus(ctx.user, namespace, server.reader);
  ctx.stages.push({
    name: 'rules review',
    ok: true,
    detail: `${status.resourceRules.length + status.nonResourceRules.length} rules`,
  });
  ctx.reply(
    jsonResponse(201, {
      kind: 'SelfSubjectRulesReview',
      apiVersion: review.apiVersion,
      metadata: { creationTimestamp: null },
      spec: {},
      status,
    }),
  );
}
