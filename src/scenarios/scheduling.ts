import type { Cluster } from '../engine';
import { podsLabelled } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const SCHEDULER = 'kube-scheduler@*';
const ZONE = 'topology.kubernetes.io/zone';

interface StoredPod {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; nominatedNodeName?: string };
}

/** A pod of the default namespace as stored, if it exists. */
const pod = (c: Cluster, name: string) =>
  c.get('pods', name, 'default') as unknown as StoredPod | undefined;

/** The node a pod was bound to, once the scheduler's Binding has been stored. */
const nodeOf = (c: Cluster, name: string | undefined) =>
  name === undefined ? undefined : pod(c, name)?.spec?.nodeName;

/** The scheduler's latest verdict on a pod: Scheduled, Unschedulable… */
const lastResult = (c: Cluster, name: string) =>
  c.schedulingDecisions('default', name).at(-1)?.result;

/** A node's zone label, as the scheduler's topology spread reads it. */
function zoneOf(c: Cluster, node: string | undefined): string | undefined {
  if (!node) return undefined;
  const n = c.get('nodes', node, '') as { metadata?: { labels?: Record<string, string> } };
  return n?.metadata?.labels?.[ZONE];
}

const live = (c: Cluster, label: string) =>
  podsLabelled(c, 'default', label).filter((p) => !p.terminating);

