// Waiting for deleted objects to be gone (kubectl pkg/cmd/wait/delete.go IsDeleted), as
// `kubectl delete` does by default (--wait=true).
import { findResource } from '../api/resources';
import type { KubeObject, ResourceInfo } from '../api/types';
import type { Invocation } from './command';
import { hasReason, KubectlError } from './errors';
import { resourcePath } from './rest';

// The simulation cannot block forever: a wait without --timeout (kubectl waits a week) ends
// after this much virtual time with the timeout error.
export const MAX_WAIT_MS = 10 * 60_000;

/** What was deleted and must disappear: its resource, namespace, name and uid. */
export interface DeletedObject {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  uid?: string;
}

/**
 * Blocks (in virtual time) until the object is gone or replaced by one with another uid:
 * a GET, then a watch narrowed to the name. Throws kubectl's timeout error after timeoutMs.
 */
export function waitForDeletion(inv: Invocation, d: DeletedObject, timeoutMs: number): void {
  const limit = timeoutMs > 0 ? timeoutMs : MAX_WAIT_MS;
  let current: KubeObject;
  try {
    current = inv.client.get(d.info, d.namespace, d.name);
  } catch (e) {
    if (hasReason(e, 'NotFound')) return;
    throw e;
  }
  const gone = (o: KubeObject | undefined) => !o || (d.uid && o.metadata.uid !== d.uid);
  if (gone(current)) return;
  let resourceVersion = current.metadata.resourceVersion;
  const start = inv.ctx.now();
  // the event that shows the object gone (deleted, or replaced by another uid)
  const ends = (ev: { type: string; object: unknown }) => {
    const obj = ev.object as KubeObject;
    if (ev.type === 'DELETED') return !d.uid || obj.metadata.uid === d.uid;
    return (ev.type === 'ADDED' || ev.type === 'MODIFIED') && !!gone(obj);
  };
  while (inv.ctx.now() - start < limit) {
    const result = inv.ctx.watch(
      {
        method: 'GET',
        path: resourcePath(d.info, d.namespace),
        query: {
          fieldSelector: `metadata.name=${d.name}`,
          ...(resourceVersion ? { resourceVersion } : {}),
        },
      },
      limit - (inv.ctx.now() - start),
      ends,
    );
    for (const ev of result.events) {
      if (ends(ev)) return;
      const obj = ev.object as KubeObject;
      if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
    }
    // a watch refused by the server (e.g. a compacted resourceVersion) starts over from a GET
    if (result.error || result.response) {
      try {
        const again = inv.client.get(d.info, d.namespace, d.name);
        if (gone(again)) return;
        resourceVersion = again.metadata.resourceVersion;
      } catch (e) {
        if (hasReason(e, 'NotFound')) return;
        throw e;
      }
    }
  }
  // wait.go extendErrWaitTimeout: wait.ErrWaitTimeout plus the resource and name
  throw new KubectlError(
    `error: timed out waiting for the condition on ${d.info.resource}/${d.name}`,
  );
}

/**
 * Waits until each pod is gone (pkg/drain/drain.go waitForDelete): a GET of each at once, then
 * a watch of their node's pods; `onGone` runs for each as it goes. Returns the pods left
 * when timeoutMs ran out.
 */
export function waitForPodsGone(
  inv: Invocation,
  pods: KubeObject[],
  timeoutMs: number,
  onGone: (pod: KubeObject) => void,
): KubeObject[] {
  const podsInfo = findResource('', 'pods')!;
  let resourceVersion: string | undefined;
  let pending = pods.filter((p) => {
    try {
      const now = inv.client.get(podsInfo, p.metadata.namespace, p.metadata.name!);
      if (now.metadata.uid === p.metadata.uid) {
        resourceVersion = now.metadata.resourceVersion;
        return true;
      }
    } catch (e) {
      if (!hasReason(e, 'NotFound')) throw e;
    }
    onGone(p);
    return false;
  });
  const nodes = new Set(pending.map((p) => (p.spec as { nodeName?: string }).nodeName));
  const [node] = nodes;
  const start = inv.ctx.now();
  // the pending pods an event shows gone: deleted, or replaced by a pod with another uid
  const goneBy = (ev: { type: string; object: unknown }, among: KubeObject[]) => {
    const obj = ev.object as KubeObject;
    return among.filter(
      (p) =>
        p.metadata.namespace === obj.metadata?.namespace &&
        p.metadata.name === obj.metadata?.name &&
        (ev.type === 'DELETED' || obj.metadata.uid !== p.metadata.uid),
    );
  };
  while (pending.length > 0 && inv.ctx.now() - start < timeoutMs) {
    let watching = pending;
    const result = inv.ctx.watch(
      {
        method: 'GET',
        path: '/api/v1/pods',
        query: {
          ...(nodes.size === 1 && node ? { fieldSelector: `spec.nodeName=${node}` } : {}),
          ...(resourceVersion ? { resourceVersion } : {}),
        },
      },
      timeoutMs - (inv.ctx.now() - start),
      (ev) => {
        const gone = goneBy(ev, watching);
        watching = watching.filter((p) => !gone.includes(p));
        return watching.length === 0;
      },
    );
    for (const ev of result.events) {
      const obj = ev.object as KubeObject;
      if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
      const gone = goneBy(ev, pending);
      for (const p of gone) onGone(p);
      pending = pending.filter((p) => !gone.includes(p));
    }
    if (result.error || result.response) resourceVersion = undefined;
  }
  return pending;
}
