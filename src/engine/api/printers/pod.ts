// The pods table: READY, STATUS, RESTARTS as kubectl get pods shows them
// (pkg/printers/internalversion/printers.go printPod).
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { translateTimestampSince } from './duration';
import {
  ageColumn,
  column,
  nameColumn,
  type PrintedRow,
  type TablePrinter,
  type TableRowCondition,
} from './types';

// pkg/util/node: NodeUnreachablePodReason
const nodeUnreachablePodReason = 'NodeLost';
// core/v1 PodReasonSchedulingGated
const podReasonSchedulingGated = 'SchedulingGated';

const podSuccessConditions: TableRowCondition[] = [
  {
    type: 'Completed',
    status: 'True',
    reason: 'Succeeded',
    message: 'The pod has completed successfully.',
  },
];
const podFailedConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

// pkg/api/pod IsRestartableInitContainer: a sidecar is an init container with restartPolicy Always.
function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(conditions: PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

// metav1.Time.Before on two optional timestamps; an unset date is the zero time.
function later(current: string | undefined, candidate: string | undefined): string | undefined {
  if (!candidate) return current;
  if (!current) return candidate;
  return Date.parse(current) < Date.parse(candidate) ? candidate : current;
}

function terminatedAt(status: ContainerStatus): string | undefined {
  return status.lastState?.terminated?.finishedAt;
}

/** The STATUS, READY and RESTARTS cells of one pod, as printPod computes them. */
export function podStatusCells(
  pod: Pod,
  now: number,
): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate: string | undefined;
  let lastRestartableInitContainerRestartDate: string | undefined;

  const podPhase = status.phase ?? '';
  let reason: string = podPhase;
  if (status.reason) reason = status.reason;

  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === podReasonSchedulingGated) {
      reason = podReasonSchedulingGated;
    }
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    lastRestartDate = later(lastRestartDate, terminatedAt(container));
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = later(
        lastRestartableInitContainerRestartDate,
        terminatedAt(container),
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status.conditions, 'Initialized')) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      lastRestartDate = later(lastRestartDate, terminatedAt(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // back to Running if at least one container still reports running
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === nodeUnreachablePodReason) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate) {
    restartsStr = `${restarts} (${translateTimestampSince(lastRestartDate, now)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType);
    if (condition?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

/** printPod and its column definitions. */
export const podPrinter: TablePrinter<Pod> = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    column('IP', 'string', { doc: 'PodStatus.podIP' }, { priority: 1 }),
    column('Node', 'string', { doc: 'PodSpec.nodeName' }, { priority: 1 }),
    column('Nominated Node', 'string', { doc: 'PodStatus.nominatedNodeName' }, { priority: 1 }),
    column('Readiness Gates', 'string', { doc: 'PodSpec.readinessGates' }, { priority: 1 }),
  ],
  print(pod, ctx): PrintedRow {
    const { ready, status, restarts } = podStatusCells(pod, ctx.now);
    const cells: unknown[] = [
      pod.metadata?.name ?? '',
      ready,
      status,
      restarts,
      translateTimestampSince(pod.metadata?.creationTimestamp, ctx.now),
    ];
    if (ctx.wide) {
      cells.push(
        pod.status?.podIPs?.[0]?.ip || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGatesCell(pod),
      );
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') return { cells, conditions: podSuccessConditions };
    if (phase === 'Failed') return { cells, conditions: podFailedConditions };
    return { cells };
  },
};
