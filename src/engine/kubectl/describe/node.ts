// describe.go NodeDescriber: `kubectl describe node` — roles, taints, lease, conditions,
// addresses, capacity, system info, the node's non-terminated pods and their resource totals.
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { translateTimestampSince } from '../../api/printers/duration';
import { normalizeQuantity } from '../../api/quantity';
import { errorMessage, hasReason } from '../errors';
import type { DescribeContext } from './context';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
} from './format';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';
import type { ResourceTotals } from './resources';
import {
  addTotals,
  podRequestsAndLimits,
  toTotals,
  totalMilli,
  totalString,
  totalValue,
} from './resources';

// describe.go LabelNodeRolePrefix / NodeLabelRole
const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** describe.go findNodeRoles: sorted roles from node-role labels. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort();
}

function quantity(text: unknown): string {
  try {
    return normalizeQuantity(String(text));
  } catch {
    return String(text);
  }
}

function printResourceList(w: PrefixWriter, list: Record<string, unknown>): void {
  for (const name of Object.keys(list).sort())
    w.write(LEVEL_0, `  ${name}:\t${quantity(list[name])}\n`);
}

// Go converts the float percentage with int64(): truncation toward zero
const percent = (part: number, whole: number): number =>
  whole !== 0 ? Math.trunc((part / whole) * 100) : 0;

// describe.go: allocatable, or the capacity when the node reports no allocatable
function allocatableTotals(node: Node): ResourceTotals {
  const allocatable = node.status?.allocatable ?? {};
  return toTotals(Object.keys(allocatable).length > 0 ? allocatable : node.status?.capacity);
}

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/** describe.go describeNodeResource: the pods table and the `Allocated resources:` totals. */
function describeNodeResource(w: PrefixWriter, pods: Pod[], node: Node, now: number): void {
  const alloc = allocatableTotals(node);
  const allocCpu = totalMilli(alloc, 'cpu');
  const allocMem = totalValue(alloc, 'memory');
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const reqs: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  for (const pod of pods) {
    const { requests: r, limits: l } = podRequestsAndLimits(pod);
    const cells = [
      `${totalString(r, 'cpu')} (${percent(totalMilli(r, 'cpu'), allocCpu)}%)`,
      `${totalString(l, 'cpu')} (${percent(totalMilli(l, 'cpu'), allocCpu)}%)`,
      `${totalString(r, 'memory')} (${percent(totalValue(r, 'memory'), allocMem)}%)`,
      `${totalString(l, 'memory')} (${percent(totalValue(l, 'memory'), allocMem)}%)`,
    ];
    const age = translateTimestampSince(pod.metadata?.creationTimestamp, now);
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${cells.join('\t')}\t${age}\n`,
    );
    addTotals(reqs, r);
    addTotals(limits, l);
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, part: (t: ResourceTotals) => number, whole: number) =>
    w.write(
      LEVEL_1,
      `${name}\t${totalString(reqs, name)} (${percent(part(reqs), whole)}%)\t` +
        `${totalString(limits, name)} (${percent(part(limits), whole)}%)\n`,
    );
  row('cpu', (t) => totalMilli(t, 'cpu'), allocCpu);
  row('memory', (t) => totalValue(t, 'memory'), allocMem);
  row(
    'ephemeral-storage',
    (t) => totalValue(t, 'ephemeral-storage'),
    totalValue(alloc, 'ephemeral-storage'),
  );
  const names = [...alloc.keys()];
  for (const name of names.filter((n) => n.startsWith('hugepages-')).sort())
    row(name, (t) => totalValue(t, name), totalValue(alloc, name));
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n)).sort())
    w.write(LEVEL_1, `${name}\t${totalString(reqs, name)}\t${totalString(limits, name)}\n`);
}

function describeNodeLease(w: PrefixWriter, lease: Lease): void {
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(
    LEVEL_1,
    `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`,
  );
  w.write(
    LEVEL_1,
    `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`,
  );
}

/** What describe node reads besides the node: its lease (or the error), pods and events. */
export interface NodeExtras {
  lease: Lease | { error: string };
  /** undefined: the pods may not be listed (Forbidden) */
  pods: Pod[] | undefined;
  events: EventLike[] | undefined;
}

/** describe.go describeNode. */
export function describeNode(node: Node, extras: NodeExtras, now: number): string {
  return tabbedString((w) => {
    const meta = node.metadata ?? {};
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    const roles = findNodeRoles(meta.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints as never);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if ('error' in extras.lease)
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${extras.lease.error}\n`);
    else describeNodeLease(w, extras.lease);
    if (status.conditions?.length) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status.conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t` +
            `${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(w, status.capacity as Record<string, unknown>);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(w, status.allocatable as Record<string, unknown>);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (extras.pods) describeNodeResource(w, extras.pods, node, now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (extras.events) describeEvents(w, extras.events, now);
  });
}

/** describe.go NodeDescriber.Describe: the node, its lease, its pods and its events. */
export function describeNodeByName(ctx: DescribeContext, name: string): string {
  const node = ctx.client.send({ method: 'GET', path: `/api/v1/nodes/${name}` }) as Node;
  let pods: Pod[] | undefined;
  try {
    pods =
      (
        ctx.client.send({
          method: 'GET',
          path: '/api/v1/pods',
          query: {
            fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
            limit: String(ctx.chunkSize),
          },
        }) as { items?: Pod[] }
      ).items ?? [];
  } catch (err) {
    if (!hasReason(err, 'Forbidden')) throw err;
  }
  let events: EventLike[] | undefined;
  if (ctx.showEvents) {
    // controllers record node events with the node's uid, the kubelet with its name
    const ref = { kind: 'Node', name, namespace: '' };
    events = [
      ...searchEvents(ctx, { ...ref, uid: node.metadata?.uid }),
      ...searchEvents(ctx, { ...ref, uid: name }),
    ];
  }
  let lease: Lease | { error: string };
  try {
    lease = ctx.client.send({
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`,
    }) as Lease;
  } catch (err) {
    lease = {
      error: errorMessage(err)
        .replace(/^Error from server \([A-Za-z]+\): /, '')
        .trim(),
    };
  }
  return describeNode(node, { lease, pods, events }, ctx.now);
}
