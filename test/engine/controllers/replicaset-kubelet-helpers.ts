import type { Cluster, KubeObject } from '../../../src/engine';

/** Pods of a namespace that are not being deleted. */
export function livePods(c: Cluster, namespace = 'default'): KubeObject[] {
  return c.list('pods', namespace).filter((p) => !p.metadata.deletionTimestamp);
}

export function isReady(pod: KubeObject): boolean {
  const conds = (pod.status as { conditions?: { type: string; status: string }[] }).conditions;
  return conds?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
}

/**
 * Plays the kubelet's part for pods no kubelet runs yet: reports a pod Running and Ready
 * through `pods/<name>/status`, as the kubelet's status manager does.
 */
export function markPodReady(c: Cluster, pod: KubeObject, restartCount = 0): void {
  const now = new Date(c.sim.wallTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cond = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  const res = c.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: {
      status: {
        phase: 'Running',
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
        containerStatuses: [{ name: 'app', ready: true, restartCount, started: true }],
        startTime: now,
      },
    },
    user: 'kubernetes-admin',
  });
  if (res.status !== 200) throw new Error(`status update failed: ${JSON.stringify(res.body)}`);
}

/** Marks every live, not yet ready pod of the namespace ready. */
export function markAllReady(c: Cluster, namespace = 'default'): void {
  for (const p of livePods(c, namespace)) if (!isReady(p)) markPodReady(c, p);
}

/** The events of a namespace as `<object> <reason> <message>` lines, in creation order. */
export function eventLines(c: Cluster, namespace = 'default', kinds?: string[]): string[] {
  return (
    c
      .list('events', namespace)
      .filter((e) => !kinds || kinds.includes((e.involvedObject as { kind: string }).kind))
      // creation order (each line here is a distinct Event, never a count bump)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => `${(e.involvedObject as { name: string }).name} ${e.reason} ${e.message}`)
  );
}

// Pods for a scheduler that does not run stay Pending, so the tests play the kubelet's part.
export const NO_SCHEDULER = 'no-such-scheduler';

/** A Deployment whose pods no scheduler takes (see NO_SCHEDULER). */
export function deploymentManifest(
  name: string,
  replicas: number,
  image = 'nginx:1.27',
  extra = '',
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      schedulerName: no-such-scheduler
      containers:
      - name: app
        image: ${image}
${extra}`;
}
