import type { Cluster } from '../engine';
import type { Scenario } from './types';

const CP = 'control-plane-1';
const API = `kube-apiserver@${CP}`;
const ETCD = `etcd@${CP}`;
const KCM = `kube-controller-manager@${CP}`;
const SCHEDULER = `kube-scheduler@${CP}`;
const KUBELET = `kubelet@${CP}`;
const CONTAINERD = `containerd@${CP}`;
// kubeadm's manifests in /etc/kubernetes/manifests, one static pod each (named after the node)
export const STATIC_PODS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
] as const;

interface StoredPod {
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

interface StoredNode {
  metadata: { name: string };
  spec?: { podCIDR?: string; taints?: { key: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

const systemPods = (c: Cluster) => c.list('pods', 'kube-system') as unknown as StoredPod[];
const nodes = (c: Cluster) => c.list('nodes') as unknown as StoredNode[];

/** The mirror pods the API server holds for the control plane's static pods. */
export function mirrorPods(c: Cluster): string[] {
  return systemPods(c)
    .filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
    .map((p) => p.metadata.name)
    .sort();
}

/** The Running pods of an add-on, by its k8s-app label (kube-proxy, kube-dns). */
export function addonPods(c: Cluster, app: string): StoredPod[] {
  return systemPods(c).filter(
    (p) => p.metadata.labels?.['k8s-app'] === app && p.status?.phase === 'Running',
  );
}

/** Whether every registered node reports Ready=True (and all of them are registered). */
export function allNodesReady(c: Cluster): boolean {
  const list = nodes(c);
  return (
    list.length === c.nodes.length &&
    list.every((n) => n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))
  );
}

/** When the kubelet asked containerd to start each static pod's container (virtual ms). */
export function staticPodStarts(c: Cluster): Partial<Record<string, number>> {
  const starts: Partial<Record<string, number>> = {};
  for (const h of c.hops()) {
    if (h.from !== KUBELET || h.verb !== 'StartContainer') continue;
    const pod = STATIC_PODS.find((s) => h.resource === `pod/kube-system/${s}-${CP}`);
    if (pod && starts[pod] === undefined) starts[pod] = h.sentAt;
  }
  return starts;
}

const leaseHeld = (c: Cluster, name: string) => {
  const lease = c.get('leases', name, 'kube-system') as
    { spec?: { holderIdentity?: string } } | undefined;
  return !!lease?.spec?.holderIdentity;
};

/** "Booting a control plane": systemd, the kubelet's static pods, mirror pods, add-ons, Ready. */
export const bootControlPlane: Scenario = {
  id: 'boot-control-plane',
  title: 'Booting a control plane',
  summary:
    'kubeadm-style: systemd starts the kubelet, which runs etcd and the control plane from /etc/kubernetes/manifests; mirror pods, leases, add-ons, then Ready nodes.',
  duration: '5 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 1, workers: 2, boot: 'watch' },
  invitation: 'Power on a fresh cluster and watch it boot',
  intro:
    'The machines of a kubeadm cluster have just been switched on: only systemd’s units, containerd and the kubelet, are running. The walkthrough follows the control plane as it comes up from the kubelet’s static pods until every node is Ready.',
  startLabel: 'Power on',
  done: 'the control plane is up and every node is Ready',
  steps: [
    {
      id: 'static-pods',
      title: 'systemd starts the kubelet; it reads its manifests',
      narration:
        'systemd starts containerd and the kubelet on every machine; any runtime that speaks the Container Runtime Interface will do (containerd, CRI-O), while Docker Engine needs cri-dockerd since the kubelet dropped dockershim in v1.24. On the control-plane node the kubelet’s staticPodPath, /etc/kubernetes/manifests, holds the four manifests kubeadm init wrote (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), and the kubelet runs them through containerd without any API server.',
      highlight: [KUBELET, CONTAINERD],
      docs: {
        title: 'Create static Pods',
        url: 'https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/',
      },
      until: {
        from: KUBELET,
        to: CONTAINERD,
        verb: 'StartContainer',
        resource: `pod/kube-system/kube-scheduler-${CP}`,
      },
      question: {
        prompt: 'In which order does the kubelet start the four static pods?',
        choices: [
          'etcd, then kube-apiserver, then the other two',
          'All four at once',
          'kube-apiserver first, the others once it answers',
          'Alphabetically, one after another',
        ],
        answer: (c) => {
          const t = Object.values(staticPodStarts(c)) as number[];
          if (t.length < STATIC_PODS.length) return -1;
          return Math.max(...t) - Math.min(...t) < 50 ? 1 : 0;
        },
        explanation:
          'Static pods have no ordering: the kubelet starts them all, and the order emerges because each component retries until what it needs (etcd, the API server) answers.',
      },
    },
    // kubeadm's etcd manifest: --listen-client-urls …:2379, --listen-peer-urls …:2380
    {
      id: 'etcd',
      title: 'etcd elects a leader',
      narration:
        'etcd runs with the host’s network, serving clients on port 2379 and its peers on 2380, and keeps its data in /var/lib/etcd on the node. A single member is a majority of one, so it makes itself leader at once; with three members it would need a second vote. (With external etcd, the members run instead as systemd services on machines of their own.)',
      highlight: [ETCD],
      docs: {
        title: 'Operating etcd clusters for Kubernetes',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      },
      when: { description: 'an etcd leader', test: (c) => c.etcd.leader() !== undefined },
    },
    {
      id: 'apiserver',
      title: 'kube-apiserver answers: nodes register',
      narration:
        'kube-apiserver lists every resource from etcd into its watch cache and starts serving; it is the only component that talks to etcd. The kubelets, which had been retrying, register their Node objects, the workers’ included.',
      highlight: [API, ETCD, 'kubelet@*'],
      docs: {
        title: 'Nodes: self-registration of nodes',
        url: 'https://kubernetes.io/docs/concepts/architecture/nodes/#self-registration-of-nodes',
      },
      until: { from: API, to: 'kubelet@*', verb: '201', resource: '/api/v1/nodes' },
    },
    {
      id: 'mirror-pods',
      title: 'Mirror pods appear',
      narration:
        'The kubelet now creates a mirror pod for each static pod, so kubectl can see them in kube-system (etcd-control-plane-1 and the others). They are read-only reflections marked kubernetes.io/config.mirror: deleting one does not stop the container, and only editing the manifest file changes it.',
      highlight: [KUBELET, API],
      docs: {
        title: 'Static Pods',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/#static-pods',
      },
      when: {
        description: '4 mirror pods in kube-system',
        test: (c) => mirrorPods(c).length === STATIC_PODS.length,
      },
    },
    {
      id: 'leases',
      title: 'The controller manager and the scheduler take their Leases',
      narration:
        'kube-controller-manager and kube-scheduler sign in with the kubeconfigs kubeadm wrote to /etc/kubernetes (controller-manager.conf, scheduler.conf; the kubelet has kubelet.conf, you admin.conf), and were refused (403) until the API server had written its bootstrap RBAC roles. Now each takes its leader-election Lease in kube-system and starts its work; the scheduler never talks to etcd, only to the API server.',
      highlight: [KCM, SCHEDULER, API],
      docs: {
        title: 'Leases: leader election',
        url: 'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
      },
      fastForward: 30_000,
      when: {
        description: 'kube-controller-manager and kube-scheduler Leases held',
        test: (c) => leaseHeld(c, 'kube-controller-manager') && leaseHeld(c, 'kube-scheduler'),
      },
    },
    {
      id: 'pod-cidrs',
      title: 'Each node gets a pod CIDR',
      narration:
        'The node IPAM controller in kube-controller-manager gives every Node a slice of the cluster’s pod range (10.244.0.0/16 here, one /24 each). The nodes are still NotReady: their container runtime reports no pod network until the CNI plugin is configured for that range.',
      highlight: [KCM, API],
      docs: {
        title: 'Cluster networking',
        url: 'https://kubernetes.io/docs/concepts/cluster-administration/networking/',
      },
      fastForward: 30_000,
      when: {
        description: 'every node has a podCIDR',
        test: (c) => nodes(c).length === c.nodes.length && nodes(c).every((n) => !!n.spec?.podCIDR),
      },
    },
    {
      id: 'kube-proxy',
      title: 'Add-ons: kube-proxy on every node',
      narration:
        'kubeadm init also applied its add-ons: a kube-proxy DaemonSet and a CoreDNS Deployment. The DaemonSet controller puts one kube-proxy pod on every node, and kube-proxy tolerates every taint, so it runs even on NotReady nodes and the control plane. kubeadm applies add-ons once, through the API; the kube-addon-manager of older clusters kept re-applying the files in /etc/kubernetes/addons.',
      highlight: [KCM, 'kube-proxy@*', API],
      docs: {
        title: 'kubeadm init: add-on phases',
        url: 'https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-init/#init-workflow',
      },
      fastForward: 30_000,
      when: {
        description: 'a kube-proxy pod Running on every node',
        test: (c) => addonPods(c, 'kube-proxy').length === c.nodes.length,
      },
    },
    {
      id: 'ready',
      title: 'The nodes turn Ready',
      narration:
        'With its pod CIDR the runtime’s CNI plugin can give pods addresses, so each kubelet reports Ready=True, and the node lifecycle controller lifts the node.kubernetes.io/not-ready taint. (In a real kubeadm cluster this is the moment you install a CNI add-on such as Calico or Flannel; this simulation brings its own.)',
      highlight: ['kubelet@*', KCM, API],
      docs: {
        title: 'Nodes: node status',
        url: 'https://kubernetes.io/docs/reference/node/node-status/#condition',
      },
      fastForward: 60_000,
      when: { description: 'every node Ready', test: allNodesReady },
      question: {
        prompt: 'What has kept the nodes NotReady until now?',
        choices: [
          'The scheduler had not started',
          'No pod network: the CNI plugin needed the node’s pod CIDR',
          'kube-proxy was not running yet',
          'CoreDNS was not running yet',
        ],
        answer: 1,
        explanation:
          'A kubelet reports Ready only when its container runtime’s network is ready, which needs the CNI plugin and the node’s pod CIDR; kube-proxy and CoreDNS are not part of the Ready condition.',
      },
    },
    {
      id: 'coredns',
      title: 'CoreDNS is scheduled',
      narration:
        'CoreDNS is a Deployment, not a DaemonSet, and it does not tolerate the not-ready taint, so its 2 pods waited Pending. Now the scheduler places them and cluster DNS (the kube-dns Service) works.',
      highlight: [SCHEDULER, 'kubelet@worker-*', API],
      docs: {
        title: 'DNS for Services and Pods',
        url: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
      },
      fastForward: 60_000,
      when: {
        description: '2 CoreDNS pods Running',
        test: (c) => addonPods(c, 'kube-dns').length === 2,
      },
    },
    {
      id: 'get-pods',
      title: 'kubectl get pods -n kube-system -o wide',
      narration:
        'kube-system shows the four mirror pods on control-plane-1 (0/1 for now: kubeadm gives them startup probes that begin after 10 s), a kube-proxy on each node and CoreDNS on the workers. The control plane booted from files on one node’s disk; from here on everything goes through the API server. Nothing else runs: metrics (metrics-server, Prometheus) and log shipping (Fluentd) are add-ons a cluster installs later, as it did its pod network.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Cluster architecture',
        url: 'https://kubernetes.io/docs/concepts/architecture/',
      },
      kubectl: {
        command: 'get pods -n kube-system -o wide',
        shown: 'kubectl get pods -n kube-system -o wide',
      },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/kube-system/pods' },
    },
  ],
};
