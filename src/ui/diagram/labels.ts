import type { Hop } from '../../engine';

/**
 * A short name for what a hop is about: REST paths lose their API prefix, namespace and
 * query (`/api/v1/namespaces/default/pods?x` → `pods`), etcd keys lose `/registry/`.
 */
export function shortResource(resource: string): string {
  let r = resource.split('?')[0];
  if (r.startsWith('/registry/')) return r.slice('/registry/'.length).replace(/\/$/, '');
  r = r.replace(/^\/api\/v1\//, '').replace(/^\/apis\/[^/]+\/[^/]+\//, '');
  r = r.replace(/^namespaces\/[^/]+\/(?=.)/, '');
  return r.replace(/^\//, '').replace(/\/$/, '') || resource;
}

/** The label a token carries: verb and short resource, at most `max` characters. */
export function hopLabel(hop: Pick<Hop, 'verb' | 'resource'>, max = 26): string {
  const text = `${hop.verb} ${shortResource(hop.resource)}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A component id as people read it: `kube-apiserver@control-plane-1` → `kube-apiserver (control-plane-1)`. */
export function componentName(id: string): string {
  const at = id.indexOf('@');
  return at > 0 ? `${id.slice(0, at)} (${id.slice(at + 1)})` : id;
}
