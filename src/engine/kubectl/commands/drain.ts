// kubectl drain (pkg/cmd/drain/drain.go RunDrain, k8s.io/kubectl pkg/drain/drain.go and
// filters.go): cordon the node, sort its pods through the filters, evict the rest and wait.
import { findResource } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Command, Invocation } from '../command';
import { parseDuration } from '../command';
import { ApiStatusError, errorMessage, hasReason, KubectlError } from '../errors';
import { MAX_WAIT_MS, waitForPodsGone } from '../wait';
import { cordonNode, selectedNodes } from './cordon';

// filters.go: the messages of each filter (the doubled "cannot delete" is upstream's)
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

// drain.go: a PodDisruptionBudget refusal is retried after this long
const EVICTION_RETRY_MS = 5_000;

interface PodSpecLike {
  volumes?: { emptyDir?: unknown }[];
}

/** One filter's verdict on a pod (filters.go PodDeleteStatus). */
export interface PodDeleteStatus {
  delete: boolean;
  warning?: string;
  error?: string;
}

const okay: PodDeleteStatus = { delete: true };
const phaseOf = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;
const finished = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(phaseOf(pod) ?? '');
const controllerOf = (pod: KubeObject) => pod.metadata.ownerReferences?.find((r) => r.controller);

export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** GET the pod's DaemonSet; NotFound errors are thrown as ApiStatusError */
  getDaemonSet: (namespace: string, name: string) => void;
}

/**
 * The drain filters in upstream order (DaemonSet, mirror, local storage, unreplicated); the
 * first that keeps the pod decides, else the last verdict stands.
 */
export function podDeleteStatus(pod: KubeObject, o: DrainOptions): PodDeleteStatus {
  const filters: ((p: KubeObject) => PodDeleteStatus)[] = [
    (p) => {
      const ref = controllerOf(p);
      if (ref?.kind !== 'DaemonSet' || finished(p)) return okay;
      try {
        o.getDaemonSet(p.metadata.namespace ?? '', ref.name);
      } catch (e) {
        // the Go error's text: the Status message of an API error
        const message = e instanceof ApiStatusError ? (e.status.message ?? '') : String(e);
        if (hasReason(e, 'NotFound') && o.force) return { delete: true, warning: message };
        return { delete: false, error: message };
      }
      if (!o.ignoreDaemonSets) return { delete: false, error: DAEMONSET_FATAL };
      return { delete: false, warning: DAEMONSET_WARNING };
    },
    (p) => (p.metadata.annotations?.[MIRROR_ANNOTATION] ? { delete: false } : okay),
    (p) => {
      const local = ((p.spec as PodSpecLike).volumes ?? []).some((v) => v.emptyDir);
      if (!local || finished(p)) return okay;
      if (!o.deleteEmptyDirData) return { delete: false, error: LOCAL_STORAGE_FATAL };
      return { delete: true, warning: 'deleting Pods with local storage' };
    },
    (p) => {
      if (finished(p) || controllerOf(p)) return okay;
      if (o.force) return { delete: true, warning: UNMANAGED_WARNING };
      return { delete: false, error: UNMANAGED_FATAL };
    },
  ];
  let status = okay;
  for (const f of filters) {
    status = f(pod);
    if (!status.delete) break;
  }
  return status;
}

// filters.go errors()/Warnings(): pods grouped by message, in the order the messages appear
function grouped(pods: KubeObject[], statuses: PodDeleteStatus[], key: 'error' | 'warning') {
  const groups = new Map<string, string[]>();
  statuses.forEach((s, i) => {
    const msg = s[key];
    if (!msg) return;
    const name = `${pods[i].metadata.namespace}/${pods[i].metadata.name}`;
    groups.set(msg, [...(groups.get(msg) ?? []), name]);
  });
  return [...groups].map(([msg, names]) => ({ msg, names }));
}

