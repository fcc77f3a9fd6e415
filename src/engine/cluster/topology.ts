import type { NodeSpecOptions } from '../node/node-object';

/** A worker as the cluster options describe it. */
export interface WorkerSpec {
  name?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  taints?: {
    key: string;
    value?: string;
    effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  }[];
}

/** A node's name, address, size, labels and taints, as its kubelet registers it. */
export type NodePlan = NodeSpecOptions;

// Default machine sizes: kubeadm's minimum for a control plane is 2 CPUs / 2 GB; workers get
// a common small VM size.
const CONTROL_PLANE_SIZE = { cpu: '2', memory: '4Gi' };
const WORKER_SIZE = { cpu: '4', memory: '8Gi' };

/** Names, addresses and sizes of every node: control-plane-1…, then worker-1…. */
export function planNodes(
  controlPlaneNodes: number,
  workers: number | readonly WorkerSpec[],
): NodePlan[] {
  const plans: NodePlan[] = [];
  for (let i = 1; i <= controlPlaneNodes; i++) {
    plans.push({
      name: `control-plane-${i}`,
      ip: `10.0.0.${10 + i}`,
      ...CONTROL_PLANE_SIZE,
      labels: {},
      taints: [],
      controlPlane: true,
    });
  }
  const specs: readonly WorkerSpec[] =
    typeof workers === 'number' ? Array.from({ length: workers }, () => ({})) : workers;
  specs.forEach((w, i) => {
    plans.push({
      name: w.name ?? `worker-${i + 1}`,
      ip: workerIp(i),
      cpu: w.cpu ?? WORKER_SIZE.cpu,
      memory: w.memory ?? WORKER_SIZE.memory,
      labels: w.labels ?? {},
      taints: w.taints ?? [],
      controlPlane: false,
    });
  });
  const names = new Set<string>();
  for (const p of plans) {
    if (names.has(p.name)) throw new Error(`two nodes are named ${p.name}`);
    names.add(p.name);
  }
  return plans;
}

/** Workers live in 10.0.1.0/16 onwards so thousands of them get distinct addresses. */
function workerIp(index: number): string {
  const n = index + 11;
  return `10.0.${1 + Math.floor(n / 250)}.${n % 250}`;
}
