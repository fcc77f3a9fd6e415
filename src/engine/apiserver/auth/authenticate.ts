// Authentication as kube-apiserver chains it (pkg/kubeapiserver/authenticator/config.go):
// union(client certificate, bearer token) → add system:authenticated → anonymous fallback,
// which is used only when no authenticator reported an error (a bad token is never anonymous).
import type { ObjectReader, Status, UserInfo } from '../../api/types';
import type { IdentityTable } from './identities';
import {
  allAuthenticated,
  anonymousUser,
  anonymousUserInfo,
  nodeUser,
  nodeUsernamePrefix,
  parseServiceAccountUsername,
  serviceAccountUser,
  tokenFor,
} from './identities';

/** How a request presents itself besides its headers. */
export interface AuthenticateOptions {
  /** the in-engine identity shortcut (ApiRequest.user): plays the client certificate's role */
  user?: string;
  /** the apiserver's cache, to accept tokens of service accounts created after boot */
  reader?: ObjectReader;
  /** --anonymous-auth, true by default in kube-apiserver */
  anonymous?: boolean;
}

/** Case-insensitive header lookup, as Go's http.Header.Get canonicalises names. */
export function headerValue(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Who the request is, or undefined when the pipeline must answer 401 (`unauthorizedStatus()`).
 *
 *   authenticate({ Authorization: `Bearer ${tokenFor('kubernetes-admin')}` }, ids)?.username; // 'kubernetes-admin'
 *   authenticate({}, ids)?.username;                                                       // 'system:anonymous'
 *   authenticate({ Authorization: 'Bearer nope' }, ids);                                   // undefined
 */
export function authenticate(
  headers: Record<string, string> | undefined,
  identities: IdentityTable,
  options: AuthenticateOptions = {},
): UserInfo | undefined {
  // x509 is first in the union; the engine's user shortcut stands in for a client certificate
  if (options.user !== undefined && options.user !== '') {
    return withAuthenticatedGroup(userByName(options.user, identities));
  }

  const bearer = bearerToken(headerValue(headers, 'Authorization'));
  if (bearer !== undefined) {
    // plugin/pkg/auth/authenticator/request/bearertoken: an empty or unknown token is an error
    const user = bearer === '' ? undefined : userByToken(bearer, identities, options.reader);
    return user && withAuthenticatedGroup(user);
  }

  return options.anonymous === false ? undefined : anonymousUserInfo();
}

/** The token of an `Authorization: Bearer <token>` header; undefined when the header is absent
 *  or uses another scheme (the bearer authenticator then has no opinion). */
function bearerToken(header: string | undefined): string | undefined {
  const auth = header?.trim();
  if (!auth) return undefined;
  const parts = auth.split(' ');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

function userByToken(
  token: string,
  identities: IdentityTable,
  reader: ObjectReader | undefined,
): UserInfo | undefined {
  const known = identities.byToken.get(token);
  if (known) return known;
  // a service-account token is valid while its service account exists
  const prefix = tokenFor('');
  if (!token.startsWith(prefix) || !reader) return undefined;
  const sa = parseServiceAccountUsername(token.slice(prefix.length));
  if (!sa || !reader.get('serviceaccounts', sa.namespace, sa.name)) return undefined;
  return serviceAccountUser(sa.namespace, sa.name);
}

/** Resolves the in-engine user shortcut: known identities, then the conventional shapes of
 *  service-account and node usernames, else a plain certificate user with no groups. */
export function userByName(username: string, identities: IdentityTable): UserInfo {
  const known = identities.byName.get(username);
  if (known) return known;
  if (username === anonymousUser) return anonymousUserInfo();
  const sa = parseServiceAccountUsername(username);
  if (sa) return serviceAccountUser(sa.namespace, sa.name);
  if (username.startsWith(nodeUsernamePrefix)) {
    return nodeUser(username.slice(nodeUsernamePrefix.length));
  }
  return { username, groups: [] };
}

// pkg/authentication/group/authenticated_group_adder.go: every authenticated user but anonymous
function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === anonymousUser || user.groups.includes(allAuthenticated)) return user;
  return { ...user, groups: [...user.groups, allAuthenticated] };
}

/** The 401 the authentication filter answers with (filters/authentication.go Unauthorized:
 *  apierrors.NewUnauthorized("Unauthorized")). */
export function unauthorizedStatus(): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  };
}
