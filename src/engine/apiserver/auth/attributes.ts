// What an authorizer is asked (k8s.io/apiserver pkg/authorization/authorizer.Attributes) and the
// 403 the authorization filter answers when nobody allows it.
import type { Status, UserInfo } from '../../api/types';

/** One authorization question: may `user` do `verb` on this resource or path? */
export interface AuthorizationAttributes {
  user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection, impersonate, bind,
   *  escalate, ... (non-resource requests use the lower-case HTTP method) */
  verb: string;
  resourceRequest: boolean;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** the request path, for non-resource requests */
  path?: string;
  /** the raw fieldSelector of a list/watch, e.g. `spec.nodeName=worker-1` (Node authorizer) */
  fieldSelector?: string;
}

/** An authorizer's answer: Allow and Deny end the chain, NoOpinion asks the next one. */
export interface AuthorizationDecision {
  decision: 'Allow' | 'Deny' | 'NoOpinion';
  reason: string;
}

/** The request info a pipeline derives from a path (fields as in RequestInfoFactory). */
export interface RequestInfoLike {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

/** Builds the attributes of a request (filters/authorization.go GetAuthorizerAttributes). */
export function attributesFromRequestInfo(
  info: RequestInfoLike,
  user: UserInfo,
  fieldSelector?: string,
): AuthorizationAttributes {
  if (!info.isResourceRequest) {
    return { user, verb: info.verb, resourceRequest: false, path: info.path };
  }
  return {
    user,
    verb: info.verb,
    resourceRequest: true,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
    path: info.path,
    fieldSelector,
  };
}

// responsewriters/errors.go: "Avoid emitting errors that look like valid HTML. Quotes are okay."
function sanitize(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Go's %q for the ASCII strings Kubernetes names are made of. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * The authorizer sentence (responsewriters/errors.go forbiddenMessage).
 *
 *   forbiddenMessage({ user: { username: 'x', groups: [] }, verb: 'create', resourceRequest: true,
 *     apiGroup: '', resource: 'pods', namespace: 'default' });
 *   // 'User "x" cannot create resource "pods" in API group "" in the namespace "default"'
 */
export function forbiddenMessage(attrs: AuthorizationAttributes): string {
  const username = quote(attrs.user.username);
  if (!attrs.resourceRequest) {
    return `User ${username} cannot ${attrs.verb} path ${quote(attrs.path ?? '')}`;
  }
  let resource = attrs.resource ?? '';
  if (attrs.subresource) resource = `${resource}/${attrs.subresource}`;
  const group = quote(attrs.apiGroup ?? '');
  if (attrs.namespace) {
    return `User ${username} cannot ${attrs.verb} resource ${quote(resource)} in API group ${group} in the namespace ${quote(attrs.namespace)}`;
  }
  return `User ${username} cannot ${attrs.verb} resource ${quote(resource)} in API group ${group} at the cluster scope`;
}

/** `resource` for the core group, `resource.group` otherwise (schema.GroupResource.String). */
export function groupResourceString(resource: string, group: string | undefined): string {
  return group ? `${resource}.${group}` : resource;
}

/**
 * The full message of the 403 Status (responsewriters.Forbidden wrapped by apierrors.NewForbidden):
 * `pods is forbidden: User ...`, `pods "x" is forbidden: User ...`, or for paths
 * `forbidden: User ... cannot get path "/foo"`; a non-empty authorizer reason follows `: `.
 */
export function forbiddenStatusMessage(attrs: AuthorizationAttributes, reason = ''): string {
  const sentence = sanitize(forbiddenMessage(attrs));
  const detail = reason ? `${sentence}: ${reason}` : sentence;
  const resource = attrs.resourceRequest ? (attrs.resource ?? '') : '';
  const group = attrs.resourceRequest ? (attrs.apiGroup ?? '') : '';
  if (!resource && !group) return `forbidden: ${detail}`;
  const gr = groupResourceString(resource, group);
  return attrs.name
    ? `${gr} ${quote(attrs.name)} is forbidden: ${detail}`
    : `${gr} is forbidden: ${detail}`;
}

/** The 403 Status the authorization filter writes for a denied request. */
export function forbiddenStatus(attrs: AuthorizationAttributes, reason = ''): Status {
  const resource = attrs.resourceRequest ? (attrs.resource ?? '') : '';
  const group = attrs.resourceRequest ? (attrs.apiGroup ?? '') : '';
  const details: NonNullable<Status['details']> = {};
  if (attrs.name) details.name = attrs.name;
  if (group) details.group = group;
  if (resource) details.kind = resource;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: forbiddenStatusMessage(attrs, reason),
    reason: 'Forbidden',
    details,
    code: 403,
  };
}
