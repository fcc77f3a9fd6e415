import type { Hop, Stage } from '../sim';

/** One request an apiserver answered: who asked, what, and how it went through the pipeline. */
export interface ServedRequest {
  /** the response hop's seq */
  seq: number;
  /** virtual time the response was sent */
  at: number;
  client: string;
  /** HTTP method (or WATCH), from the request hop; `?` when it has left the log */
  verb: string;
  path: string;
  status: number;
  stages: readonly Stage[];
  background: boolean;
}

/**
 * The newest requests `apiServer` answered by `until` (newest first, at most `limit`), read from
 * the hop log: each response hop carries the status and pipeline stages; the matching request
 * hop (same client, path and trace, just before) gives the method.
 *
 *   servedRequests(c.hops(), 'kube-apiserver@control-plane-1', c.now(), 10)[0].status; // 201
 */
export function servedRequests(
  hops: readonly Hop[],
  apiServer: string,
  until: number,
  limit: number,
): ServedRequest[] {
  const out: ServedRequest[] = [];
  for (let i = hops.length - 1; i >= 0 && out.length < limit; i--) {
    const h = hops[i];
    if (h.from !== apiServer || h.status === undefined || !h.stages || h.deliveredAt > until)
      continue;
    const request = findRequest(hops, i, h);
    out.push({
      seq: h.seq,
      at: h.sentAt,
      client: h.to,
      verb: request?.verb ?? '?',
      path: h.resource,
      status: h.status,
      stages: h.stages,
      background: h.background,
    });
  }
  return out;
}

// The request hop is usually a few dozen hops earlier (its etcd round trip in between).
const REQUEST_SEARCH = 400;

function findRequest(hops: readonly Hop[], at: number, response: Hop): Hop | undefined {
  for (let j = at - 1; j >= 0 && j >= at - REQUEST_SEARCH; j--) {
    const h = hops[j];
    if (
      h.to === response.from &&
      h.from === response.to &&
      h.trace === response.trace &&
      (h.resource === response.resource || response.resource.startsWith(h.resource.split('?')[0]))
    )
      return h;
  }
  return undefined;
}
