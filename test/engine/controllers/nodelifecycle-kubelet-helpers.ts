// Test stand-ins for what the kubelet will do once it runs pods: post pod status through
// pods/<name>/status, and small readers of Events and conditions.
import type { Cluster, KubeObject } from '../../../src/engine';

export interface PodStatusOptions {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  podIP?: string;
}

/** Posts a pod's phase, Ready condition and IP as its node's kubelet would (as admin). */
export function setPodStatus(
  c: Cluster,
  namespace: string,
  name: string,
  o: PodStatusOptions,
): void {
  const pod = c.get('pod', name, namespace);
  if (!pod) throw new Error(`no pod ${namespace}/${name}`);
  const now = c.sim.timestamp();
  const ready = o.ready ?? o.phase === 'Running';
  const status: Record<string, unknown> = {
    phase: o.phase ?? 'Running',
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
      {
        type: 'ContainersReady',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: now,
      },
    ],
  };
  if (o.podIP) {
    status.podIP = o.podIP;
    status.podIPs = [{ ip: o.podIP }];
  }
  if (o.phase === 'Running' || o.phase === undefined) status.startTime ??= now;
  const res = c.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}/pods/${name}/status`,
    headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    body: { status },
  });
  if (res.status !== 200) throw new Error(`status patch failed: ${JSON.stringify(res.body)}`);
}

/** Events with a reason, oldest first, as [involved object name, message]. */
export function eventsFor(
  c: Cluster,
  reason: string,
): { name: string; message: string; event: KubeObject }[] {
  return (
    c
      .list('event')
      .filter((e) => e.reason === reason)
      // timestamps have one-second resolution: within a second, the order they were stored in
      .sort(
        (a, b) =>
          String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) ||
          Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion),
      )
      .map((e) => ({
        name: (e.involvedObject as { name: string }).name,
        message: e.message as string,
        event: e,
      }))
  );
}

/** A node's condition of a type. */
export function nodeCondition(
  c: Cluster,
  node: string,
  type: string,
): { status: string; reason?: string; message?: string } | undefined {
  const conds = (c.get('node', node)?.status as { conditions?: { type: string; status: string }[] })
    ?.conditions;
  return conds?.find((x) => x.type === type);
}

/** A node's taints as `key:Effect`. */
export function nodeTaints(c: Cluster, node: string): string[] {
  const taints = (c.get('node', node)?.spec as { taints?: { key: string; effect: string }[] })
    ?.taints;
  return (taints ?? []).map((t) => `${t.key}:${t.effect}`);
}

/** A bare pod bound straight to a node (no scheduler involved). */
export function boundPod(
  name: string,
  node: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }], ...extra },
  };
}
