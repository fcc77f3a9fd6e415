import { describe, expect, it } from 'vitest';

import type { HttpMethod } from '../../../src/engine/api/types';
import { parseRequestInfo } from '../../../src/engine/apiserver/request-info';

describe('parseRequestInfo', () => {
  const cases: [
    HttpMethod,
    string,
    Record<string, string>,
    Partial<ReturnType<typeof parseRequestInfo>>,
  ][] = [
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      {},
      { verb: 'list', namespace: 'default', resource: 'pods', name: '' },
    ],
    [
      'GET',
      '/api/v1/namespaces/default/pods/nginx',
      {},
      { verb: 'get', resource: 'pods', name: 'nginx' },
    ],
    ['GET', '/api/v1/namespaces/default/pods', { watch: '1' }, { verb: 'watch', resource: 'pods' }],
    [
      'GET',
      '/api/v1/watch/namespaces/default/pods',
      {},
      { verb: 'watch', namespace: 'default', resource: 'pods' },
    ],
    [
      'POST',
      '/api/v1/namespaces/default/pods/nginx/binding',
      {},
      { verb: 'create', name: 'nginx', subresource: 'binding' },
    ],
    [
      'DELETE',
      '/api/v1/namespaces/default/pods',
      {},
      { verb: 'deletecollection', resource: 'pods' },
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web/scale',
      {},
      { verb: 'patch', apiGroup: 'apps', subresource: 'scale' },
    ],
    [
      'GET',
      '/api/v1/namespaces/team',
      {},
      { verb: 'get', namespace: 'team', resource: 'namespaces', name: 'team' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/team/finalize',
      {},
      { verb: 'update', resource: 'namespaces', name: 'team', subresource: 'finalize' },
    ],
    [
      'GET',
      '/api/v1/nodes/worker-1',
      {},
      { verb: 'get', namespace: '', resource: 'nodes', name: 'worker-1' },
    ],
    ['GET', '/version', {}, { isResourceRequest: false, verb: 'get' }],
    ['GET', '/api/v1/watch', {}, { isResourceRequest: false }],
    ['GET', '/apis/apps/v1', {}, { isResourceRequest: false, apiGroup: 'apps', apiVersion: 'v1' }],
  ];

  it.each(cases)('%s %s %o', (method, path, query, expected) => {
    expect(parseRequestInfo(method, path, query)).toMatchObject(expected);
  });

  it('marks resource paths as resource requests', () => {
    expect(parseRequestInfo('GET', '/api/v1/pods', {}).isResourceRequest).toBe(true);
  });
});
