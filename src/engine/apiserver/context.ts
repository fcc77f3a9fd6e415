import type { StatusError } from '../api/errors';
import type { ApiRequest, ApiResponse, KubeObject, ResourceInfo, UserInfo } from '../api/types';
import type { Stage } from '../sim';
import type { RequestInfo } from './request-info';

/** One request in flight through the apiserver's handler chain. */
export interface RequestContext {
  req: ApiRequest;
  info: RequestInfo;
  query: Record<string, string>;
  /** header names lower-cased */
  headers: Record<string, string>;
  user: UserInfo;
  trace: string | undefined;
  /** what happened at each stage, for the view: authn ✓ authz ✓ admission ✓ … */
  stages: Stage[];
  resource: ResourceInfo;
  /** set for watch requests: the stream to push events down */
  streamId?: number;
  /** the endpoint id of the client that sent the request */
  clientId: string;
  /** warnings for the client (a Warning header each), e.g. unknown fields under Warn */
  warnings: string[];
  /** answers the request (exactly once) */
  reply(response: ApiResponse): void;
  fail(err: StatusError): void;
}

export function lowerCaseHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export function jsonResponse(status: number, body: unknown): ApiResponse {
  return { status, headers: { 'content-type': 'application/json' }, body };
}

/** kubectl and client-go ask for a Table with this media type parameter set. */
export function wantsTable(headers: Record<string, string>): boolean {
  const accept = headers['accept'] ?? '';
  return accept
    .split(',')
    .some(
      (part) =>
        /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(;|$|\s)/.test(part + ';'),
    );
}

/** The verb and name of an object for a hop summary: `pod default/nginx`. */
export function describeObject(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind.toLowerCase()} ${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}
