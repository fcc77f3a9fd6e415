// Defaults of the small core kinds: Namespace, Node, Secret, Endpoints, EndpointSlice,
// LimitRange (kubernetes pkg/apis/core/v1/defaults.go, pkg/apis/discovery/v1/defaults.go).
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Endpoints, LimitRange, Namespace, Node, Secret } from 'kubernetes-types/core/v1';

/**
 * SetDefaults_Namespace labels it with its own name; the namespace strategy's PrepareForCreate
 * adds the `kubernetes` finalizer; SetDefaults_NamespaceStatus sets phase Active.
 */
export function defaultNamespace(ns: Namespace): void {
  const meta = (ns.metadata ??= {});
  if (meta.name) (meta.labels ??= {})['kubernetes.io/metadata.name'] = meta.name;
  const spec = (ns.spec ??= {});
  if (!spec.finalizers || spec.finalizers.length === 0) spec.finalizers = ['kubernetes'];
  (ns.status ??= {}).phase ||= 'Active';
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}

/** SetDefaults_Secret: type Opaque. */
export function defaultSecret(secret: Secret): void {
  secret.type ||= 'Opaque';
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: Endpoints): void {
  for (const subset of ep.subsets ?? []) for (const p of subset.ports ?? []) p.protocol ||= 'TCP';
}

/** SetDefaults_EndpointPort (discovery/v1): name '' and protocol TCP. */
export function defaultEndpointSlice(slice: EndpointSlice): void {
  for (const p of slice.ports ?? []) {
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

/**
 * SetDefaults_LimitRangeItem for Container items: default limit from max, default request from
 * the default limit, then from min.
 */
export function defaultLimitRange(lr: LimitRange): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const def = (item.default ??= {});
    const defReq = (item.defaultRequest ??= {});
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
  }
}
