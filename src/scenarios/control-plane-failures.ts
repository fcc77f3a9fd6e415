import type { Cluster } from '../engine';
import { etcdMemberState } from '../engine/view';
import { podsLabelled } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const CP = 'control-plane-1';
const API = `kube-apiserver@${CP}`;
const ETCD = `etcd@${CP}`;
const SCHEDULER = `kube-scheduler@${CP}`;
const KCM = `kube-controller-manager@${CP}`;
const PODS = '/api/v1/namespaces/default/pods';

const web = (c: Cluster) => podsLabelled(c, 'default', 'app=web');
const lonely = (c: Cluster) => podsLabelled(c, 'default', 'run=lonely')[0];
const component = (c: Cluster, id: string) => c.components().find((p) => p.id === id);
const etcdTerm = (c: Cluster) => etcdMemberState(c, ETCD)?.term ?? 0;

/** The web pod the controller-manager step deletes (the first by name), and etcd's Raft term
 *  before it is killed (its restart elects it in a later one). */
function learn(c: Cluster, vars: StepVars): StepVars {
  const term = vars.etcdTerm ? {} : { etcdTerm: String(etcdTerm(c)) };
  if (vars.webPod) return term;
  const first = web(c)
    .filter((p) => !p.terminating)
    .map((p) => p.name)
    .sort()[0];
  return first ? { ...term, webPod: first } : term;
}

