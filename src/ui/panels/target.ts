/** What a diagram id names, for the inspector to choose its panel. */
export type Target =
  | { type: 'node'; id: string; name: string }
  | { type: 'component'; id: string; kind: string; node: string }
  | { type: 'pod'; id: string; namespace: string; name: string }
  | { type: 'link'; id: string; path: string; source: string; target: string }
  | { type: 'other'; id: string };

/**
 * Reads a diagram id: `node/<name>`, `<kind>@<node>`, `pod/<namespace>/<name>`, a path
 * `link/<source>--<target>`, or anything else (`kubectl`, `load-balancer`).
 *
 *   parseTarget('kubelet@worker-1'); // { type: 'component', kind: 'kubelet', node: 'worker-1', … }
 */
export function parseTarget(id: string): Target {
  if (id.startsWith('node/')) return { type: 'node', id, name: id.slice('node/'.length) };
  if (id.startsWith('link/')) {
    const path = id.slice('link/'.length);
    const cut = path.indexOf('--');
    if (cut > 0)
      return { type: 'link', id, path, source: path.slice(0, cut), target: path.slice(cut + 2) };
  }
  if (id.startsWith('pod/')) {
    const [namespace, ...rest] = id.slice('pod/'.length).split('/');
    return { type: 'pod', id, namespace, name: rest.join('/') };
  }
  const at = id.indexOf('@');
  if (at > 0) return { type: 'component', id, kind: id.slice(0, at), node: id.slice(at + 1) };
  return { type: 'other', id };
}

/** The inspector's title for a target. */
export function targetTitle(t: Target): string {
  switch (t.type) {
    case 'node':
      return `Node ${t.name}`;
    case 'component':
      return `${t.kind} on ${t.node}`;
    case 'pod':
      return `Pod ${t.namespace}/${t.name}`;
    case 'link':
      return `Link ${t.source} – ${t.target}`;
    default:
      return t.id === 'load-balancer' ? 'Load balancer' : t.id;
  }
}
