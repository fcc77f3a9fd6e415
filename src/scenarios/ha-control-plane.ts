import type { Cluster } from '../engine';
import { msSince, secondsOf } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const LB = 'load-balancer';
// The apiserver the story stops: the first control-plane node's.
const DOOMED_API = 'kube-apiserver@control-plane-1';
// component-base leaderelection defaults: leaseDuration 15s, renewDeadline 10s, retryPeriod 2s
const LEASE_DURATION_MS = 15_000;

interface StoredLease {
  spec?: { holderIdentity?: string; renewTime?: string; leaseTransitions?: number };
}

/** A leader-election Lease in kube-system (kube-scheduler, kube-controller-manager). */
const lease = (c: Cluster, name: string) =>
  (c.get('leases', name, 'kube-system') as unknown as StoredLease | undefined)?.spec;

/** The node whose instance holds a Lease: holderIdentity is `<hostname>_<uuid>`. */
export function leaseHolderNode(c: Cluster, name: string): string | undefined {
  return lease(c, name)?.holderIdentity?.split('_')[0];
}

const component = (c: Cluster, id: string) => c.components().find((p) => p.id === id);

/** The scheduler instance that placed a pod of the default namespace. */
const placedBy = (c: Cluster, name: string) =>
  c.schedulingDecisions('default', name).find((a) => a.result === 'Scheduled')?.scheduler;

