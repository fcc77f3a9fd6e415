import type { Cluster } from '../engine';
import {
  leaseRenewTime,
  msSince,
  nodeCondition,
  nodeTaint,
  podsLabelled,
  secondsOf,
} from './cluster-reads';
import type { Scenario, StepVars } from './types';

// The worker the story powers off (any worker would do; this one is in the middle).
const VICTIM = 'worker-2';
const API = 'kube-apiserver@*';
const KCM = 'kube-controller-manager@*';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
// kube-controller-manager --node-monitor-grace-period: 50s since v1.32 (kubernetes#126287)
const GRACE_MS = 50_000;
// plugin/pkg/admission/defaulttolerationseconds: --default-unreachable-toleration-seconds=300
const TOLERATION_MS = 300_000;

const web = (c: Cluster) => podsLabelled(c, 'default', 'app=web');

/** The web pods, their nodes and the replacement, as the story learns them. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  if (!vars.victim) out.victim = VICTIM;
  const pods = web(c);
  if (!vars.originals && pods.length > 0)
    out.originals = pods
      .map((p) => p.name)
      .sort()
      .join(',');
  if (!vars.evicted) {
    const doomed = pods.find((p) => p.node === VICTIM);
    if (doomed) out.evicted = doomed.name;
  }
  const originals = (vars.originals ?? out.originals ?? '').split(',');
  const replacement = vars.replacement
    ? pods.find((p) => p.name === vars.replacement)
    : pods.find((p) => !originals.includes(p.name));
  if (replacement && !vars.replacement) out.replacement = replacement.name;
  if (replacement?.node && !vars.newNode) out.newNode = replacement.node;
  return out;
}

/** The replacement pod, once the ReplicaSet controller has created it. */
const replacementOf = (c: Cluster, vars: StepVars) =>
  vars.replacement ? web(c).find((p) => p.name === vars.replacement) : undefined;

