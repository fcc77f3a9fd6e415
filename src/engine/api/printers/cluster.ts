// Tables for nodes, namespaces, events, leases and priority classes
// (pkg/printers/internalversion/printers.go printNode, printNamespace, printEvent,
// printLease, printPriorityClass).
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Event, Namespace, Node } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { translateTimestampSince } from './duration';
import { ageColumn, column, nameColumn, type TablePrinter } from './types';

// printers.go labelNodeRolePrefix / nodeLabelRole
const labelNodeRolePrefix = 'node-role.kubernetes.io/';
const nodeLabelRole = 'kubernetes.io/role';

/** findNodeRoles: roles from node-role.kubernetes.io/<role> and kubernetes.io/role labels, sorted. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role.length > 0) roles.add(role);
    } else if (k === nodeLabelRole && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** The STATUS cell of a node: Ready / NotReady / Unknown, plus SchedulingDisabled. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  // Only the Ready condition is shown; the last condition of a type wins, as in the map.
  const ready = [...(node.status?.conditions ?? [])].reverse().find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: TablePrinter<Node> = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', { doc: 'NodeSystemInfo.kubeletVersion' }),
    column('Internal-IP', 'string', { doc: 'NodeStatus.addresses' }, { priority: 1 }),
    column('External-IP', 'string', { doc: 'NodeStatus.addresses' }, { priority: 1 }),
    column('OS-Image', 'string', { doc: 'NodeSystemInfo.osImage' }, { priority: 1 }),
    column('Kernel-Version', 'string', { doc: 'NodeSystemInfo.kernelVersion' }, { priority: 1 }),
    column(
      'Container-Runtime',
      'string',
      { doc: 'NodeSystemInfo.containerRuntimeVersion' },
      { priority: 1 },
    ),
  ],
  print(node, ctx) {
    const info = node.status?.nodeInfo;
    const roles = findNodeRoles(node).join(',');
    const cells: unknown[] = [
      node.metadata?.name ?? '',
      nodeStatus(node),
      roles.length === 0 ? '<none>' : roles,
      translateTimestampSince(node.metadata?.creationTimestamp, ctx.now),
      info?.kubeletVersion ?? '',
    ];
    if (ctx.wide) {
      cells.push(
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      );
    }
    return { cells };
  },
};

export const namespacePrinter: TablePrinter<Namespace> = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  print(ns, ctx) {
    return {
      cells: [
        ns.metadata?.name ?? '',
        ns.status?.phase ?? '',
        translateTimestampSince(ns.metadata?.creationTimestamp, ctx.now),
      ],
    };
  },
};

// events.k8s.io/v1 objects carry the same event under other field names; the apiserver
// prints both through the internal core Event.
function asCoreEvent(obj: Event | Record<string, unknown>): Event {
  const o = obj as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('events.k8s.io/')) {
    return obj as Event;
  }
  const source = o.deprecatedSource as Event['source'];
  return {
    ...(obj as Event),
    involvedObject: (o.regarding ?? {}) as Event['involvedObject'],
    message: o.note as string | undefined,
    source,
    firstTimestamp: o.deprecatedFirstTimestamp as string | undefined,
    lastTimestamp: o.deprecatedLastTimestamp as string | undefined,
    count: o.deprecatedCount as number | undefined,
    reportingComponent: o.reportingController as string | undefined,
  };
}

export const eventPrinter: TablePrinter<Event> = {
  columns: [
    column('Last Seen', 'string', { doc: 'Event.lastTimestamp' }),
    column('Type', 'string', { doc: 'Event.type' }),
    column('Reason', 'string', { doc: 'Event.reason' }),
    column('Object', 'string', { doc: 'Event.involvedObject' }),
    column('Subobject', 'string', { doc: 'ObjectReference.fieldPath' }, { priority: 1 }),
    column('Source', 'string', { doc: 'Event.source' }, { priority: 1 }),
    column('Message', 'string', { doc: 'Event.message' }),
    column('First Seen', 'string', { doc: 'Event.firstTimestamp' }, { priority: 1 }),
    column('Count', 'string', { doc: 'Event.count' }, { priority: 1 }),
    column('Name', 'string', { doc: 'ObjectMeta.name' }, { format: 'name', priority: 1 }),
  ],
  print(input, ctx) {
    const e = asCoreEvent(input);
    // firstTimestamp, else eventTime; lastTimestamp, else the first; a series overrides both.
    const firstSeen = e.firstTimestamp
      ? translateTimestampSince(e.firstTimestamp, ctx.now)
      : translateTimestampSince(e.eventTime, ctx.now);
    let lastSeen = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, ctx.now) : firstSeen;
    let count = e.count ?? 0;
    if (e.series) {
      lastSeen = translateTimestampSince(e.series.lastObservedTime, ctx.now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events carry no count in the new API
    }
    const ref = e.involvedObject ?? {};
    const target = ref.name
      ? `${(ref.kind ?? '').toLowerCase()}/${ref.name}`
      : (ref.kind ?? '').toLowerCase();
    const message = (e.message ?? '').trim();
    if (!ctx.wide) return { cells: [lastSeen, e.type ?? '', e.reason ?? '', target, message] };
    const component = e.source?.component || e.reportingComponent || '';
    const instance = e.source?.host || e.reportingInstance || '';
    return {
      cells: [
        lastSeen,
        e.type ?? '',
        e.reason ?? '',
        target,
        ref.fieldPath ?? '',
        instance ? `${component}, ${instance}` : component,
        message,
        firstSeen,
        count,
        e.metadata?.name ?? '',
      ],
    };
  },
};

export const leasePrinter: TablePrinter<Lease> = {
  columns: [nameColumn, column('Holder', 'string', { doc: 'LeaseSpec.holderIdentity' }), ageColumn],
  print(lease, ctx) {
    return {
      cells: [
        lease.metadata?.name ?? '',
        lease.spec?.holderIdentity ?? '',
        translateTimestampSince(lease.metadata?.creationTimestamp, ctx.now),
      ],
    };
  },
};

export const priorityClassPrinter: TablePrinter<PriorityClass> = {
  columns: [
    nameColumn,
    column('Value', 'integer', { doc: 'PriorityClass.value' }),
    column('Global-Default', 'boolean', { doc: 'PriorityClass.globalDefault' }),
    ageColumn,
    column('PreemptionPolicy', 'string', { doc: 'PriorityClass.preemptionPolicy' }),
  ],
  print(pc, ctx) {
    const cells: unknown[] = [
      pc.metadata?.name ?? '',
      pc.value,
      pc.globalDefault ?? false,
      translateTimestampSince(pc.metadata?.creationTimestamp, ctx.now),
    ];
    if (ctx.wide) cells.push(pc.preemptionPolicy ?? '');
    return { cells };
  },
};