/** Which instances lead, before and after the story kills one. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  const holder = leaseHolderNode(c, 'kube-scheduler');
  if (!vars.leader && holder) out.leader = holder;
  if (!vars.kcmLeader) out.kcmLeader = leaseHolderNode(c, 'kube-controller-manager');
  const leader = vars.leader ?? out.leader;
  if (!vars.newLeader && holder && leader && holder !== leader) out.newLeader = holder;
  return out;
}

/** "An HA control plane": a load balancer, three of everything, and leader election. */
export const haControlPlane: Scenario = {
  id: 'ha-control-plane',
  title: 'An HA control plane',
  summary:
    'Three control-plane nodes behind a load balancer: one active scheduler and controller manager by Lease, the Lease moving when the leader dies, and no outage when an API server does.',
  duration: '7 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 3, workers: 2 },
  invitation: 'Three control-plane nodes: which one is in charge?',
  intro:
    'A kubeadm-style HA cluster (kubeadm init on the first control-plane node, kubeadm join --control-plane on the other two): three control-plane nodes, each running etcd, kube-apiserver, kube-controller-manager and kube-scheduler, behind a load balancer, and two workers. The tour finds the active instances and kills them.',
  startLabel: 'Send a request through the load balancer',
  done: 'the control plane survived losing its scheduler leader and an API server',
  learn,
  steps: [
    // kubeadm: controller-manager.conf and scheduler.conf name the local API server, and so does
    // kubelet.conf on control-plane nodes (feature gate ControlPlaneKubeletLocalMode, KEP-4471)
    {
      id: 'load-balancer',
      title: 'kubectl talks to the load balancer',
      narration:
        'kubeadm’s controlPlaneEndpoint is the load balancer’s address, so kubectl and the workers’ kubelets connect through it, while each control-plane node’s kubelet, scheduler and controller manager use the API server on their own node. The load balancer spreads connections over the three API servers and health-checks each one’s /healthz every 2 s. The API servers keep no state of their own: any of them can answer any request from etcd.',
      highlight: ['kubectl', LB, API],
      docs: {
        title: 'Creating highly available clusters with kubeadm',
        url: 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/',
      },
      kubectl: { command: 'get nodes', shown: 'kubectl get nodes' },
      until: { from: LB, to: 'kubectl', verb: '200', resource: '/api/v1/nodes' },
    },
    {
      id: 'etcd',
      title: 'Three etcd members, stacked',
      narration:
        'In the stacked topology each control-plane node runs an etcd member next to its API server, and the three form one Raft cluster. A write commits once 2 of 3 members have it, so the cluster survives losing any one node. etcd holds the cluster’s objects, never the applications’ own data, which lives in their volumes.',
      highlight: ['etcd@*', API],
      docs: {
        title: 'Options for highly available topology: stacked etcd',
        url: 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/#stacked-etcd-topology',
      },
      kubectl: {
        command: 'get pods -n kube-system -l component=etcd -o wide',
        shown: 'kubectl get pods -n kube-system -l component=etcd -o wide',
      },
      until: {
        from: LB,
        to: 'kubectl',
        verb: '200',
        resource: '/api/v1/namespaces/kube-system/pods',
      },
    },
    {
      id: 'leases',
      title: 'One active scheduler, one active controller manager',
      narration:
        'Three schedulers placing pods at once would race each other, so each instance runs leader election on a Lease in kube-system and only the holder works. Now the scheduler on {leader} and the controller manager on {kcmLeader} lead; the others retry every 2 s (retryPeriod).',
      highlight: ['kube-scheduler@*', 'kube-controller-manager@*', API],
      docs: {
        title: 'Leases: leader election',
        url: 'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
      },
      kubectl: { command: 'get leases -n kube-system', shown: 'kubectl get leases -n kube-system' },
      until: {
        from: LB,
        to: 'kubectl',
        verb: '200',
        resource: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases',
      },
      question: {
        prompt: 'Three kube-scheduler instances are running. How many of them are placing pods?',
        choices: ['One', 'Two', 'All three, sharing the pods'],
        answer: (c) => c.schedulers.filter((s) => s.isLeader).length - 1,
        explanation:
          'Only the holder of the kube-scheduler Lease schedules; the other two are hot standbys waiting for the Lease to expire.',
      },
    },
    {
      id: 'lease',
      title: 'Inside the Lease',
      narration:
        'holderIdentity names the leader (its hostname and a unique id) and renewTime moves every 2 s while it renews. If the leader cannot renew within renewDeadline (10 s) it steps down; a standby takes over only once renewTime is older than leaseDurationSeconds (15 s).',
      highlight: ['kube-scheduler@{leader}', API],
      docs: {
        title: 'kube-scheduler: --leader-elect-lease-duration',
        url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/',
      },
      kubectl: {
        command: 'get lease kube-scheduler -n kube-system -o yaml',
        shown: 'kubectl get lease kube-scheduler -n kube-system -o yaml',
      },
      until: {
        from: LB,
        to: 'kubectl',
        verb: '200',
        resource: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler',
      },
    },
    {
      id: 'kill-leader',
      title: 'The active scheduler dies',
      narration:
        'The scheduler on {leader} stops and nothing releases its Lease. The standbys keep reading it every 2 s; once its renewTime is 15 s old, the first to try writes itself in as holder.',
      highlight: ['kube-scheduler@*', API],
      docs: {
        title: 'Leases: leader election',
        url: 'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
      },
      actions: [{ fault: { op: 'kill', component: 'kube-scheduler@{leader}' } }],
      fastForward: 60_000,
      when: {
        description: 'the kube-scheduler Lease held by another instance',
        test: (c, { vars }) => {
          const holder = leaseHolderNode(c, 'kube-scheduler');
          return holder !== undefined && holder !== vars.leader;
        },
        progress: (c, { now }) =>
          `${secondsOf(msSince(c, lease(c, 'kube-scheduler')?.renewTime, now), LEASE_DURATION_MS)} since the last renewal`,
      },
      question: {
        prompt: 'How long after the leader dies does another scheduler take over?',
        choices: ['At once', 'About 15 s', 'About 50 s', 'Never, until it restarts'],
        answer: 1,
        explanation:
          'A standby may take the Lease only when renewTime is leaseDurationSeconds (15 s) old, counted from the last renewal the dead leader made.',
      },
    },
    {
      id: 'new-leader',
      title: 'The new leader schedules',
      narration:
        'The scheduler on {newLeader} now holds the Lease (leaseTransitions went up by one) and schedules new pods; its informers were already warm, so it starts at once.',
      highlight: ['kube-scheduler@{newLeader}', API, 'kubelet@worker-*'],
      docs: {
        title: 'kube-scheduler',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
      },
      kubectl: {
        command: 'run after --image=nginx:1.27',
        shown: 'kubectl run after --image=nginx:1.27',
      },
      fastForward: 30_000,
      when: {
        description: 'the pod after scheduled',
        test: (c) => placedBy(c, 'after') !== undefined,
      },
    },
    {
      id: 'kill-apiserver',
      title: 'An API server dies',
      narration:
        'The load balancer still has kube-apiserver on control-plane-1 in rotation for a few seconds, but a connection to it is refused and the load balancer retries it on another backend. kubectl sees no error.',
      highlight: [DOOMED_API, LB, 'kubectl'],
      docs: {
        title: 'Creating highly available clusters: load balancer',
        url: 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/#create-load-balancer-for-kube-apiserver',
      },
      actions: [
        { fault: { op: 'kill', component: DOOMED_API } },
        { kubectl: 'get nodes', shown: 'kubectl get nodes' },
      ],
      until: { from: LB, to: 'kubectl', verb: '200', resource: '/api/v1/nodes' },
      question: {
        prompt: 'One of the three API servers just died. What does kubectl get nodes print?',
        choices: [
          'The node list, as before',
          'The connection to the server was refused',
          'An error from the server',
        ],
        answer: (c) => {
          const out = c.sim.hops.all().findLast((h) => h.to === 'kubectl');
          return out?.verb === '200' ? 0 : -1;
        },
        explanation:
          'The client only knows the load balancer, which sends the request to an API server that is up; the other two serve the same etcd data.',
      },
    },
    // kubeadm writes scheduler.conf and controller-manager.conf with the local API endpoint
    {
      id: 'out-of-rotation',
      title: 'Taken out of rotation',
      narration:
        'After 3 failed health checks (about 6 s) the load balancer stops sending anything to control-plane-1’s API server. The kubelet, scheduler and controller manager on control-plane-1 talk to their own node’s API server, as kubeadm configures them, so they are cut off until it returns; a leader among them keeps its Lease only if it renews within renewDeadline (10 s).',
      highlight: [LB, DOOMED_API],
      docs: {
        title: 'Kubernetes API health endpoints',
        url: 'https://kubernetes.io/docs/reference/using-api/health-checks/',
      },
      fastForward: 30_000,
      when: {
        description: 'control-plane-1’s API server out of the load balancer’s rotation',
        test: (c) => !!c.loadBalancer && !c.loadBalancer.inRotation().includes(DOOMED_API),
      },
    },
    {
      id: 'restore',
      title: 'Both come back',
      narration:
        'After 2 good health checks the API server is back in rotation. The restarted scheduler on {leader} finds the Lease held and renewed, so it stays a standby: leadership does not move back.',
      highlight: [DOOMED_API, 'kube-scheduler@{leader}', LB],
      docs: {
        title: 'Leases: leader election',
        url: 'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
      },
      actions: [
        { fault: { op: 'restart', component: DOOMED_API } },
        { fault: { op: 'restart', component: 'kube-scheduler@{leader}' } },
      ],
      fastForward: 60_000,
      when: {
        description: 'the API server back in rotation and the old scheduler running',
        test: (c, { vars }) =>
          !!c.loadBalancer?.inRotation().includes(DOOMED_API) &&
          !!component(c, `kube-scheduler@${vars.leader}`)?.isUp(),
      },
      question: {
        prompt: 'The scheduler on {leader} restarts. Who holds the kube-scheduler Lease now?',
        choices: [
          '{leader}, the original leader',
          '{newLeader}, still',
          'Nobody, until a new election',
        ],
        answer: (c, vars) => (leaseHolderNode(c, 'kube-scheduler') === vars.newLeader ? 1 : 0),
        explanation:
          'The Lease is held by whoever renews it; a restarted instance only becomes leader if the holder stops renewing for 15 s.',
      },
    },
  ],
};
