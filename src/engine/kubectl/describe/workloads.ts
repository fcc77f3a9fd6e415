// Reads shared by the workload describers: pods by selector, counted by phase
// (describe.go getPodStatusForController), and a deployment's replica sets
// (kubectl util/deployment GetAllReplicaSetsInChunks).
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorAsSelector, labelSelectorString } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { DescribeContext } from './context';
import { isControlledBy } from './format';

/** Pod phase counts of a controller's pods. */
export interface PodStatusCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** metav1.LabelSelectorAsSelector(...).String(); '' for an empty selector. */
export function selectorString(selector: LabelSelector | undefined): string {
  return labelSelectorString(labelSelectorAsSelector(selector));
}

/** describe.go getPodStatusForController: the controller's own pods matching its selector. */
export function podStatusForController(
  ctx: DescribeContext,
  namespace: string,
  selector: LabelSelector | undefined,
  uid: string | undefined,
): PodStatusCounts {
  const list = ctx.client.send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/pods`,
    query: { labelSelector: selectorString(selector), limit: String(ctx.chunkSize) },
  }) as { items?: KubeObject[] };
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of list.items ?? []) {
    if (!isControlledBy(pod, uid)) continue;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

// JSON with sorted keys, for a deep comparison
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// deploymentutil.EqualIgnoreHash: templates equal apart from the pod-template-hash label
function withoutHash(template: unknown): string {
  const t = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return canonical(t);
}

const created = (rs: ReplicaSet): number => Date.parse(rs.metadata?.creationTimestamp ?? '') || 0;

/**
 * GetAllReplicaSetsInChunks: the deployment's replica sets split into old ones and the new one
 * (the oldest whose template matches the deployment's).
 */
export function deploymentReplicaSets(
  ctx: DescribeContext,
  d: Deployment,
): { old: ReplicaSet[]; new: ReplicaSet | undefined } {
  const list = ctx.client.send({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${d.metadata?.namespace}/replicasets`,
    query: { labelSelector: selectorString(d.spec?.selector), limit: String(ctx.chunkSize) },
  }) as { items?: ReplicaSet[] };
  const owned = (list.items ?? []).filter((rs) =>
    isControlledBy(rs as unknown as KubeObject, d.metadata?.uid),
  );
  // ReplicaSetsByCreationTimestamp: oldest first, then by name
  const sorted = [...owned].sort(
    (a, b) =>
      created(a) - created(b) || ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1),
  );
  const want = withoutHash(d.spec?.template);
  const newRS = sorted.find((rs) => withoutHash(rs.spec?.template) === want);
  return { old: owned.filter((rs) => rs !== newRS), new: newRS };
}
