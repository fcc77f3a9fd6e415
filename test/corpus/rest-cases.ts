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

// handlers/rest.go transformDecodeError, before the decoder's own message
const cannot = (kind: string) => `${kind} in version "v1" cannot be handled as a ${kind}: `;
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'typed' },
  spec: {
    selector: { matchLabels: { app: 'typed' } },
    template: {
      metadata: { labels: { app: 'typed' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    },
    ...spec,
  },
});

/** Bodies with a value of the wrong JSON type: encoding/json's UnmarshalTypeError, every directive. */
function wrongTypes(): RestCase[] {
  const out: RestCase[] = [];
  const values: [unknown, string][] = [
    ['x', 'string'],
    [7, 'number'],
    [true, 'bool'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
  ];
  // [field, where it goes in the body, the Go struct and field, its Go type, JSON kinds it takes]
  const fields: [string, (v: unknown) => object, string, string, string[]][] = [
    [
      'metadata.labels',
      (v) => ({ metadata: { name: 'w', labels: v } }),
      'ObjectMeta.metadata.labels',
      'map[string]string',
      ['object'],
    ],
    [
      'metadata.name',
      (v) => ({ metadata: { name: v } }),
      'ObjectMeta.metadata.name',
      'string',
      ['string'],
    ],
    [
      'metadata.generation',
      (v) => ({ metadata: { name: 'w', generation: v } }),
      'ObjectMeta.metadata.generation',
      'int64',
      ['number'],
    ],
    [
      'metadata.finalizers',
      (v) => ({ metadata: { name: 'w', finalizers: v } }),
      'ObjectMeta.metadata.finalizers',
      '[]string',
      ['array'],
    ],
    [
      'data',
      (v) => ({ metadata: { name: 'w' }, data: v }),
      'ConfigMap.data',
      'map[string]string',
      ['object'],
    ],
    [
      'immutable',
      (v) => ({ metadata: { name: 'w' }, immutable: v }),
      'ConfigMap.immutable',
      'bool',
      ['bool'],
    ],
  ];
  for (const [field, body, goField, goType, accepts] of fields) {
    for (const [value, kind] of values) {
      if (accepts.includes(kind)) continue;
      for (const fieldValidation of ['Strict', 'Warn', 'Ignore']) {
        out.push({
          name: `a ConfigMap whose ${field} is ${JSON.stringify(value)} (fieldValidation=${fieldValidation})`,
          req: { method: 'POST', path: CM, query: { fieldValidation }, body: body(value) },
          status: 400,
          message: `${cannot('ConfigMap')}json: cannot unmarshal ${kind} into Go struct field ${goField} of type ${goType}`,
        });
      }
    }
  }
  const specFields: [string, string, string, string[]][] = [
    ['replicas', 'DeploymentSpec.spec.replicas', 'int32', ['number']],
    ['paused', 'DeploymentSpec.spec.paused', 'bool', ['bool']],
    ['minReadySeconds', 'DeploymentSpec.spec.minReadySeconds', 'int32', ['number']],
    ['selector', 'DeploymentSpec.spec.selector', 'v1.LabelSelector', ['object']],
    ['strategy', 'DeploymentSpec.spec.strategy', 'v1.DeploymentStrategy', ['object']],
  ];
  for (const [field, goField, goType, accepts] of specFields) {
    for (const [value, kind] of values) {
      if (accepts.includes(kind)) continue;
      out.push({
        name: `a Deployment whose spec.${field} is ${JSON.stringify(value)}`,
        req: { method: 'POST', path: DEPLOY, body: deployment({ [field]: value }) },
        status: 400,
        message: `${cannot('Deployment')}json: cannot unmarshal ${kind} into Go struct field ${goField} of type ${goType}`,
      });
    }
  }
  for (const replicas of [1.5, -0.5, 2147483648, 1e12]) {
    out.push({
      name: `a Deployment of ${replicas} replicas`,
      req: { method: 'POST', path: DEPLOY, body: deployment({ replicas }) },
      status: 400,
      message: `${cannot('Deployment')}json: cannot unmarshal number ${replicas} into Go struct field DeploymentSpec.spec.replicas of type int32`,
    });
  }
  return out;
}

/** Unknown fields under fieldValidation=Strict: a strict decoding error naming each one. */
function unknownFields(): RestCase[] {
  const out: RestCase[] = [];
  const typos = [
    'replica',
    'Replicas',
    'replicaz',
    'selectr',
    'templates',
    'strategyy',
    'paused_',
    'minReady',
  ];
  for (const typo of typos) {
    out.push({
      name: `a Deployment with the unknown field spec.${typo}`,
      req: {
        method: 'POST',
        path: DEPLOY,
        query: { fieldValidation: 'Strict' },
        body: deployment({ [typo]: 1 }),
      },
      status: 400,
      message: `${cannot('Deployment')}strict decoding error: unknown field "spec.${typo}"`,
    });
  }
  for (const typo of ['nmae', 'label', 'Labels', 'annotation', 'namespaces', 'uuid']) {
    for (const method of ['POST', 'PUT'] as const) {
      out.push({
        name: `a ConfigMap ${method} with the unknown field metadata.${typo}`,
        req: {
          method,
          path: method === 'POST' ? CM : `${CM}/settings`,
          query: { fieldValidation: 'Strict' },
          body: { metadata: { name: 'settings', [typo]: 'x' }, data: { a: 'b' } },
        },
        status: 400,
        message: `${cannot('ConfigMap')}strict decoding error: unknown field "metadata.${typo}"`,
      });
    }
  }
  out.push({
    name: 'a Deployment with an unknown field in its second container and one at the top',
    req: {
      method: 'POST',
      path: DEPLOY,
      query: { fieldValidation: 'Strict' },
      body: {
        ...deployment({}),
        spec: {
          ...deployment({}).spec,
          template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagee: 'x' }] } },
        },
        extra: true,
      },
    },
    status: 400,
    message: `${cannot('Deployment')}strict decoding error: unknown field "spec.template.spec.containers[1].imagee", unknown field "extra"`,
  });
  for (const value of ['strict', 'STRICT', 'Warning', 'None', 'true', ' Strict']) {
    out.push({
      name: `the fieldValidation directive ${JSON.stringify(value)}`,
      req: {
        method: 'POST',
        path: CM,
        query: { fieldValidation: value },
        body: { metadata: { name: 'v' } },
      },
      status: 422,
      // apimachinery meta/v1/validation ValidateCreateOptions
      message: `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: "", "Ignore", "Strict", "Warn"`,
    });
  }
  return out;
}

/** Methods no route takes: 405 on every served path, 404 where no route matches at all. */
function unknownMethods(): RestCase[] {
  const out: RestCase[] = [];
  const methods = ['PURGE', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECT', 'get', 'Post', 'FROB'];
  const served = [CM, `${CM}/settings`, DEPLOY, '/api/v1/nodes', '/api/v1/namespaces/default/pods'];
  for (const method of methods) {
    for (const path of served) {
      out.push({
        name: `${method} ${path}`,
        req: { method: method as ApiRequest['method'], path },
        status: 405,
        message: 'the server does not allow this method on the requested resource',
      });
    }
    out.push({
      name: `${method} of an unknown resource`,
      req: { method: method as ApiRequest['method'], path: '/api/v1/namespaces/default/frobs' },
      status: 404,
      message: NOT_FOUND,
    });
  }
  return out;
}

/** Generated cases, invalid by construction. */
function generated(): RestCase[] {
  const out: RestCase[] = [...wrongTypes(), ...unknownFields(), ...unknownMethods()];
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
