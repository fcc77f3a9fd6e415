import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from '../../api/discovery';
import type { ApiResponse } from '../../api/types';
import type { KubeApiServer } from '../apiserver';
import { newNotFoundPath } from '../apiserver';
import { jsonResponse } from '../context';
import type { RequestInfo } from '../request-info';

/** Health endpoints, /version and discovery: what clients read before any resource. */
export function serveNonResource(
  server: KubeApiServer,
  info: RequestInfo,
  headers: Record<string, string>,
): ApiResponse {
  const path = info.path.replace(/\/+$/, '') || '/';
  const accept = headers['accept'] ?? '';
  const aggregated = accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2');
  switch (path) {
    case '/version':
      return jsonResponse(200, versionInfo());
    case '/api':
      if (aggregated) return discovery(aggregatedDiscovery('/api'));
      return jsonResponse(200, apiVersions(`${server.options.advertiseAddress}:6443`));
    case '/apis':
      if (aggregated) return discovery(aggregatedDiscovery('/apis'));
      return jsonResponse(200, apiGroupList());
  }
  if (info.apiPrefix === 'api' && info.apiVersion) {
    const list = apiResourceList('', info.apiVersion);
    if (list && path === `/api/${info.apiVersion}`) return jsonResponse(200, list);
  }
  if (info.apiPrefix === 'apis' && info.apiGroup) {
    if (!info.apiVersion) {
      const group = apiGroupDocument(info.apiGroup);
      if (group) return jsonResponse(200, group);
    } else {
      const list = apiResourceList(info.apiGroup, info.apiVersion);
      if (list && path === `/apis/${info.apiGroup}/${info.apiVersion}`)
        return jsonResponse(200, list);
    }
  }
  throw newNotFoundPath();
}

function discovery(body: unknown): ApiResponse {
  return { status: 200, headers: { 'content-type': AGGREGATED_DISCOVERY_CONTENT_TYPE }, body };
}
