// The impersonation filter (k8s.io/apiserver pkg/endpoints/filters/impersonation.go): each
// Impersonate-* header is checked with the `impersonate` verb before the request runs as the
// impersonated user. Simplified: one Impersonate-Group header may list several groups
// separated by commas (HTTP repeats the header; the engine's headers are a flat record), and
// Impersonate-Extra-* headers are not modelled.
import type { Status, UserInfo } from '../../api/types';
import type { AuthorizationAttributes, AuthorizationDecision } from './attributes';
import { forbiddenStatus } from './attributes';
import { headerValue } from './authenticate';
import {
  allAuthenticated,
  allUnauthenticated,
  anonymousUser,
  parseServiceAccountUsername,
  serviceAccountUser,
} from './identities';

interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UID';
  name: string;
  namespace?: string;
}

// Go's %v of []v1.ObjectReference{Kind, Namespace, Name, UID, APIVersion, ResourceVersion, FieldPath}
function describeRequests(requests: readonly ImpersonationRequest[]): string {
  return `[${requests.map((r) => `{${r.kind} ${r.namespace ?? ''} ${r.name}    }`).join(' ')}]`;
}

/**
 * The user the request runs as: the requestor itself when no Impersonate-* header is present,
 * the impersonated user when every header is authorized, or the Status to answer with.
 *
 *   const result = impersonate(user, headers, (attrs) => authorize(attrs, cache));
 *   if ('status' in result) return result.status; // 403 users "jane" is forbidden: ...
 */
export function impersonate(
  requestor: UserInfo,
  headers: Record<string, string> | undefined,
  authorize: (attrs: AuthorizationAttributes) => AuthorizationDecision,
): { user: UserInfo } | { status: Status } {
  const requests: ImpersonationRequest[] = [];
  const requestedUser = headerValue(headers, 'Impersonate-User') ?? '';
  if (requestedUser) {
    const sa = parseServiceAccountUsername(requestedUser);
    requests.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: requestedUser });
  }
  const groupHeader = headerValue(headers, 'Impersonate-Group');
  const requestedGroups = groupHeader
    ? groupHeader
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean)
    : [];
  for (const group of requestedGroups) requests.push({ kind: 'Group', name: group });
  const requestedUid = headerValue(headers, 'Impersonate-Uid');
  if (requestedUid) requests.push({ kind: 'UID', name: requestedUid });

  if (requests.length === 0) return { user: requestor };
  if (!requestedUser) {
    return {
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `requested ${describeRequests(requests)} without impersonating a user`,
        reason: 'InternalError',
        code: 500,
      },
    };
  }

  let username = '';
  let groups: string[] = [];
  let uid: string | undefined;
  for (const request of requests) {
    const attrs: AuthorizationAttributes = {
      user: requestor,
      verb: 'impersonate',
      resourceRequest: true,
      apiGroup: '',
      name: request.name,
    };
    switch (request.kind) {
      case 'ServiceAccount':
        attrs.resource = 'serviceaccounts';
        attrs.namespace = request.namespace;
        username = serviceAccountUser(request.namespace ?? '', request.name).username;
        // a service account's groups are fixed unless groups were asked for explicitly
        if (requestedGroups.length === 0) {
          groups = serviceAccountUser(request.namespace ?? '', request.name).groups.filter(
            (g) => g !== allAuthenticated,
          );
        }
        break;
      case 'User':
        attrs.resource = 'users';
        username = request.name;
        break;
      case 'Group':
        attrs.resource = 'groups';
        groups.push(request.name);
        break;
      case 'UID':
        attrs.apiGroup = 'authentication.k8s.io';
        attrs.resource = 'uids';
        uid = request.name;
        break;
    }
    const decision = authorize(attrs);
    if (decision.decision !== 'Allow') return { status: forbiddenStatus(attrs, decision.reason) };
  }

  // impersonated users are authenticated (or, for system:anonymous, unauthenticated)
  const implied = username === anonymousUser ? allUnauthenticated : allAuthenticated;
  if (!groups.includes(implied)) groups.push(implied);
  const user: UserInfo = { username, groups };
  if (uid !== undefined) user.uid = uid;
  return { user };
}
