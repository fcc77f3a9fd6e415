// The kubelet's admission of a pod bound to it (pkg/kubelet/lifecycle/predicate.go): the
// node name, host ports and resources must fit what the node's admitted pods leave.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { PodWorker } from './pod-worker';

export interface NodeAllocatable {
  name: string;
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
  pods: number;
}

export interface Rejection {
  reason: string;
  message: string;
}

function hostPorts(pod: KubeObject): string[] {
  const spec = (pod as unknown as Pod).spec;
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => p.hostPort)
      .map((p) => `${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`),
  );
}

// a pod's requests by its spec: each admission sums every admitted pod's, and a spec from the
// API is a frozen object, so its quantities are parsed once, not once per later admission
const requestsBySpec = new WeakMap<object, { cpu: number; memory: number }>();

function requestsOf(pod: KubeObject): { cpu: number; memory: number } {
  const spec = pod.spec as object | undefined;
  if (!spec || !Object.isFrozen(spec)) return PodWorker.requests(pod);
  let r = requestsBySpec.get(spec);
  if (!r) requestsBySpec.set(spec, (r = PodWorker.requests(pod)));
  return r;
}

/** Why the kubelet rejects `pod` given the pods it already runs, or undefined to admit it. */
export function admitPod(
  pod: KubeObject,
  node: NodeAllocatable,
  admitted: readonly KubeObject[],
): Rejection | undefined {
  const nodeName = (pod as unknown as Pod).spec?.nodeName;
  if (nodeName !== node.name) {
    return {
      reason: 'NodeName',
      message: "Predicate NodeName failed: node(s) didn't match the requested node name",
    };
  }
  const wanted = hostPorts(pod);
  // the node's ports in use matter only to a pod that asks for one
  const used = wanted.length > 0 ? new Set(admitted.flatMap(hostPorts)) : undefined;
  if (wanted.some((p) => used!.has(p))) {
    return {
      reason: 'NodePorts',
      message:
        "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
    };
  }
  const want = requestsOf(pod);
  const have = admitted.map(requestsOf);
  const usedCpu = have.reduce((s, r) => s + r.cpu, 0);
  const usedMemory = have.reduce((s, r) => s + r.memory, 0);
  // InsufficientResourceError: "Node didn't have enough resource: %s, requested: %d, used: %d, capacity: %d"
  const insufficient = (name: string, requested: number, usedN: number, capacity: number) => ({
    reason: `OutOf${name}`,
    message: `Node didn't have enough resource: ${name}, requested: ${requested}, used: ${usedN}, capacity: ${capacity}`,
  });
  if (admitted.length + 1 > node.pods) return insufficient('pods', 1, admitted.length, node.pods);
  if (want.cpu > 0 && usedCpu + want.cpu > node.cpu)
    return insufficient('cpu', want.cpu, usedCpu, node.cpu);
  if (want.memory > 0 && usedMemory + want.memory > node.memory) {
    return insufficient('memory', want.memory, usedMemory, node.memory);
  }
  return undefined;
}