/** The pods the story follows whose names the controllers generate, and preemption's choices. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  const spread = live(c, 'app=spread')
    .map((p) => p.name)
    .sort();
  if (!vars.spreadPod && spread[0]) out.spreadPod = spread[0];
  if (!vars.spreadPod2 && spread[1]) out.spreadPod2 = spread[1];
  const batch = live(c, 'app=batch')
    .map((p) => p.name)
    .sort();
  if (!vars.batchPod && batch[0]) out.batchPod = batch[0];
  const urgent = c.schedulingDecisions('default', 'urgent').find((a) => a.postFilter?.victims[0]);
  if (urgent && !vars.victim) {
    out.victim = urgent.postFilter!.victims[0].split('/')[1];
    out.nominated = urgent.postFilter!.nominatedNodeName;
  }
  return out;
}

const BIG = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "5"
`;

const TOLERANT = `apiVersion: v1
kind: Pod
metadata:
  name: tolerant
spec:
  nodeSelector:
    node-role.kubernetes.io/control-plane: ""
  tolerations:
  - key: node-role.kubernetes.io/control-plane
    operator: Exists
    effect: NoSchedule
  containers:
  - name: app
    image: nginx:1.27
`;

const FAST = `apiVersion: v1
kind: Pod
metadata:
  name: fast
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: app
    image: nginx:1.27
`;

const ZONAL = `apiVersion: v1
kind: Pod
metadata:
  name: zonal
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: topology.kubernetes.io/zone
            operator: In
            values: ["zone-b"]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 80
        preference:
          matchExpressions:
          - key: disktype
            operator: In
            values: ["ssd"]
  containers:
  - name: app
    image: nginx:1.27
`;

const SPREAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 2
  selector:
    matchLabels:
      app: spread
  template:
    metadata:
      labels:
        app: spread
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: spread
      containers:
      - name: app
        image: nginx:1.27
`;

const BATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
spec:
  replicas: 3
  selector:
    matchLabels:
      app: batch
  template:
    metadata:
      labels:
        app: batch
    spec:
      containers:
      - name: work
        image: busybox:1.36
        command: ["sleep", "infinity"]
        resources:
          requests:
            cpu: "3"
`;

const URGENT = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000000
description: "Interactive services that must run"
---
apiVersion: v1
kind: Pod
metadata:
  name: urgent
spec:
  priorityClassName: high
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "2"
`;

/** "Scheduling, filter and score": why a pod is Pending, and every way to steer placement. */
export const scheduling: Scenario = {
  id: 'scheduling',
  title: 'Scheduling, filter and score',
  summary:
    'A pod too big for any node, then taints, tolerations, nodeSelector, affinity, topology spread and preemption, with the per-node filter and score table.',
  duration: '10 min',
  group: 'basics',
  // three 4-CPU workers: worker-1 and worker-2 in zone-a, worker-3 in zone-b
  cluster: {
    controlPlaneNodes: 1,
    workers: [
      { labels: { [ZONE]: 'zone-a' } },
      { labels: { [ZONE]: 'zone-a' } },
      { labels: { [ZONE]: 'zone-b' } },
    ],
  },
  invitation: 'Follow the scheduler’s decisions, node by node',
  intro:
    'One control-plane node and three workers of 4 CPUs each: worker-1 and worker-2 in zone-a, worker-3 in zone-b. Each step creates a pod with a different constraint and shows how kube-scheduler filtered and scored every node.',
  startLabel: 'Create a pod too big for any node',
  done: 'every pod is placed, and a lower-priority pod gave way to urgent',
  manifest: BIG,
  learn,
  steps: [
    {
      id: 'too-big',
      title: 'A pod that fits nowhere',
      narration:
        'The pod requests 5 CPUs; every worker has 4 allocatable. In Filter each plugin may reject a node: NodeResourcesFit rejects the workers, TaintToleration the control plane. No node is feasible, so the pod stays Pending and the scheduler records why.',
      highlight: [SCHEDULER, API, 'kubectl'],
      docs: {
        title: 'kube-scheduler: filtering and scoring',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/#kube-scheduler-implementation',
      },
      kubectl: { command: 'apply -f -', stdin: BIG, shown: 'kubectl apply -f big.yaml' },
      detail: { kind: 'scheduling', pod: 'default/big' },
      when: {
        description: 'the scheduler found no node for big',
        test: (c) => lastResult(c, 'big') === 'Unschedulable',
      },
      question: {
        prompt: 'Each worker has 4 CPUs. Where does a pod requesting 5 CPUs go?',
        choices: [
          'To the least busy worker',
          'Nowhere: it stays Pending',
          'To control-plane-1',
          'It is split across two workers',
        ],
        answer: (c) => (nodeOf(c, 'big') === undefined ? 1 : -1),
        explanation:
          'Requests are what the scheduler reserves on one node; no node has 5 CPUs allocatable, so every node fails Filter and the pod waits.',
      },
    },
    {
      id: 'failed-scheduling',
      title: 'kubectl describe pod big: FailedScheduling',
      narration:
        'The FailedScheduling event counts the nodes by the reason Filter gave. Preemption was tried too, but evicting pods cannot make 5 CPUs fit on a 4-CPU node, hence “Preemption is not helpful for scheduling”.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Debug pods: my pod stays pending',
        url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-pending',
      },
      kubectl: { command: 'describe pod big', shown: 'kubectl describe pod big' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/events' },
    },
    {
      id: 'toleration',
      title: 'A toleration lets a pod onto the control plane',
      narration:
        'kubeadm taints control-plane nodes (the masters of older notes) node-role.kubernetes.io/control-plane:NoSchedule, so ordinary pods fail TaintToleration there. A toleration only permits a tainted node, it does not attract the pod; the nodeSelector on the control-plane label is what sends it there.',
      highlight: [SCHEDULER, API, 'kubelet@control-plane-1'],
      docs: {
        title: 'Taints and tolerations',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
      },
      kubectl: { command: 'apply -f -', stdin: TOLERANT, shown: 'kubectl apply -f tolerant.yaml' },
      detail: { kind: 'scheduling', pod: 'default/tolerant' },
      when: {
        description: 'tolerant bound to a node',
        test: (c) => nodeOf(c, 'tolerant') !== undefined,
      },
      question: {
        prompt:
          'tolerant tolerates the control-plane taint and selects the control-plane label. Where does it run?',
        choices: [
          'worker-1',
          'worker-3',
          'control-plane-1',
          'Nowhere: control planes take no pods',
        ],
        answer: (c) => nodeOf(c, 'tolerant') ?? -1,
        explanation:
          'The toleration lets control-plane-1 pass TaintToleration and the nodeSelector fails every worker, so control-plane-1 is the only feasible node.',
      },
    },
    {
      id: 'label',
      title: 'Label a node',
      narration:
        'Labels are how pods find nodes: the scheduler matches nodeSelector and node affinity against them. worker-2 now says it has an SSD.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Assign pods to nodes: add a label to a node',
        url: 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-pods-nodes/#add-a-label-to-a-node',
      },
      kubectl: {
        command: 'label node worker-2 disktype=ssd',
        shown: 'kubectl label node worker-2 disktype=ssd',
      },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/nodes/worker-2' },
    },
    {
      id: 'node-selector',
      title: 'nodeSelector: only labelled nodes pass',
      narration:
        'fast asks for disktype=ssd. The NodeAffinity plugin, which also checks nodeSelector, rejects every node without the label, leaving worker-2 as the only choice.',
      highlight: [SCHEDULER, API, 'kubelet@worker-2'],
      docs: {
        title: 'Assigning pods to nodes: nodeSelector',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector',
      },
      kubectl: { command: 'apply -f -', stdin: FAST, shown: 'kubectl apply -f fast.yaml' },
      detail: { kind: 'scheduling', pod: 'default/fast' },
      when: {
        description: 'fast bound to a node',
        test: (c) => nodeOf(c, 'fast') !== undefined,
      },
    },
    // kube-scheduler framework/interface.go: MaxNodeScore 100; RunScorePlugins sums score × weight
    {
      id: 'affinity',
      title: 'Node affinity: required and preferred',
      narration:
        'Required affinity is a filter: only zone-b nodes pass, so worker-3. Preferred affinity only adds score, here 80 for an SSD, which no zone-b node has: a preference never makes a pod unschedulable. Each Score plugin rates every feasible node from 0 to 100 (older schedulers used 0 to 10), and the sum of the scores times the plugins’ weights picks the node.',
      highlight: [SCHEDULER, API, 'kubelet@worker-3'],
      docs: {
        title: 'Assigning pods to nodes: node affinity',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity',
      },
      kubectl: { command: 'apply -f -', stdin: ZONAL, shown: 'kubectl apply -f zonal.yaml' },
      detail: { kind: 'scheduling', pod: 'default/zonal' },
      when: {
        description: 'zonal bound to a node',
        test: (c) => nodeOf(c, 'zonal') !== undefined,
      },
      question: {
        prompt:
          'zonal requires zone-b and prefers an SSD (only worker-2 has one). Where does it run?',
        choices: ['worker-2', 'worker-3', 'Nowhere: no node has both'],
        answer: (c) => nodeOf(c, 'zonal') ?? -1,
        explanation:
          'Required terms filter and preferred terms only score: worker-2 fails the zone requirement, so worker-3 wins without an SSD.',
      },
    },
    {
      id: 'spread',
      title: 'Topology spread across zones',
      narration:
        'The constraint allows at most 1 more spread pod in one zone than in another (maxSkew 1, DoNotSchedule). Once the first replica is placed, its zone already leads by one, so Filter rejects that zone’s nodes for the second. Required pod anti-affinity on the zone would be stricter, at most one such pod per zone, so a third replica could never be placed.',
      highlight: [SCHEDULER, API, 'kube-controller-manager@*'],
      docs: {
        title: 'Pod topology spread constraints',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
      },
      kubectl: { command: 'apply -f -', stdin: SPREAD, shown: 'kubectl apply -f spread.yaml' },
      detail: { kind: 'scheduling', pod: 'default/{spreadPod2}' },
      when: {
        description: 'both spread replicas bound',
        test: (c) => {
          const pods = live(c, 'app=spread');
          return pods.length === 2 && pods.every((p) => p.node !== undefined);
        },
      },
      question: {
        prompt: 'zone-a has two workers, zone-b one. How are the 2 spread replicas placed?',
        choices: [
          'Both in zone-a, which has more room',
          'One in zone-a and one in zone-b',
          'Both on worker-3',
        ],
        answer: (c) => {
          const zones = new Set(live(c, 'app=spread').map((p) => zoneOf(c, p.node)));
          return zones.size === 2 ? 1 : -1;
        },
        explanation:
          'With maxSkew 1 the zones may differ by at most one pod, so the second replica must go to the zone the first did not.',
      },
    },
    {
      id: 'fill',
      title: 'Fill the workers',
      narration:
        'Each batch replica requests 3 CPUs, so two never fit on one worker and NodeResourcesFit spreads them one per worker. Now no worker has 2 CPUs free.',
      highlight: [SCHEDULER, API, 'kubelet@worker-*'],
      docs: {
        title: 'Resource management: how pods with requests are scheduled',
        url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-requests-are-scheduled',
      },
      kubectl: { command: 'apply -f -', stdin: BATCH, shown: 'kubectl apply -f batch.yaml' },
      detail: { kind: 'scheduling', pod: 'default/{batchPod}' },
      fastForward: 60_000,
      when: {
        description: '3 batch pods Running',
        test: (c) => live(c, 'app=batch').filter((p) => p.phase === 'Running').length === 3,
      },
    },
    {
      id: 'preempt',
      title: 'Priority and preemption',
      narration:
        'urgent has priority 1000000 from its PriorityClass and fits nowhere. DefaultPreemption, the PostFilter plugin, finds a node where evicting lower-priority pods makes room, deletes the victim {victim} and sets urgent’s nominatedNodeName to {nominated}.',
      highlight: [SCHEDULER, API],
      docs: {
        title: 'Pod priority and preemption',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#preemption',
      },
      kubectl: { command: 'apply -f -', stdin: URGENT, shown: 'kubectl apply -f urgent.yaml' },
      detail: { kind: 'scheduling', pod: 'default/urgent' },
      when: {
        description: 'urgent nominated to a node',
        test: (c) => pod(c, 'urgent')?.status?.nominatedNodeName !== undefined,
      },
      question: {
        prompt: 'No worker has 2 CPUs free. What happens to the high-priority pod urgent?',
        choices: [
          'It stays Pending, like big',
          'A batch pod is evicted to make room for it',
          'It runs on control-plane-1',
          'It runs beside a batch pod, over the node’s capacity',
        ],
        answer: (c) => (pod(c, 'urgent')?.status?.nominatedNodeName ? 1 : -1),
        explanation:
          'A pod that fits nowhere may preempt pods of lower priority; the batch pods have priority 0, and removing one frees 3 CPUs.',
      },
    },
    {
      id: 'urgent-runs',
      title: 'The victim terminates, urgent runs',
      narration:
        'The victim gets its graceful termination (30 s by default) before its CPUs are free; then urgent is bound to {nominated}. The ReplicaSet replaces the victim, but its new pod has priority 0 and cannot preempt its peers, so it stays Pending.',
      highlight: [SCHEDULER, API, 'kubelet@{nominated}'],
      docs: {
        title: 'Pod priority and preemption: graceful termination of preemption victims',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#graceful-termination-of-preemption-victims',
      },
      fastForward: 120_000,
      when: {
        description: 'urgent Running',
        test: (c) => pod(c, 'urgent')?.status?.phase === 'Running',
      },
    },
    {
      id: 'get-pods',
      title: 'kubectl get pods -o wide',
      narration:
        'Every placement follows from Filter, then Score: big still waits, tolerant is on the control plane, fast on the SSD node, zonal in zone-b, spread across both zones, and urgent where a batch pod was.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Scheduling framework',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/',
      },
      kubectl: { command: 'get pods -o wide', shown: 'kubectl get pods -o wide' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
  ],
};
