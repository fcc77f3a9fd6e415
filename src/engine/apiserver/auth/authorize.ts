// The authorizer chain of a kubeadm apiserver (--authorization-mode=Node,RBAC), behind the
// system:masters short-circuit kube-apiserver always puts first
// (pkg/kubeapiserver/authorizer/config.go; union.go joins the reasons of each NoOpinion).
import type { ObjectReader } from '../../api/types';
import type { AuthorizationAttributes, AuthorizationDecision } from './attributes';
import { systemPrivilegedGroup } from './identities';
import { nodeAuthorize } from './node-authorizer';
import { rbacAuthorize } from './rbac';

/**
 * Whether the request is allowed; on NoOpinion the pipeline answers 403 with
 * `forbiddenStatus(attrs, decision.reason)`.
 *
 *   const d = authorize(attrs, cache);
 *   if (d.decision !== 'Allow') return forbiddenStatus(attrs, d.reason);
 */
export function authorize(
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  // authorizerfactory.NewPrivilegedGroups: members of system:masters may do anything
  if (attrs.user.groups.includes(systemPrivilegedGroup)) return { decision: 'Allow', reason: '' };
  const reasons: string[] = [];
  for (const authorizer of [nodeAuthorize, rbacAuthorize]) {
    const result = authorizer(attrs, reader);
    if (result.decision !== 'NoOpinion') return result;
    if (result.reason) reasons.push(result.reason);
  }
  return { decision: 'NoOpinion', reason: reasons.join('\n') };
}
