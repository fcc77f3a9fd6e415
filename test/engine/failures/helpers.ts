import type { Cluster, KubeObject } from '../../../src/engine';

/** A Deployment of nginx behind a ClusterIP Service of the same name, applied with kubectl. */
export function deployWeb(c: Cluster, name = 'web', replicas = 3): void {
  const manifest = `apiVersion: apps/v1
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
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - port: 80
    targetPort: 80
`;
  const r = c.kubectl('apply -f -', manifest);
  if (r.exitCode !== 0) throw new Error(r.stderr);
}

/** The stored pods of an app label, optionally only those not being deleted. */
export function podsOf(c: Cluster, app: string, namespace = 'default'): KubeObject[] {
  return c.list('pods', namespace).filter((p) => p.metadata.labels?.app === app);
}

export function nodeOf(pod: KubeObject): string | undefined {
  return (pod.spec as { nodeName?: string }).nodeName;
}

export function phaseOf(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

/** Whether the pod's Ready condition is True. */
export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] })
    ?.conditions;
  return conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
}

/** Running, Ready pods of the app that are not being deleted. */
export function readyPods(c: Cluster, app: string): KubeObject[] {
  return podsOf(c, app).filter((p) => !p.metadata.deletionTimestamp && isReady(p));
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function nodeCondition(c: Cluster, node: string, type: string): NodeCondition | undefined {
  const conditions = (c.get('nodes', node)?.status as { conditions?: NodeCondition[] })?.conditions;
  return conditions?.find((x) => x.type === type);
}

export function nodeTaints(c: Cluster, node: string): { key: string; effect: string }[] {
  return (
    (c.get('nodes', node)?.spec as { taints?: { key: string; effect: string }[] })?.taints ?? []
  ).map((t) => ({ key: t.key, effect: t.effect }));
}

/** Events of a kind of reason, as stored (oldest first). */
export function events(c: Cluster, namespace = 'default'): KubeObject[] {
  return c.list('events', namespace);
}

/** curl from a pod to a URL: the body's first line or curl's error message. */
export function curl(c: Cluster, from: KubeObject, url: string): string {
  const r = c.trafficRequest({ from: `pod/${from.metadata.namespace}/${from.metadata.name}`, url });
  return r.ok ? `HTTP ${String(r.status)}` : (r.message ?? r.error ?? 'failed');
}
