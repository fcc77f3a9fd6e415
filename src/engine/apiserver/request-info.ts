import type { HttpMethod } from '../api/types';

/** What a request path means, as k8s.io/apiserver pkg/endpoints/request RequestInfoFactory
 *  derives it: resource requests carry group/version/namespace/resource/name/subresource. */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (or the HTTP verb,
   *  lower case, for non-resource paths) */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const specialVerbs = new Set(['watch']);
const namespaceSubresources = new Set(['status', 'finalize']);

/** Parses a REST path and query into a RequestInfo. */
export function parseRequestInfo(
  method: HttpMethod,
  path: string,
  query: Record<string, string>,
): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
  };
  const parts = path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter(Boolean);
  if (parts.length === 0 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  info.apiPrefix = parts[0];
  // an index into the segments rather than a slice of the rest at every step
  let at = 1;
  if (info.apiPrefix === 'apis') {
    if (parts.length - at < 1) return info;
    info.apiGroup = parts[at++];
  }
  if (parts.length - at < 1) return info;
  info.apiVersion = parts[at++];
  if (parts.length - at < 1) return info;

  info.isResourceRequest = true;
  let watchPrefix = false;
  if (specialVerbs.has(parts[at])) {
    // Legacy /api/v1/watch/... paths.
    watchPrefix = true;
    at++;
    if (parts.length - at < 1) {
      info.isResourceRequest = false;
      return info;
    }
  }
  if (parts[at] === 'namespaces' && parts.length - at > 1) {
    info.namespace = parts[at + 1];
    // A step after the namespace name that is not one of its own subresources is a resource.
    if (parts.length - at > 2 && !namespaceSubresources.has(parts[at + 2])) at += 2;
  }
  info.resource = parts[at];
  info.name = parts[at + 1] ?? '';
  info.subresource = parts[at + 2] ?? '';

  const isWatch = watchPrefix || query.watch === 'true' || query.watch === '1';
  switch (method) {
    case 'POST':
      info.verb = 'create';
      break;
    case 'GET':
      info.verb = isWatch ? 'watch' : info.name ? 'get' : 'list';
      // requestinfo.go: a list or watch whose fieldSelector requires metadata.name=<x> is about
      // that one object (so a kubelet may list/watch its own Node)
      if (!info.name) info.name = selectedName(query.fieldSelector);
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
  }
  return info;
}

/** fields.Selector.RequiresExactMatch("metadata.name"), if it is a valid path segment name. */
function selectedName(fieldSelector: string | undefined): string {
  for (const term of (fieldSelector ?? '').split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    // path.IsValidPathSegmentName: not . or .., no / or %
    if (m && m[1] !== '.' && m[1] !== '..' && !/[/%]/.test(m[1])) return m[1];
  }
  return '';
}
