// kuberuntime GetPodStatus: what the container runtime still holds for one pod — its newest
// ready sandbox (with the pod IP) and its containers — read through CRI calls, so a restarted
// kubelet adopts what is running instead of starting it again.
import type { KubeObject } from '../api/types';
import type {
  ContainerStatus,
  ContainerSummary,
  CriReply,
  PodSandbox,
  PodSandboxStatus,
} from './runtime-types';

/** A CRI call as the pod worker makes it (a hop to the node's containerd). */
export type CriCaller = <T>(
  verb: string,
  pod: KubeObject,
  payload: unknown,
  trace: string | undefined,
  done: (r: CriReply<T>) => void,
  background?: boolean,
) => void;

/** The runtime's view of a pod: its ready sandbox, if any, and that sandbox's containers. */
export interface RuntimePodStatus {
  sandbox?: PodSandboxStatus;
  containers: ContainerStatus[];
  /**
   * Without a ready sandbox (the node restarted): the sandboxes left NOTREADY, to be stopped,
   * and their containers, newest first, whose attempts the new ones continue.
   */
  stale?: { sandboxIds: string[]; containers: ContainerStatus[]; nextAttempt: number };
}

/**
 * ListPodSandbox and PodSandboxStatus for the pod's uid, then ListContainers and a
 * ContainerStatus per container of the newest ready sandbox (kuberuntime_manager.go
 * GetPodStatus); with only NOTREADY sandboxes, their containers as `stale`. A failed call
 * reads as an empty runtime: the pod is started afresh.
 */
export function getPodStatus(
  cri: CriCaller,
  pod: KubeObject,
  trace: string | undefined,
  done: (s: RuntimePodStatus) => void,
): void {
  const podUid = pod.metadata.uid ?? '';
  const empty = () => done({ containers: [] });
  cri<{ items: PodSandbox[] }>('ListPodSandbox', pod, { podUid }, trace, (listed) => {
    const ready = listed.ok
      ? listed.result.items
          .filter((s) => s.state === 'SANDBOX_READY')
          .sort((a, b) => b.createdAt - a.createdAt)[0]
      : undefined;
    const notReady = listed.ok
      ? listed.result.items.filter((s) => s.state !== 'SANDBOX_READY')
      : [];
    if (!ready && notReady.length > 0) return staleStatus(cri, pod, notReady, trace, done);
    if (!ready) return empty();
    cri<PodSandboxStatus>('PodSandboxStatus', pod, { sandboxId: ready.id }, trace, (sandbox) => {
      if (!sandbox.ok) return empty();
      cri<{ items: ContainerSummary[] }>('ListContainers', pod, { podUid }, trace, (res) => {
        const ids = res.ok
          ? res.result.items.filter((c) => c.podSandboxId === ready.id).map((c) => c.id)
          : [];
        const containers: ContainerStatus[] = [];
        let pending = ids.length;
        if (pending === 0) return done({ sandbox: sandbox.result, containers });
        for (const containerId of ids) {
          cri<ContainerStatus>('ContainerStatus', pod, { containerId }, trace, (st) => {
            if (st.ok) containers.push(st.result);
            if (--pending === 0) done({ sandbox: sandbox.result, containers: byAge(containers) });
          });
        }
      });
    });
  });
}

// GetPodStatus lists every container with the pod's uid label, whatever its sandbox: after a
// restart those of the NOTREADY sandboxes carry the restart counts on.
function staleStatus(
  cri: CriCaller,
  pod: KubeObject,
  sandboxes: PodSandbox[],
  trace: string | undefined,
  done: (s: RuntimePodStatus) => void,
): void {
  const podUid = pod.metadata.uid ?? '';
  const sandboxIds = sandboxes.map((s) => s.id);
  // kuberuntime_manager.go computePodActions: the new sandbox's attempt is the newest one's + 1
  const nextAttempt = Math.max(...sandboxes.map((s) => s.metadata.attempt)) + 1;
  cri<{ items: ContainerSummary[] }>('ListContainers', pod, { podUid }, trace, (res) => {
    const ids = res.ok
      ? res.result.items.filter((c) => sandboxIds.includes(c.podSandboxId)).map((c) => c.id)
      : [];
    const containers: ContainerStatus[] = [];
    let pending = ids.length;
    const finish = () =>
      done({ containers: [], stale: { sandboxIds, containers: byAge(containers), nextAttempt } });
    if (pending === 0) return finish();
    for (const containerId of ids) {
      cri<ContainerStatus>('ContainerStatus', pod, { containerId }, trace, (st) => {
        if (st.ok) containers.push(st.result);
        if (--pending === 0) finish();
      });
    }
  });
}

/** Each container name's newest attempt first (kuberuntime sorts statuses by creation). */
function byAge(containers: ContainerStatus[]): ContainerStatus[] {
  return containers.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
}
