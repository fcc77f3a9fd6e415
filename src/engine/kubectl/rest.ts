// REST paths and a client that turns answers into objects or thrown errors, as client-go does.
import { apiVersionOf } from '../api/resources';
import type { ApiRequest, KubeObject, ResourceInfo, Status } from '../api/types';
import type { KubectlContext } from './context';
import { ApiStatusError, ConnectionError } from './errors';

/** The accept header kubectl get sends for server-side printing (get.go transformRequests). */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** `/api/v1/namespaces/default/pods/nginx`, `/apis/apps/v1/deployments` (all namespaces). */
export function resourcePath(
  info: ResourceInfo,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): string {
  let p = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  if (info.namespaced && namespace) p += `/namespaces/${namespace}`;
  p += `/${info.resource}`;
  if (name !== undefined) p += `/${name}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

function hostOf(server: string): string {
  return server.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

// client-go rest/request.go transformResponse: a non-Status error body becomes a generic error.
function statusFrom(status: number, body: unknown): Status {
  const b = body as Partial<Status> | undefined;
  if (b && b.kind === 'Status') return b as Status;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server responded with the status code ${status} but did not return more information`,
    code: status,
  };
}

/** A thin client-go: requests through the context, errors thrown as ApiStatusError/ConnectionError. */
export class RestClient {
  constructor(readonly ctx: KubectlContext) {}

  /** Sends one request; 2xx answers return the body, others throw. */
  send(req: ApiRequest): unknown {
    const r = this.ctx.request(req);
    if (!r.ok) throw new ConnectionError(r.error, hostOf(this.ctx.server), this.ctx.serverAddress);
    if (r.response.status >= 200 && r.response.status < 300) return r.response.body;
    throw new ApiStatusError(statusFrom(r.response.status, r.response.body));
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    return this.send({ method: 'GET', path: resourcePath(info, namespace, name) }) as KubeObject;
  }

  create(
    info: ResourceInfo,
    namespace: string | undefined,
    obj: unknown,
    fieldManager: string,
  ): KubeObject {
    return this.send({
      method: 'POST',
      path: resourcePath(info, namespace),
      query: { fieldManager, fieldValidation: 'Strict' },
      headers: { 'Content-Type': 'application/json' },
      body: obj,
    }) as KubeObject;
  }

  patch(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    fieldManager: string,
    subresource?: string,
  ): KubeObject {
    return this.send({
      method: 'PATCH',
      path: resourcePath(info, namespace, name, subresource),
      query: { fieldManager },
      headers: { 'Content-Type': contentType },
      body: patch,
    }) as KubeObject;
  }

  delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: Record<string, unknown>,
  ): unknown {
    return this.send({
      method: 'DELETE',
      path: resourcePath(info, namespace, name),
      headers: { 'Content-Type': 'application/json' },
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...options },
    });
  }

  /** The apiVersion objects of a resource carry. */
  apiVersion(info: ResourceInfo): string {
    return apiVersionOf(info);
  }
}
