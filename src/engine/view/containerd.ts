import type { Cluster } from '../cluster/cluster';
import type { Containerd } from '../node/runtime';
import type { ContainerState, ImageInfo } from '../node/runtime-types';

/** A pod sandbox (the pause container holding the pod's network namespace). */
export interface SandboxState {
  id: string;
  pod: string;
  ip: string;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
}

/** A container as `crictl ps -a` lists it. */
export interface ContainerView {
  id: string;
  name: string;
  pod: string;
  attempt: number;
  state: ContainerState;
  image: string;
  exitCode: number;
  reason: string;
}

/** containerd on one node: sandboxes, containers, images. */
export interface ContainerdState {
  id: string;
  up: boolean;
  sandboxes: SandboxState[];
  containers: ContainerView[];
  images: ImageInfo[];
}

interface SandboxRecord {
  id: string;
  req: { metadata: { name: string; namespace: string; uid: string } };
  ip: string;
  state: SandboxState['state'];
}

/** Reads one node's containerd (no CRI call sent). */
export function containerdState(c: Cluster, id: string): ContainerdState | undefined {
  const runtime = c.kubelets.find((k) => k.options.runtime?.id === id)?.options.runtime;
  if (!runtime) return undefined;
  const sandboxes = sandboxRecords(runtime).map((s) => ({
    id: s.id,
    pod: `${s.req.metadata.namespace}/${s.req.metadata.name}`,
    ip: s.ip,
    state: s.state,
  }));
  const podOfSandbox = new Map(sandboxRecords(runtime).map((s) => [s.id, s.req.metadata]));
  const containers = runtime.listContainers().map((ct) => ({
    id: ct.id,
    name: ct.name,
    pod: '',
    attempt: ct.attempt,
    state: ct.state,
    image: ct.image,
    exitCode: ct.exitCode,
    reason: ct.reason,
  }));
  // listContainers() does not say which sandbox: match through the runtime's records
  const records = containerRecords(runtime);
  for (const ct of containers) {
    const meta = podOfSandbox.get(records.get(ct.id) ?? '');
    if (meta) ct.pod = `${meta.namespace}/${meta.name}`;
  }
  return { id, up: runtime.isUp(), sandboxes, containers, images: runtime.listImages() };
}

// containerd keeps sandboxes private; ListPodSandbox would be a CRI call (a hop), so the view
// reads the same records the call would answer from.
function sandboxRecords(runtime: Containerd): SandboxRecord[] {
  const map = (runtime as unknown as { sandboxes?: Map<string, SandboxRecord> }).sandboxes;
  return map ? [...map.values()] : [];
}

function containerRecords(runtime: Containerd): Map<string, string> {
  const map = (
    runtime as unknown as {
      containers?: Map<string, { status: { id: string }; sandboxId: string }>;
    }
  ).containers;
  return new Map(map ? [...map.values()].map((ct) => [ct.status.id, ct.sandboxId]) : []);
}
