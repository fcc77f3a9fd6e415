import type { Cluster, Hop } from '../engine';
import { podsLabelled } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const CP = 'control-plane-1';
const API = `kube-apiserver@${CP}`;
const KCM = `kube-controller-manager@${CP}`;
const PODS = '/api/v1/namespaces/default/pods';

/** A quota of 3 pods in default: the fourth replica's create is refused at admission. */
export const QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: pods
spec:
  hard:
    pods: "3"
`;

const web = (c: Cluster) => podsLabelled(c, 'default', 'app=web');
const live = (c: Cluster) => web(c).filter((p) => !p.terminating);

/** The ReplicaSet controller's creates the quota refused (the apiserver's 403 answers). */
export function refusedCreates(c: Cluster): Hop[] {
  return c
    .hops()
    .filter((h) => h.from === API && h.to === KCM && h.verb === '403' && h.resource === PODS);
}

/** Whether each wait between refused creates is about double the one before (5 ms, 10 ms…). */
export function backoffDoubles(c: Cluster): boolean {
  const at = refusedCreates(c).map((h) => h.sentAt);
  const gaps = at.slice(1).map((t, i) => t - at[i]);
  // the first few gaps are a few ms, blurred by the sync's own requests; look at the later ones
  const late = gaps.slice(3);
  return (
    late.length >= 3 &&
    late.every((g, i) => i === 0 || (g > 1.6 * late[i - 1] && g < 2.4 * late[i - 1]))
  );
}

const TEAM = 'team-a';

/** Whether kube-controller-manager deleted team-a's objects of a resource (collection or one by one). */
export function namespaceControllerDeleted(c: Cluster, resource: string): boolean {
  const path = `/api/v1/namespaces/${TEAM}/${resource}`;
  return c
    .hops()
    .some(
      (h) => h.from === KCM && h.verb === 'DELETE' && h.resource.split('?')[0].startsWith(path),
    );
}

/** The pod the story deletes (the first by name) and its replacement. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  const pods = web(c);
  if (!vars.victim) {
    const first = pods
      .filter((p) => !p.terminating)
      .map((p) => p.name)
      .sort()[0];
    if (first) {
      out.victim = first;
      out.originals = pods.map((p) => p.name).join(',');
      out.replicaSet = first.slice(0, first.lastIndexOf('-'));
    }
  }
  const originals = (vars.originals ?? out.originals ?? '').split(',');
  if (!vars.replacement && (vars.victim ?? out.victim)) {
    const fresh = pods.find((p) => !originals.includes(p.name));
    if (fresh) out.replacement = fresh.name;
  }
  return out;
}

/** "The controller pattern": informers, the shared cache, the work queue, reconcile, write back. */
export const controllerPattern: Scenario = {
  id: 'controller-pattern',
  title: 'The controller pattern',
  summary:
    'Informers list and watch into a shared cache, a rate-limited work queue feeds reconcile, and the ReplicaSet controller closes the gap after a pod is deleted.',
  duration: '8 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 1, workers: 3 },
  setup: {
    actions: [
      {
        kubectl: 'create deployment web --image=nginx:1.27 --replicas=3',
        shown: 'kubectl create deployment web --image=nginx:1.27 --replicas=3',
      },
    ],
    until: {
      description: '3 pods of app=web Running',
      test: (c) => web(c).filter((p) => p.phase === 'Running').length === 3,
    },
  },
  invitation: 'Look inside a controller',
  intro:
    'A Deployment runs 3 replicas of web. The walkthrough restarts kube-controller-manager to watch its informers fill their cache, deletes a pod to follow one reconcile, makes the controller fail and retry, and ends with two more controllers at work on a namespace.',
  startLabel: 'Restart kube-controller-manager',
  done: 'web runs 4 replicas, created once the quota was lifted, and team-a is gone',
  learn,
  steps: [
    {
      id: 'list',
      title: 'Informers start with a LIST',
      narration:
        'A restarted kube-controller-manager first takes its leader Lease, then starts one shared informer per resource, used by all its controllers. Each informer LISTs its resource (resourceVersion=0, so the API server answers from its watch cache) and fills an in-memory cache indexed by namespace and name.',
      highlight: [KCM, API],
      docs: {
        title: 'Controllers',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/',
      },
      actions: [
        { fault: { op: 'kill', component: KCM } },
        { fault: { op: 'restart', component: KCM } },
      ],
      fastForward: 60_000,
      until: { from: API, to: KCM, verb: '200', resource: '/apis/apps/v1/replicasets' },
    },
    {
      id: 'watch',
      title: '…then a WATCH from the list’s resourceVersion',
      narration:
        'Right after the list, the informer opens a watch starting at the list’s resourceVersion, so it misses no change in between. From then on the API server streams every ADDED, MODIFIED and DELETED event and the cache stays current without polling; a watch that ends is simply reopened.',
      highlight: [KCM, API],
      docs: {
        title: 'API concepts: efficient detection of changes',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes',
      },
      until: { from: KCM, to: API, verb: 'GET', resource: '/apis/apps/v1/replicasets' },
    },
    {
      id: 'delete',
      title: 'A pod is deleted: a watch event arrives',
      narration:
        'kubectl deletes {victim} (and waits until the pod is gone); the API server first marks it with a deletionTimestamp, and the pod informer receives that change on its watch. The ReplicaSet controller’s event handler counts a pod being deleted as gone already.',
      highlight: ['kubectl', API, KCM],
      docs: {
        title: 'ReplicaSet: how a ReplicaSet works',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
      },
      actions: [{ kubectl: 'delete pod {victim}', shown: 'kubectl delete pod {victim}' }],
      until: { from: API, to: KCM, verb: 'MODIFIED', resource: 'pods/default/{victim}' },
      question: {
        prompt: 'How does the ReplicaSet controller find out that {victim} is being deleted?',
        choices: [
          'It polls the API server every few seconds',
          'A watch event streamed by the API server',
          'The kubelet tells it',
          'It reads etcd directly',
        ],
        answer: 1,
        explanation:
          'Controllers never poll or read etcd: their informers hold a watch open on the API server, which pushes each change as it is stored.',
      },
    },
    {
      id: 'reconcile',
      title: 'Work queue, then reconcile',
      narration:
        'The handler only puts a key, default/{replicaSet}, on the controller’s work queue; a key already waiting is not added twice, and no two workers sync the same key at once. A worker takes it and reconciles: it reads the ReplicaSet and its pods from the informer cache, finds 2 of 3 and creates one pod to close the gap.',
      highlight: [KCM, API],
      docs: {
        title: 'Controllers: desired versus current state',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/#desired-vs-current',
      },
      until: { from: KCM, to: API, verb: 'POST', resource: PODS },
      question: {
        prompt:
          'How many requests does the controller send to count web’s pods before it creates one?',
        choices: ['None', 'One LIST of pods', 'One GET per pod', 'One read from etcd'],
        answer: (c) =>
          c.hops().some((h) => h.from === KCM && h.verb === 'GET' && h.resource.startsWith(PODS))
            ? 'One GET per pod'
            : 'None',
        explanation:
          'Reconcile reads the shared informer cache, which the watch keeps current, so its only request is the write that changes something.',
      },
    },
    {
      id: 'write-back',
      title: 'Write back: the ReplicaSet’s status',
      narration:
        'Having acted, the controller writes what it observed to the ReplicaSet’s status subresource (replicas, readyReplicas, availableReplicas). The Deployment controller watches ReplicaSets and updates the Deployment’s status in turn: controllers talk to each other only through objects in the API.',
      highlight: [KCM, API],
      docs: {
        title: 'Kubernetes objects: object spec and status',
        url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/#object-spec-and-status',
      },
      until: {
        from: KCM,
        to: API,
        verb: 'PUT',
        resource: '/apis/apps/v1/namespaces/default/replicasets/*/status',
      },
    },
    {
      id: 'converged',
      title: 'Desired state reached',
      narration:
        'The scheduler binds the new pod {replacement} and a kubelet starts it: 3 of 3 again. No component ordered the others around; each closed its own gap between spec and status.',
      highlight: ['kube-scheduler@*', 'kubelet@worker-*', API],
      docs: {
        title: 'Controllers: controller pattern',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern',
      },
      fastForward: 60_000,
      when: {
        description: '3 web pods Running',
        test: (c) => live(c).filter((p) => p.phase === 'Running').length === 3,
      },
    },
    {
      id: 'refused',
      title: 'When reconcile fails',
      narration:
        'A ResourceQuota now allows 3 pods in default, and web is scaled to 4. The Deployment controller raises the ReplicaSet to 4, but the API server’s ResourceQuota admission refuses the fourth pod: 403, “exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3”.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Resource quotas',
        url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
      },
      actions: [
        { kubectl: 'apply -f -', stdin: QUOTA, shown: 'kubectl apply -f quota.yaml' },
        {
          kubectl: 'scale deployment web --replicas=4',
          shown: 'kubectl scale deployment web --replicas=4',
        },
      ],
      until: { from: API, to: KCM, verb: '403', resource: PODS },
    },
    // client-go util/workqueue/default_rate_limiters.go: DefaultControllerRateLimiter is the
    // larger of a per-item exponential limiter (5 ms doubling to 1000 s) and a 10 qps, burst 100 bucket
    {
      id: 'backoff',
      title: 'Rate-limited retries',
      narration:
        'A failed sync puts the key back with AddRateLimited: client-go’s default controller rate limiter waits 5 ms after the first failure and doubles the wait for each further one (up to 1000 s), and an overall 10 per second bucket caps the whole queue. A broken object thus costs less and less, while others keep being served.',
      highlight: [KCM, API],
      docs: {
        title: 'Controllers: design',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/#design',
      },
      fastForward: 60_000,
      when: {
        description: '12 creates refused',
        test: (c) => refusedCreates(c).length >= 12,
        progress: (c) => `${refusedCreates(c).length} of 12 creates refused`,
      },
      question: {
        prompt: 'The create was refused. When does the ReplicaSet controller try again?',
        choices: [
          'Never, until the ReplicaSet changes',
          'At once, in a tight loop',
          'After a wait that doubles each time',
          'Every 30 seconds',
        ],
        answer: (c) => (backoffDoubles(c) ? 2 : -1),
        explanation:
          'The work queue’s per-item exponential backoff (5 ms, 10 ms, 20 ms…) spaces out the retries of a key that keeps failing.',
      },
    },
    {
      id: 'events',
      title: 'kubectl get events',
      narration:
        'Each refused create leaves a FailedCreate event on the ReplicaSet, with the API server’s message: the first place to look when a ReplicaSet has fewer pods than it wants.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Resource quotas',
        url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
      },
      kubectl: {
        command: 'get events --field-selector reason=FailedCreate',
        shown: 'kubectl get events --field-selector reason=FailedCreate',
      },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/events' },
    },
    {
      id: 'lift',
      title: 'The quota goes; the next retry succeeds',
      narration:
        'Deleting the quota changes nothing the ReplicaSet controller watches, so nothing wakes it. Its next rate-limited retry, now seconds apart, creates the pod, and the queue forgets the key’s failures.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Controllers',
        url: 'https://kubernetes.io/docs/concepts/architecture/controller/',
      },
      kubectl: { command: 'delete resourcequota pods', shown: 'kubectl delete resourcequota pods' },
      fastForward: 120_000,
      when: {
        description: '4 web pods Running',
        test: (c) => live(c).filter((p) => p.phase === 'Running').length === 4,
      },
    },
    // pkg/controller/serviceaccount/serviceaccounts_controller.go: a `default` ServiceAccount
    // in every active namespace
    {
      id: 'namespace',
      title: 'Same loop, other objects: a namespace gets its ServiceAccount',
      narration:
        'Every controller in kube-controller-manager runs this same loop on its own objects. The ServiceAccount controller watches Namespaces: in the new team-a it finds no ServiceAccount named default and creates one, the identity pods there run as unless they name another.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Service accounts: default service accounts',
        url: 'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      },
      actions: [
        { kubectl: 'create namespace team-a', shown: 'kubectl create namespace team-a' },
        {
          kubectl: 'create configmap settings -n team-a --from-literal=level=debug',
          shown: 'kubectl create configmap settings -n team-a --from-literal=level=debug',
        },
      ],
      when: {
        description: 'the default ServiceAccount in team-a',
        test: (c) => c.get('serviceaccounts', 'default', TEAM) !== undefined,
      },
    },
    // pkg/controller/namespace/deletion/namespaced_resources_deleter.go: delete every namespaced
    // collection, then remove the `kubernetes` finalizer through namespaces/<name>/finalize
    {
      id: 'namespace-delete',
      title: 'Deleting a namespace: the namespace controller empties it',
      narration:
        'kubectl delete namespace only marks team-a Terminating; its spec.finalizers still lists kubernetes. The namespace controller deletes everything inside, collection by collection (the ServiceAccount, the ConfigMap), then removes that finalizer, and only then does the API server drop the Namespace.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Namespaces',
        url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
      },
      actions: [{ kubectl: 'delete namespace team-a', shown: 'kubectl delete namespace team-a' }],
      fastForward: 60_000,
      when: {
        description: 'team-a gone',
        test: (c) => c.get('namespaces', TEAM, '') === undefined,
      },
      question: {
        prompt: 'team-a is deleted. Who deletes the ConfigMap settings inside it?',
        choices: [
          'The API server, together with the namespace',
          'The namespace controller in kube-controller-manager',
          'The garbage collector, following ownerReferences',
        ],
        answer: (c) => (namespaceControllerDeleted(c, 'configmaps') ? 1 : -1),
        explanation:
          'The API server only marks the namespace Terminating; the namespace controller lists and deletes each kind of object in it, and the ConfigMap has no owner for the garbage collector to follow.',
      },
    },
  ],
};
