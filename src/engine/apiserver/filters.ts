import { StatusError } from '../api/errors';
import type { ApiRequest, UserInfo } from '../api/types';
import type { Stage } from '../sim';
import type { KubeApiServer } from './apiserver';
import { attributesFromRequestInfo, forbiddenStatus } from './auth/attributes';
import { authenticate, unauthorizedStatus } from './auth/authenticate';
import { authorize } from './auth/authorize';
import { impersonate } from './auth/impersonate';
import type { RequestInfo } from './request-info';

/** The authentication filter: who is asking? Unknown credentials get 401. */
export function authenticateRequest(
  server: KubeApiServer,
  req: ApiRequest,
  headers: Record<string, string>,
  stages: Stage[],
): UserInfo {
  const user = authenticate(headers, server.options.identities, {
    user: req.user,
    reader: server.reader,
  });
  if (!user) {
    stages.push({ name: 'authentication', ok: false, detail: 'invalid bearer token' });
    throw new StatusError(unauthorizedStatus());
  }
  stages.push({ name: 'authentication', ok: true, detail: user.username });
  const impersonated = impersonate(user, headers, (attrs) => authorize(attrs, server.reader));
  if ('status' in impersonated) {
    stages.push({ name: 'impersonation', ok: false, detail: impersonated.status.message });
    throw new StatusError(impersonated.status);
  }
  if (impersonated.user !== user) {
    stages.push({ name: 'impersonation', ok: true, detail: impersonated.user.username });
  }
  return impersonated.user;
}

/** The authorization filter: system:masters, then Node, then RBAC; nobody allowing means 403. */
export function authorizeRequest(
  server: KubeApiServer,
  info: RequestInfo,
  user: UserInfo,
  query: Record<string, string>,
  stages: Stage[],
): void {
  const attrs = attributesFromRequestInfo(info, user, query.fieldSelector);
  const decision = authorize(attrs, server.reader);
  if (decision.decision === 'Allow') {
    stages.push({ name: 'authorization', ok: true, detail: decision.reason || 'system:masters' });
    return;
  }
  stages.push({
    name: 'authorization',
    ok: false,
    detail: decision.reason || 'no RBAC rule allows it',
  });
  throw new StatusError(forbiddenStatus(attrs, decision.reason));
}