/** "A node dies: how Kubernetes reschedules": detection, taints, eviction, replacement. */
export const nodeFailure: Scenario = {
  id: 'node-failure',
  title: 'A node dies: how Kubernetes reschedules',
  summary:
    'Power off a worker and watch the control plane notice, wait, evict and run the replicas elsewhere.',
  duration: '7 min',
  group: 'failures',
  cluster: { workers: 3 },
  setup: {
    actions: [
      {
        kubectl: 'create deployment web --image=nginx:1.27 --replicas=3',
        shown: 'kubectl create deployment web --image=nginx:1.27 --replicas=3',
      },
    ],
    until: {
      description: '3 pods of app=web Running on 3 workers',
      test: (c) => {
        const running = web(c).filter((p) => p.phase === 'Running');
        return running.length === 3 && new Set(running.map((p) => p.node)).size === 3;
      },
    },
  },
  invitation: 'A node dies: watch Kubernetes reschedule',
  intro:
    'A Deployment runs 3 replicas of web, one on each worker. The walkthrough powers off worker-2 and follows the cluster’s own recovery, fast-forwarding over the long waits.',
  startLabel: 'Power off worker-2',
  done: 'every replica is Running on the surviving nodes, and the dead node is gone',
  learn,
  steps: [
    {
      id: 'power-off',
      title: '{victim} loses power',
      narration:
        'The machine behind {victim} stops, and with it its kubelet, containerd and the web pod’s container. Nothing tells the control plane: the other kubelets go on renewing their Leases in the kube-node-lease namespace every 10 s, {victim}’s Lease simply stops changing.',
      highlight: ['kubelet@{victim}', 'containerd@{victim}', 'kubelet@*'],
      docs: {
        title: 'Leases: node heartbeats',
        url: 'https://kubernetes.io/docs/concepts/architecture/leases/#node-heart-beats',
      },
      actions: [{ fault: { op: 'power-off', node: '{victim}' } }],
      // another kubelet's heartbeat lands; the dead one sends none
      until: {
        from: 'kubelet@*',
        to: API,
        resource: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/*',
      },
    },
    {
      id: 'unknown',
      title: 'The node lifecycle controller marks {victim} Unknown',
      narration:
        'Every 5 s the node lifecycle controller in kube-controller-manager checks when each node last renewed its Lease. Once {victim}’s is older than node-monitor-grace-period (50 s since v1.32, 40 s before), it sets the Ready condition to Unknown: reason NodeStatusUnknown, “Kubelet stopped posting node status.”',
      highlight: [KCM, API],
      docs: {
        title: 'Nodes: node controller',
        url: 'https://kubernetes.io/docs/concepts/architecture/nodes/#node-controller',
      },
      fastForward: 120_000,
      when: {
        description: '{victim} Ready=Unknown',
        test: (c, { vars }) => nodeCondition(c, vars.victim ?? VICTIM)?.status === 'Unknown',
        progress: (c, { vars, now }) =>
          `${secondsOf(msSince(c, leaseRenewTime(c, vars.victim ?? VICTIM), now), GRACE_MS)} since ${vars.victim ?? VICTIM}’s last Lease renewal`,
      },
      question: {
        prompt: 'Which component notices first that {victim} is gone?',
        choices: [
          'kube-scheduler',
          'kube-controller-manager (its node lifecycle controller)',
          'etcd',
          'the kubelet on another node',
        ],
        answer: 1,
        explanation:
          'Nothing is told that a node died: the node lifecycle controller polls the node Leases and declares a node Unknown once its Lease is older than the grace period.',
      },
    },
    {
      id: 'taints',
      title: 'The unreachable taints',
      narration:
        'The controller taints {victim} with node.kubernetes.io/unreachable: NoSchedule keeps new pods off it, NoExecute evicts the pods already there. But every pod got a 300 s toleration of that taint from the DefaultTolerationSeconds admission plugin, so nothing is evicted yet.',
      highlight: [KCM, API],
      docs: {
        title: 'Taints and tolerations: taint-based evictions',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions',
      },
      fastForward: 60_000,
      when: {
        description: '{victim} tainted node.kubernetes.io/unreachable:NoExecute',
        test: (c, { vars }) => !!nodeTaint(c, vars.victim ?? VICTIM, UNREACHABLE, 'NoExecute'),
      },
    },
    {
      id: 'evict',
      title: 'The toleration runs out: the pod is evicted',
      narration:
        'When the pod’s 300 s toleration runs out, the taint eviction controller deletes it; taint-based eviction replaced the old pod-eviction-timeout. The pod is marked for deletion but stays Terminating: only {victim}’s kubelet could confirm its containers stopped.',
      highlight: [KCM, API],
      docs: {
        title: 'Taints and tolerations: taint-based evictions',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions',
      },
      fastForward: 400_000,
      when: {
        description: 'the web pod on {victim} deleted',
        test: (c, { vars }) => web(c).some((p) => p.name === vars.evicted && p.terminating),
        progress: (c, { vars, now }) => {
          const taint = nodeTaint(c, vars.victim ?? VICTIM, UNREACHABLE, 'NoExecute');
          return `${secondsOf(msSince(c, taint?.timeAdded, now), TOLERATION_MS)} of the toleration`;
        },
      },
      question: {
        prompt: 'How long after the NoExecute taint is the web pod on {victim} deleted?',
        choices: ['At once', 'After 50 s', 'After 300 s', 'Never, until {victim} comes back'],
        answer: 2,
        explanation:
          'The pod tolerates node.kubernetes.io/unreachable for tolerationSeconds: 300, added by the DefaultTolerationSeconds admission plugin; the taint eviction controller waits that long.',
      },
    },
    {
      id: 'replace',
      title: 'The ReplicaSet controller creates a replacement',
      narration:
        'A terminating pod no longer counts towards its ReplicaSet, so the ReplicaSet controller sees 2 of 3 replicas and creates a new pod from the template. The new pod has no node yet.',
      highlight: [KCM, API],
      docs: {
        title: 'ReplicaSet: how a ReplicaSet works',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
      },
      fastForward: 60_000,
      when: {
        description: 'a new pod of app=web',
        test: (c, { vars }) => replacementOf(c, vars) !== undefined,
      },
    },
    {
      id: 'schedule',
      title: 'The scheduler places it on a healthy node',
      narration:
        'The scheduler sees a pod without a node, as for any new pod. {victim} fails Filter (its unreachable NoSchedule taint) and so does the control plane (its own taint); the best-scoring healthy worker, {newNode}, gets the Binding.',
      highlight: ['kube-scheduler@*', API],
      docs: {
        title: 'kube-scheduler',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
      },
      detail: { kind: 'scheduling', pod: 'default/{replacement}' },
      fastForward: 60_000,
      when: {
        description: 'the new pod bound to a node',
        test: (c, { vars }) => replacementOf(c, vars)?.node !== undefined,
      },
      question: {
        prompt: 'Where will the scheduler put the replacement pod?',
        choices: ['worker-1', '{victim}', 'worker-3', 'control-plane-1'],
        answer: (c, vars) => replacementOf(c, vars)?.node ?? -1,
        explanation:
          'Only the healthy workers pass Filter ({victim} is tainted unreachable, the control plane is tainted for control-plane pods); Score then picks the least loaded.',
      },
    },
    {
      id: 'start',
      title: 'The kubelet on {newNode} starts it',
      narration:
        'The kubelet on {newNode} receives the bound pod through its watch, asks containerd for a sandbox and the container, and reports the pod Running. The Deployment has its 3 replicas again.',
      highlight: ['kubelet@{newNode}', 'containerd@{newNode}', API],
      docs: {
        title: 'Pod lifecycle: pod phase',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase',
      },
      fastForward: 60_000,
      when: {
        description: 'the new pod Running',
        test: (c, { vars }) => replacementOf(c, vars)?.phase === 'Running',
      },
    },
    {
      id: 'get',
      title: 'kubectl get pods -o wide',
      narration:
        'Three web pods are Running, none on {victim}. The evicted pod still shows Terminating: its Pod object goes when {victim} comes back, or when its Node object is deleted. Nothing deletes the Node on a timer: it stays NotReady until someone runs kubectl delete node or, in a cloud, the cloud-controller-manager learns from the provider that the machine is gone.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Nodes: node status',
        url: 'https://kubernetes.io/docs/reference/node/node-status/',
      },
      kubectl: { command: 'get pods -o wide', shown: 'kubectl get pods -o wide' },
      actions: [{ kubectl: 'get nodes', shown: 'kubectl get nodes' }],
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
    // pkg/controller/podgc/gc_controller.go: gcCheckPeriod 20 s, quarantineTime 40 s
    {
      id: 'delete-node',
      title: 'kubectl delete node {victim}',
      narration:
        'Knowing {victim} will not return, an operator deletes its Node object (a node that still answers would be drained first, its pods evicted through the API). The pod garbage collector in kube-controller-manager finds pods bound to a node that no longer exists and, after a 40 s quarantine, force-deletes them.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Nodes: manual node administration',
        url: 'https://kubernetes.io/docs/concepts/architecture/nodes/#manual-node-administration',
      },
      actions: [{ kubectl: 'delete node {victim}', shown: 'kubectl delete node {victim}' }],
      fastForward: 120_000,
      when: {
        description: 'the evicted pod gone',
        test: (c, { vars }) =>
          !c.get('nodes', vars.victim ?? VICTIM, '') &&
          !web(c).some((p) => p.name === vars.evicted),
      },
      question: {
        prompt: 'The Node {victim} is deleted. What becomes of the pod still Terminating on it?',
        choices: [
          'It stays Terminating until {victim} returns',
          'The pod garbage collector deletes it',
          'It moves to another node',
        ],
        answer: (c, vars) => (web(c).some((p) => p.name === vars.evicted) ? 0 : 1),
        explanation:
          'Pods bound to a node that no longer exists are orphans, and the pod garbage collector force-deletes them; the replacement already runs elsewhere.',
      },
    },
  ],
};
