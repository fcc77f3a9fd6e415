// The CRI (k8s.io/cri-api runtime/v1) messages the kubelet and containerd exchange, reduced
// to what the simulation uses. Each call is a hop whose verb is the CRI method name.

export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

export interface RunPodSandboxRequest {
  metadata: PodSandboxMetadata;
  hostname: string;
  hostNetwork: boolean;
}

export interface ContainerConfig {
  name: string;
  attempt: number;
  /** the resolved image reference (ImageStatus/PullImage answer) */
  image: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
  memoryLimit?: number;
  /** pod name/namespace/uid labels, as io.kubernetes.pod.* */
  pod: PodSandboxMetadata;
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';

export interface ContainerStatus {
  id: string;
  name: string;
  attempt: number;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** Completed, Error, OOMKilled (containerd's exit reasons) */
  reason: string;
  message: string;
  image: string;
  imageRef: string;
}

/** CRI PodSandbox, as ListPodSandbox returns it. */
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  createdAt: number;
}

/** CRI PodSandboxStatus: the sandbox and its network (the pod IP; '' with host network). */
export interface PodSandboxStatus extends PodSandbox {
  ip: string;
}

/** CRI Container, as ListContainers returns it (details come from ContainerStatus). */
export interface ContainerSummary {
  id: string;
  podSandboxId: string;
  /** the io.kubernetes.pod.uid label */
  podUid: string;
  name: string;
  attempt: number;
  state: ContainerState;
  createdAt: number;
}

export interface ImageInfo {
  /** sha256:<id> */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

/** A gRPC error as the kubelet sees it: `rpc error: code = <code> desc = <desc>`. */
export interface CriError {
  code: 'NotFound' | 'Unknown' | 'DeadlineExceeded';
  desc: string;
}

export function criErrorMessage(e: CriError): string {
  return `rpc error: code = ${e.code} desc = ${e.desc}`;
}

/** A reply payload: the result or a gRPC error. */
export type CriReply<T> = { ok: true; result: T } | { ok: false; error: CriError };

/** The evented PLEG's container event (CRI GetContainerEvents). */
export interface ContainerEvent {
  type: 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT';
  containerId: string;
  podUid: string;
  status: ContainerStatus;
}

/** CRI RuntimeCondition (RuntimeReady, NetworkReady). */
export interface RuntimeCondition {
  type: 'RuntimeReady' | 'NetworkReady';
  status: boolean;
  reason: string;
  message: string;
}

/** CRI StatusResponse.status. */
export interface RuntimeStatus {
  conditions: RuntimeCondition[];
}

/**
 * kubelet's runtimeState.networkErrors text for a runtime whose network is not ready
 * (pkg/kubelet/kubelet.go updateRuntimeUp: "container runtime network not ready: %v").
 */
export function networkNotReadyError(status: RuntimeStatus): string | undefined {
  const c = status.conditions.find((x) => x.type === 'NetworkReady');
  if (c?.status) return undefined;
  const reason = c?.reason ?? '';
  const message = c?.message ?? '';
  return `container runtime network not ready: NetworkReady=false reason:${reason} message:${message}`;
}
