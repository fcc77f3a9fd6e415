import { createCluster } from '../../../src/engine';
import type { Cluster, KubeObject } from '../../../src/engine';
import { podStatusCells } from '../../../src/engine/api/printers/pod';
import type { Pod } from 'kubernetes-types/core/v1';

/** A bare cluster (no addons) with one control plane and two workers. */
export function cluster(): Cluster {
  return createCluster({ seed: 7, workers: 2, addons: false });
}

/** Creates a pod already bound to `node` (no scheduler needed). */
export function createPod(
  c: Cluster,
  name: string,
  spec: Record<string, unknown>,
  node = 'worker-1',
): KubeObject {
  const r = c.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, ...spec } },
  });
  if (r.status !== 201) throw new Error(`create ${name}: ${JSON.stringify(r.body)}`);
  return r.body as KubeObject;
}

/** The STATUS column kubectl prints for a stored pod. */
export function statusOf(c: Cluster, name: string, namespace = 'default'): string {
  const pod = c.get('pods', name, namespace);
  if (!pod) return '<gone>';
  return podStatusCells(pod as unknown as Pod, c.sim.wallTime()).status;
}

/** Every distinct STATUS the pod shows while the clock runs `ms`, in order. */
export function statusTimeline(
  c: Cluster,
  name: string,
  ms: number,
  stepMs = 100,
): { at: number; status: string }[] {
  const out: { at: number; status: string }[] = [];
  const end = c.now() + ms;
  while (c.now() < end) {
    const s = statusOf(c, name);
    if (out.at(-1)?.status !== s) out.push({ at: c.now(), status: s });
    c.advance(stepMs);
  }
  return out;
}

export function events(
  c: Cluster,
  name: string,
): { reason: string; message: string; count: number }[] {
  return c
    .list('events', 'default')
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => ({
      reason: e.reason as string,
      message: e.message as string,
      count: e.count as number,
    }));
}