/** "What breaks when each control-plane component dies": inject, observe, restore, converge. */
export const controlPlaneFailures: Scenario = {
  id: 'control-plane-failures',
  title: 'What breaks when each control-plane component dies',
  summary:
    'Kill the API server, etcd, the scheduler and the controller manager in turn: see the real symptom of each, then watch it heal.',
  duration: '8 min',
  group: 'failures',
  cluster: { controlPlaneNodes: 1, workers: 3 },
  setup: {
    actions: [
      {
        kubectl: 'create deployment web --image=nginx:1.27 --replicas=2',
        shown: 'kubectl create deployment web --image=nginx:1.27 --replicas=2',
      },
    ],
    until: {
      description: '2 pods of app=web Running',
      test: (c) => web(c).filter((p) => p.phase === 'Running').length === 2,
    },
  },
  invitation: 'Break the control plane, one component at a time',
  intro:
    'A Deployment runs 2 replicas of web. The tour kills each control-plane component in turn, shows what stops working and what does not, and restarts it.',
  startLabel: 'Start the tour',
  done: 'every component is back and the cluster has converged',
  learn,
  steps: [
    {
      id: 'kill-apiserver',
      title: 'kube-apiserver dies',
      narration:
        'With the only API server down, kubectl’s connection is refused: “The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?” The web pods keep running, since kubelets and containerd need no API server to keep containers alive; the scheduler, controllers and kubelets retry until it is back.',
      highlight: ['kubectl', API, 'kubelet@*'],
      docs: {
        title: 'Cluster architecture: control plane components',
        url: 'https://kubernetes.io/docs/concepts/architecture/#control-plane-components',
      },
      actions: [
        { fault: { op: 'kill', component: API } },
        { kubectl: 'get pods', shown: 'kubectl get pods' },
      ],
      until: { from: 'kubectl', to: API, outcome: 'refused' },
      question: {
        prompt: 'The API server is about to die. What happens to the running web pods?',
        choices: [
          'They keep running',
          'They stop',
          'They restart once it is back',
          'They move to another node',
        ],
        answer: 0,
        explanation:
          'Containers run under the kubelet and containerd on each node; the API server is how the cluster is changed and observed, not what keeps containers alive.',
      },
    },
    {
      id: 'restore-apiserver',
      title: 'kube-apiserver restarts',
      narration:
        'Restarted, the API server serves again as soon as it can reach etcd. Every client’s retries now succeed and their watches reconnect.',
      highlight: [API, ETCD],
      docs: {
        title: 'Troubleshooting clusters',
        url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/',
      },
      actions: [{ fault: { op: 'restart', component: API } }],
      fastForward: 60_000,
      when: {
        description: 'kube-apiserver ready',
        test: (c) => c.apiServers.every((a) => a.ready),
      },
    },
    {
      id: 'kill-etcd',
      title: 'etcd dies: no quorum',
      narration:
        'etcd is the cluster’s only database, and this cluster has a single member, so losing it loses quorum. The API server is still up and answers, but cannot read or write anything, so kubectl gets an error from the server. The data plane does not notice: the web pods keep running.',
      highlight: [ETCD, API, 'kubectl'],
      docs: {
        title: 'Operating etcd clusters for Kubernetes',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      },
      actions: [
        { fault: { op: 'kill', component: ETCD } },
        {
          kubectl: 'create deployment db --image=redis:7',
          shown: 'kubectl create deployment db --image=redis:7',
        },
      ],
      until: { from: API, to: 'kubectl', status: 500 },
      question: {
        prompt: 'With etcd down, what does kubectl create deployment get?',
        choices: [
          'deployment.apps/db created',
          'An error from the server',
          'The connection to the server was refused',
          'It is queued until etcd returns',
        ],
        answer: 1,
        explanation:
          'The API server is up, so the connection succeeds, but it stores nothing without etcd and answers with a server error.',
      },
    },
    {
      id: 'restore-etcd',
      title: 'etcd restarts and elects itself',
      narration:
        'The member restarts from its data directory (snapshot and write-ahead log); nothing it had committed is lost. Alone it is its own majority: when its election timeout (the countdown on its box) runs out it votes for itself and leads in a new term, and the API server is served again. A real election, where a candidate needs another member’s vote, is in the “etcd: consensus under the hood” walkthrough’s three-member cluster.',
      highlight: [ETCD, API],
      docs: {
        title: 'Operating etcd clusters: backing up and restoring',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster',
      },
      actions: [{ fault: { op: 'restart', component: ETCD } }],
      fastForward: 60_000,
      when: {
        description: 'an etcd leader in a new term',
        test: (c, { vars }) =>
          c.etcd.leader() !== undefined && etcdTerm(c) > Number(vars.etcdTerm ?? 0),
      },
    },
    {
      id: 'kill-scheduler',
      title: 'kube-scheduler dies: new pods stay Pending',
      narration:
        'Creating a pod still works: the API server stores it in etcd. But no one chooses its node, so it stays Pending, and since FailedScheduling events come from the scheduler, it has no events at all.',
      highlight: [SCHEDULER, API, 'kubectl'],
      docs: {
        title: 'kube-scheduler',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
      },
      actions: [
        { fault: { op: 'kill', component: SCHEDULER } },
        {
          kubectl: 'run lonely --image=nginx:1.27',
          shown: 'kubectl run lonely --image=nginx:1.27',
        },
      ],
      until: { from: API, to: 'kubectl', verb: '201', resource: PODS },
      question: {
        prompt: 'The scheduler is down and you create a pod. What does kubectl get pods show?',
        choices: [
          'Pending, with no events',
          'Running on some worker',
          'An error: no scheduler',
          'ContainerCreating',
        ],
        answer: 0,
        explanation:
          'The API server accepts the pod; only the scheduler sets spec.nodeName, and without it the pod waits, Pending, with no event explaining why.',
      },
    },
    {
      id: 'pending',
      title: 'kubectl get pods: lonely is Pending',
      narration:
        'The pod has no node, so no kubelet starts it. Nothing is wrong with the pod; the component whose job is to place it is gone.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Debug pods: my pod stays pending',
        url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-pending',
      },
      actions: [{ kubectl: 'get pods', shown: 'kubectl get pods' }],
      until: { from: API, to: 'kubectl', verb: '200', resource: PODS },
    },
    {
      id: 'restore-scheduler',
      title: 'kube-scheduler restarts and places the pod',
      narration:
        'The scheduler restarts, takes its leader-election Lease, lists the pods without a node and schedules lonely; the kubelet on the chosen node starts it.',
      highlight: [SCHEDULER, API, 'kubelet@*'],
      docs: {
        title: 'Scheduling framework',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/',
      },
      actions: [{ fault: { op: 'restart', component: SCHEDULER } }],
      fastForward: 120_000,
      when: { description: 'lonely Running', test: (c) => lonely(c)?.phase === 'Running' },
    },
    {
      id: 'kill-controller-manager',
      title: 'kube-controller-manager dies: nothing reconciles',
      narration:
        'Deleting one web pod would normally bring a replacement within a second, created by the ReplicaSet controller inside kube-controller-manager. With it gone nobody notices the missing replica; a dead node would not even be marked NotReady.',
      highlight: [KCM, API, 'kubectl'],
      docs: {
        title: 'Controllers',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/',
      },
      actions: [
        { fault: { op: 'kill', component: KCM } },
        { kubectl: 'delete pod {webPod}', shown: 'kubectl delete pod {webPod}' },
      ],
      until: { from: API, to: 'kubectl', verb: '200', resource: `${PODS}/*` },
      question: {
        prompt: 'kube-controller-manager is down and you delete a web pod. What happens?',
        choices: [
          'A replacement appears at once',
          'Nothing replaces it',
          'The scheduler recreates it',
          'The kubelet restarts it',
        ],
        answer: 1,
        explanation:
          'Replacing pods is the ReplicaSet controller’s job, and it runs in kube-controller-manager; the scheduler only places pods that exist.',
      },
    },
    {
      id: 'one-missing',
      title: 'Only one web replica',
      narration:
        'The Deployment still asks for 2 replicas, but only one pod exists: desired and actual state have drifted apart, and the controller that closes the gap is not running.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Deployments',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
      },
      actions: [{ kubectl: 'get pods -l app=web', shown: 'kubectl get pods -l app=web' }],
      until: { from: API, to: 'kubectl', verb: '200', resource: PODS },
    },
    {
      id: 'restore-controller-manager',
      title: 'kube-controller-manager restarts: the cluster converges',
      narration:
        'The controller manager restarts, takes its Lease, and its informers list everything afresh. The ReplicaSet controller sees 1 of 2 replicas and creates a pod, which the scheduler places and a kubelet starts.',
      highlight: [KCM, API, 'kube-scheduler@*'],
      docs: {
        title: 'Controllers: desired versus current state',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/#desired-vs-current',
      },
      actions: [{ fault: { op: 'restart', component: KCM } }],
      fastForward: 120_000,
      when: {
        description: '2 pods of app=web Running',
        test: (c) => web(c).filter((p) => p.phase === 'Running' && !p.terminating).length === 2,
      },
    },
  ],
};

/** Whether every component of the tour is running again (for tests and the last step). */
export function controlPlaneUp(c: Cluster): boolean {
  return [API, ETCD, SCHEDULER, KCM].every((id) => component(c, id)?.isUp());
}