function evict(inv: Invocation, pod: KubeObject, deleteOptions: Record<string, unknown>): void {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  for (;;) {
    try {
      inv.client.send({
        method: 'POST',
        path: `/api/v1/namespaces/${ns}/pods/${name}/eviction`,
        headers: { 'Content-Type': 'application/json' },
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace: ns },
          deleteOptions,
        },
      });
      return;
    } catch (e) {
      if (hasReason(e, 'NotFound')) return;
      if (!hasReason(e, 'TooManyRequests')) throw e;
      const why = errorMessage(e)
        .replace(/^Error from server \(\w+\): /, '')
        .trimEnd();
      inv.out.err(
        `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)} (will retry after 5s): ${why}\n`,
      );
      waitForPodsGone(inv, [pod], EVICTION_RETRY_MS, () => undefined);
    }
  }
}

// drain.go deleteOrEvictPodsSimple: list the node's pods, filter, evict, wait.
function drainNode(inv: Invocation, node: string, timeoutMs: number): void {
  const list = inv.client.send({
    method: 'GET',
    path: '/api/v1/pods',
    query: {
      fieldSelector: `spec.nodeName=${node}`,
      ...(inv.flags.string('pod-selector')
        ? { labelSelector: inv.flags.string('pod-selector') }
        : {}),
    },
  }) as { items: KubeObject[] };
  const daemonsets = findResource('apps', 'daemonsets')!;
  const options: DrainOptions = {
    force: inv.flags.bool('force'),
    ignoreDaemonSets: inv.flags.bool('ignore-daemonsets'),
    deleteEmptyDirData: inv.flags.bool('delete-emptydir-data'),
    getDaemonSet: (ns, name) => inv.client.get(daemonsets, ns, name),
  };
  const pods = list.items;
  const statuses = pods.map((p) => podDeleteStatus(p, options));
  const errors = grouped(pods, statuses, 'error').map(
    (g) => `cannot delete ${g.msg}: ${g.names.join(', ')}`,
  );
  if (errors.length > 0) throw new DrainError(errors);
  const warnings = grouped(pods, statuses, 'warning');
  if (warnings.length > 0) {
    inv.out.err(`Warning: ${warnings.map((g) => `${g.msg}: ${g.names.join(', ')}`).join('; ')}\n`);
  }
  const victims = pods.filter((_, i) => statuses[i].delete);
  const grace = inv.flags.int('grace-period');
  const deleteOptions = grace >= 0 ? { gracePeriodSeconds: grace } : {};
  for (const pod of victims) {
    inv.out.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}\n`);
    evict(inv, pod, deleteOptions);
  }
  const left = waitForPodsGone(inv, victims, timeoutMs, (pod) =>
    inv.out.out(`pod/${pod.metadata.name} evicted\n`),
  );
  if (left.length > 0) {
    throw new DrainError([`drain did not complete within ${goDuration(timeoutMs)}`]);
  }
}

/** A node that could not be drained, with its reasons. */
class DrainError extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.length === 1 ? reasons[0] : `[${reasons.join(', ')}]`);
  }
}

// time.Duration.String for whole seconds and minutes (--timeout=90s is 1m30s)
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${s % 60}s` : `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

function run(inv: Invocation): void {
  const nodes = selectedNodes(inv, 'drain');
  for (const node of nodes) cordonNode(inv, node, true);
  const timeout = parseDuration(inv.flags.string('timeout')) ?? 0;
  const remaining: string[] = [];
  const fatal: string[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    try {
      drainNode(inv, name, timeout > 0 ? timeout : MAX_WAIT_MS);
      inv.out.out(`node/${name} drained\n`);
    } catch (e) {
      if (!(e instanceof DrainError)) throw e;
      inv.out.err(
        `error: unable to drain node ${JSON.stringify(name)} due to error: ${e.message}, continuing command...\n`,
      );
      remaining.push(name);
      fatal.push(...e.reasons);
    }
  }
  if (remaining.length === 0) return;
  // drain.go: the nodes left, then the aggregated errors one per line (MultipleErrors)
  throw new KubectlError(
    `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}${fatal.join('\n')}`,
  );
}

export const drain: Command = {
  name: 'drain',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'pod-selector', type: 'string' },
    { name: 'force', type: 'bool' },
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
  ],
  run,
};
