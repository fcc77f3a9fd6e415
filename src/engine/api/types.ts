// Shapes shared by the apiserver, kubectl and every component that talks to the API.
// Object types come from `kubernetes-types` (generated from the real OpenAPI schema),
// so the engine speaks the same JSON as a real cluster.
import type { ObjectMeta as ReadonlyObjectMeta } from 'kubernetes-types/meta/v1';

/** The real ObjectMeta with its server-set fields writable (the apiserver sets them). */
export type ObjectMeta = { -readonly [K in keyof ReadonlyObjectMeta]: ReadonlyObjectMeta[K] };

/** Any stored Kubernetes object in its JSON shape. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A raw REST request, as a real client would send it. */
export interface ApiRequest {
  method: HttpMethod;
  /** e.g. /api/v1/namespaces/default/pods/nginx */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A parsed JSON value, or the raw text of the body (decoded per Content-Type). */
  body?: unknown;
  /** The authenticated identity; defaults to kubernetes-admin. */
  user?: string;
}

/** A raw REST response; `body` is parsed JSON (a Status object on errors). */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The authenticated identity of a request (k8s.io/apiserver pkg/authentication/user.Info). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

/** metav1.Status as the apiserver returns it on failure. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** One registered API resource: what discovery lists and how it is stored. */
export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  /** plural, lower case: 'pods' */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories?: string[];
  /** subresources served, e.g. ['status', 'binding', 'eviction'] */
  subresources: string[];
  /** the etcd key prefix the real apiserver uses, e.g. '/registry/minions' for nodes */
  etcdPrefix: string;
}

/** Read access to the apiserver's cache, for admission and authorization. */
export interface ObjectReader {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): readonly KubeObject[];
}
