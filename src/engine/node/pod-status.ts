// generateAPIPodStatus and getPhase (pkg/kubelet/kubelet_pods.go) plus the condition
// generators (pkg/kubelet/status/generate.go), over the pod worker's view of its containers.
import type { Container, Pod } from 'kubernetes-types/core/v1';

export interface Terminated {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** What the kubelet knows of one container of a pod. */
export interface ContainerRecord {
  name: string;
  image: string;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason: string;
  waitingMessage?: string;
  containerID?: string;
  imageID?: string;
  startedAt?: number;
  /** the current container's termination (state terminated) */
  terminated?: Terminated;
  /** the previous container's termination (lastState) */
  lastTerminated?: Terminated;
  restartCount: number;
  /** startup probe passed (or none) */
  started: boolean;
  /** readiness probe passing (or none) */
  ready: boolean;
}

export interface StatusInput {
  pod: Pod;
  init: Map<string, ContainerRecord>;
  app: Map<string, ContainerRecord>;
  podIP?: string;
  hostIP: string;
  startTime?: number;
  sandboxReady: boolean;
  /** the pod's containers are all stopped for good (deleted, or done with Never/OnFailure) */
  terminal: boolean;
  timestamp: (at: number) => string;
  now: number;
}

// pkg/kubelet/kubelet_pods.go: the waiting reason of a container not started yet
const CONTAINER_CREATING = 'ContainerCreating';
const POD_INITIALIZING = 'PodInitializing';

function containerStatus(
  spec: Container,
  r: ContainerRecord | undefined,
  defaultReason: string,
  ts: (at: number) => string,
): Record<string, unknown> {
  const term = (t: Terminated) => ({
    terminated: {
      exitCode: t.exitCode,
      reason: t.reason,
      startedAt: ts(t.startedAt),
      finishedAt: ts(t.finishedAt),
      containerID: t.containerID,
    },
  });
  let state: Record<string, unknown>;
  if (!r || r.state === 'waiting') {
    const reason = r?.waitingReason ?? defaultReason;
    state = {
      waiting: { reason, ...(r?.waitingMessage ? { message: r.waitingMessage } : {}) },
    };
  } else if (r.state === 'running') state = { running: { startedAt: ts(r.startedAt ?? 0) } };
  else state = term(r.terminated!);
  return {
    name: spec.name,
    state,
    lastState: r?.lastTerminated ? term(r.lastTerminated) : {},
    ready: r?.state === 'running' && r.ready,
    restartCount: r?.restartCount ?? 0,
    image: spec.image ?? '',
    imageID: r?.imageID ?? '',
    ...(r?.containerID ? { containerID: r.containerID } : {}),
    started: r?.state === 'running' && r.started,
  };
}

function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/** Whether every regular init container has completed successfully (sidecars: started). */
export function initDone(pod: Pod, init: Map<string, ContainerRecord>): boolean {
  return (pod.spec?.initContainers ?? []).every((c) => {
    const r = init.get(c.name);
    if (isSidecar(c)) return r?.state === 'running' && r.started;
    return r?.state === 'terminated' && r.terminated?.exitCode === 0;
  });
}

/** getPhase: Pending, Running, Succeeded or Failed from the containers' states. */
export function podPhase(input: StatusInput): string {
  const { pod, init, app, terminal } = input;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  for (const c of pod.spec?.initContainers ?? []) {
    const r = init.get(c.name);
    if (
      !isSidecar(c) &&
      r?.state === 'terminated' &&
      r.terminated!.exitCode !== 0 &&
      policy === 'Never'
    ) {
      return 'Failed';
    }
  }
  if (!initDone(pod, init)) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = app.get(c.name);
    if (!r) waiting++;
    else if (r.state === 'running') running++;
    else if (r.state === 'terminated') {
      stopped++;
      if (r.terminated!.exitCode === 0) succeeded++;
    } else if (r.lastTerminated) {
      stopped++;
      if (r.lastTerminated.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (terminal || policy === 'Never') return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'OnFailure') return stopped === succeeded ? 'Succeeded' : 'Running';
    return 'Running';
  }
  return 'Pending';
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function conditions(input: StatusInput, phase: string): Condition[] {
  const { pod, init, app } = input;
  const completed = phase === 'Succeeded';
  const initNames = (pod.spec?.initContainers ?? [])
    .filter((c) => {
      const r = init.get(c.name);
      return isSidecar(c)
        ? !(r?.state === 'running' && r.started)
        : !(r?.state === 'terminated' && r.terminated?.exitCode === 0);
    })
    .map((c) => c.name);
  const initialized: Condition =
    initNames.length === 0 || completed
      ? { type: 'Initialized', status: 'True', ...(completed ? { reason: 'PodCompleted' } : {}) }
      : {
          type: 'Initialized',
          status: 'False',
          reason: 'ContainersNotInitialized',
          message: `containers with incomplete status: [${initNames.join(' ')}]`,
        };
  const unready = [
    ...(pod.spec?.initContainers ?? []).filter(isSidecar),
    ...(pod.spec?.containers ?? []),
  ]
    .filter((c) => {
      const r = isSidecar(c) ? init.get(c.name) : app.get(c.name);
      return !(r?.state === 'running' && r.ready);
    })
    .map((c) => c.name);
  let ready: Condition;
  if (completed) ready = { type: 'Ready', status: 'False', reason: 'PodCompleted' };
  else if (unready.length === 0) ready = { type: 'Ready', status: 'True' };
  else {
    ready = {
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      message: `containers with unready status: [${unready.join(' ')}]`,
    };
  }
  return [
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    initialized,
    ready,
    { ...ready, type: 'ContainersReady' },
    { type: 'PodScheduled', status: 'True' },
  ];
}

/** The pod status the kubelet writes through pods/<name>/status. */
export function generatePodStatus(input: StatusInput): Record<string, unknown> {
  const { pod, init, app } = input;
  const ts = input.timestamp;
  const phase = podPhase(input);
  const old = (pod.status?.conditions ?? []) as (Condition & { lastTransitionTime?: string })[];
  const now = ts(input.now);
  const conds = conditions(input, phase).map((c) => {
    const prev = old.find((o) => o.type === c.type);
    // lastTransitionTime moves only when the status flips (status manager's updateLastTransitionTime)
    const since = prev && prev.status === c.status ? (prev.lastTransitionTime ?? now) : now;
    // reason/message null: the strategic merge patch must clear what an earlier status set
    return {
      ...c,
      reason: c.reason ?? null,
      message: c.message ?? null,
      lastProbeTime: null,
      lastTransitionTime: since,
    };
  });
  // convertToAPIContainerStatuses: with init containers the default reason is PodInitializing
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const status: Record<string, unknown> = {
    phase,
    conditions: conds,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(input.podIP ? { podIP: input.podIP, podIPs: [{ ip: input.podIP }] } : {}),
    ...(input.startTime !== undefined ? { startTime: ts(input.startTime) } : {}),
    ...((pod.spec?.initContainers ?? []).length > 0
      ? {
          initContainerStatuses: (pod.spec?.initContainers ?? []).map((c) =>
            containerStatus(c, init.get(c.name), POD_INITIALIZING, ts),
          ),
        }
      : {}),
    containerStatuses: (pod.spec?.containers ?? []).map((c) =>
      containerStatus(c, app.get(c.name), hasInit ? POD_INITIALIZING : CONTAINER_CREATING, ts),
    ),
    qosClass: pod.status?.qosClass,
  };
  if (!status.qosClass) delete status.qosClass;
  return status;
}
