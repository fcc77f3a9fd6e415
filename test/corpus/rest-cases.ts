// Hostile and malformed REST requests through cluster.request, each with the apiserver's
// status code and message (k8s.io/apiserver handlers and apimachinery's decoders).
import type { ApiRequest } from '../../src/engine/api/types';

export interface RestCase {
  name: string;
  req: ApiRequest;
  status: number;
  message: string | RegExp;
}

const NOT_FOUND = 'the server could not find the requested resource';
const CM = '/api/v1/namespaces/default/configmaps';
const VALID = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cut"},"data":{"a":"b"}}';

const handWritten: RestCase[] = [
  { name: 'an empty path', req: { method: 'GET', path: '' }, status: 404, message: NOT_FOUND },
  {
    name: 'a path that climbs out with ..',
    req: { method: 'GET', path: `${CM}/../../secrets` },
    status: 404,
    message: NOT_FOUND,
  },
  {
    name: 'a PATCH in an unknown content type',
    req: {
      method: 'PATCH',
      path: `${CM}/nope`,
      body: '{}',
      headers: { 'Content-Type': 'application/foo' },
    },
    status: 415,
    // k8s.io/apiserver/pkg/endpoints/handlers/patch.go
    message:
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  },
  {
    name: 'a body of another API version',
    req: {
      method: 'POST',
      path: CM,
      body: { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    },
    status: 400,
    message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
  },
  {
    name: 'a GET of a ConfigMap that does not exist',
    req: { method: 'GET', path: `${CM}/missing` },
    status: 404,
    message: 'configmaps "missing" not found',
  },
  {
    name: 'a DELETE of a ConfigMap that does not exist',
    req: { method: 'DELETE', path: `${CM}/missing` },
    status: 404,
    message: 'configmaps "missing" not found',
  },
  {
    name: 'a doubled equality in a label selector',
    req: { method: 'GET', path: CM, query: { labelSelector: 'a==b==c' } },
    status: 400,
    message: "found '==', expected: ',' or 'end of string'",
  },
];

/** Generated cases, invalid by construction. */
function generated(): RestCase[] {
  const out: RestCase[] = [];
  // every truncation of a valid JSON body is a parse error (json.Unmarshal's wording)
  for (let cut = 1; cut < VALID.length; cut++) {
    out.push({
      name: `a JSON body cut after ${cut} characters`,
      req: {
        method: 'POST',
        path: CM,
        body: VALID.slice(0, cut),
        headers: { 'Content-Type': 'application/json' },
      },
      status: 400,
      message: /^couldn't get version\/kind; json parse error: /,
    });
  }
  // unknown resources and groups, in every shape of path
  const words = ['frobs', 'widgets', 'podz', 'deploymentz', 'x', 'configmap', 'Pods', 'PODS'];
  for (const w of words) {
    for (const path of [
      `/api/v1/${w}`,
      `/api/v1/namespaces/default/${w}`,
      `/api/v1/namespaces/default/${w}/name`,
      `/apis/apps/v1/${w}`,
      `/apis/apps/v1/namespaces/default/${w}`,
      `/apis/${w}.example.com/v1/${w}`,
      `/api/v2/${w}`,
      `/apis/apps/v9/namespaces/default/${w}`,
    ]) {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        out.push({
          name: `${method} ${path}`,
          req: { method, path, body: method === 'POST' ? {} : undefined },
          status: 404,
          message: NOT_FOUND,
        });
      }
    }
  }
  // names that do not exist, of every built-in kind
  for (const [resource, path] of [
    ['pods', '/api/v1/namespaces/default/pods'],
    ['services', '/api/v1/namespaces/default/services'],
    ['secrets', '/api/v1/namespaces/default/secrets'],
    ['deployments.apps', '/apis/apps/v1/namespaces/default/deployments'],
    ['replicasets.apps', '/apis/apps/v1/namespaces/default/replicasets'],
    ['nodes', '/api/v1/nodes'],
  ] as const) {
    for (let i = 0; i < 10; i++) {
      const name = `ghost-${i}`;
      for (const method of ['GET', 'DELETE'] as const) {
        out.push({
          name: `${method} of the missing ${resource} ${name}`,
          req: { method, path: `${path}/${name}` },
          status: 404,
          message: `${resource} "${name}" not found`,
        });
      }
    }
  }
  // malformed label selectors
  for (const sel of [
    'a in (b',
    '!',
    'a=(b)',
    'a notin b',
    ',',
    'a,,b',
    '=b',
    'a in ()x',
    'a!==b',
  ]) {
    out.push({
      name: `the label selector ${sel}`,
      req: { method: 'GET', path: CM, query: { labelSelector: sel } },
      status: 400,
      message: /./,
    });
  }
  return out;
}

export const restCases: RestCase[] = [...handWritten, ...generated()];
