import type { KubeObject } from '../api/types';

export interface NodeSpecOptions {
  name: string;
  ip: string;
  cpu: string;
  memory: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  controlPlane: boolean;
}

// The versions the simulated cluster reports (kubectl get nodes -o wide shows them).
export const KUBELET_VERSION = 'v1.32.3';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
export const KERNEL_VERSION = '6.1.0-28-amd64';

// kubelet --eviction-hard default memory.available<100Mi is subtracted from allocatable
// (pkg/kubelet/cm/node_container_manager_linux.go); kubelet's maxPods default is 110.
const EVICTION_HARD_MEMORY_MI = 100;
const MAX_PODS = '110';

/**
 * The Node a kubelet registers: capacity, allocatable, addresses, labels, node info; Ready
 * only if the runtime's network is (`notReady` is the reason it is not).
 */
export function registrationNode(o: NodeSpecOptions, now: string, notReady?: string): KubeObject {
  const capacity = {
    cpu: o.cpu,
    memory: o.memory,
    pods: MAX_PODS,
    'ephemeral-storage': '61202244Ki',
    'hugepages-2Mi': '0',
  };
  const allocatable = { ...capacity, memory: subtractMi(o.memory, EVICTION_HARD_MEMORY_MI) };
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': o.name,
    'kubernetes.io/os': 'linux',
    // kubeadm marks control-plane nodes with this label and taint (phases/markcontrolplane)
    ...(o.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    ...o.labels,
  };
  const taints = [
    ...(o.controlPlane
      ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
      : []),
    ...o.taints,
  ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: o.name,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
      },
    },
    spec: taints.length > 0 ? { taints } : {},
    status: {
      capacity,
      allocatable,
      conditions: nodeConditions(now, notReady),
      addresses: [
        { type: 'InternalIP', address: o.ip },
        { type: 'Hostname', address: o.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: KERNEL_VERSION,
        osImage: OS_IMAGE,
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/**
 * The four conditions a kubelet reports (pkg/kubelet/nodestatus/setters.go); `notReady` is
 * the runtime error that keeps Ready False (ReadyCondition joins such errors with ", ").
 */
export function nodeConditions(
  now: string,
  notReady?: string,
  since = now,
  memoryPressure = false,
): Record<string, unknown>[] {
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: since,
    reason,
    message,
  });
  return [
    memoryPressure
      ? c(
          'MemoryPressure',
          'True',
          'KubeletHasInsufficientMemory',
          'kubelet has insufficient memory available',
        )
      : c(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    notReady === undefined
      ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : c('Ready', 'False', 'KubeletNotReady', notReady),
  ];
}

function subtractMi(memory: string, mi: number): string {
  const m = /^(\d+)(Ki|Mi|Gi)$/.exec(memory);
  if (!m) return memory;
  const factor = { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[m[2] as 'Ki' | 'Mi' | 'Gi'];
  return `${Number(m[1]) * factor - mi * 1024}Ki`;
}
