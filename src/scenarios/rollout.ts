import type { Cluster } from '../engine';
import { msSince, podsLabelled, secondsOf } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const KCM = 'kube-controller-manager@*';
const SCHEDULER = 'kube-scheduler@*';
const REPLICAS = 4;
const STABLE = 'nginx:1.27';
const NEXT = 'nginx:1.28';
// a typo in the repository name: no registry has it, so every pull fails
const BROKEN = 'ngnix:1.28';
// k8s.io/api apps/v1 types.go: progressDeadlineSeconds defaults to 600
const PROGRESS_DEADLINE_MS = 600_000;
const RS_PATH = '/apis/apps/v1/namespaces/default/replicasets';

/** The Deployment the story applies, with one image or another. */
export function webDeployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
`;
}

interface StoredReplicaSet {
  metadata: {
    name: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

interface StoredDeployment {
  spec: {
    replicas?: number;
    strategy?: { rollingUpdate?: { maxSurge?: string | number } };
  };
  status?: {
    conditions?: { type: string; status: string; reason?: string; lastUpdateTime?: string }[];
  };
}

/** What the story reads of one of web's ReplicaSets. */
export interface ReplicaSetFacts {
  name: string;
  image: string;
  revision: string | undefined;
  desired: number;
  available: number;
}

/** web's ReplicaSets, as the Deployment controller keeps them. */
export function webReplicaSets(c: Cluster): ReplicaSetFacts[] {
  return (c.list('replicasets', 'default') as unknown as StoredReplicaSet[])
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment'))
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.name === 'web'))
    .map((rs) => ({
      name: rs.metadata.name,
      image: rs.spec.template.spec.containers[0]?.image ?? '',
      revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
      desired: rs.spec.replicas ?? 0,
      available: rs.status?.availableReplicas ?? 0,
    }));
}

const byImage = (c: Cluster, image: string) => webReplicaSets(c).find((rs) => rs.image === image);

/** web's Progressing condition (the progress deadline shows there). */
function progressing(c: Cluster) {
  const d = c.get('deployments', 'web') as unknown as StoredDeployment | undefined;
  return d?.status?.conditions?.find((x) => x.type === 'Progressing');
}

/** The most pods a rolling update of web may run at once: replicas plus maxSurge. */
export function surgeCeiling(c: Cluster): number {
  const d = c.get('deployments', 'web') as unknown as StoredDeployment | undefined;
  const replicas = d?.spec.replicas ?? 1;
  const surge = d?.spec.strategy?.rollingUpdate?.maxSurge ?? '25%';
  // pkg/controller/deployment/util: maxSurge is a percentage of replicas rounded up
  const extra =
    typeof surge === 'number' ? surge : Math.ceil((replicas * parseInt(surge, 10)) / 100);
  return replicas + extra;
}

/** A pod of web's image waiting on an image pull (ErrImagePull or ImagePullBackOff). */
function pullFailing(c: Cluster, image: string): boolean {
  const rs = byImage(c, image);
  if (!rs) return false;
  return (
    c.list('pods', 'default') as unknown as {
      metadata: { name: string };
      status?: { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
    }[]
  ).some(
    (p) =>
      p.metadata.name.startsWith(`${rs.name}-`) &&
      p.status?.containerStatuses?.some((s) =>
        ['ErrImagePull', 'ImagePullBackOff'].includes(s.state?.waiting?.reason ?? ''),
      ),
  );
}

/** The ReplicaSets' names, by the image each runs, once they exist. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  for (const [key, image] of [
    ['stableRS', STABLE],
    ['nextRS', NEXT],
    ['brokenRS', BROKEN],
  ] as const) {
    const rs = vars[key] ? undefined : byImage(c, image);
    if (rs) out[key] = rs.name;
  }
  return out;
}

const running = (c: Cluster, rsName: string | undefined) =>
  podsLabelled(c, 'default', 'app=web').filter(
    (p) => rsName && p.name.startsWith(`${rsName}-`) && p.phase === 'Running' && !p.terminating,
  ).length;

/** "A Deployment rolls out and rolls back": ReplicaSets stepping, a stall, a rollback. */
export const rollout: Scenario = {
  id: 'rollout',
  title: 'A Deployment rolls out and rolls back',
  summary:
    'Deployment → ReplicaSet → Pods; a new image rolls out within maxSurge and maxUnavailable, a bad one stalls, and the old ReplicaSet comes back.',
  duration: '7 min',
  group: 'workloads',
  cluster: { workers: 3 },
  invitation: 'Roll out a new version, break it, roll it back',
  intro:
    'The walkthrough applies a Deployment of 4 nginx replicas, changes its image twice (the second time with a typo) and rolls back, following the ReplicaSets the Deployment controller scales.',
  startLabel: 'Apply the Deployment',
  done: 'web runs nginx:1.28 again, from its old ReplicaSet',
  manifest: webDeployment(STABLE),
  learn,
  steps: [
    {
      id: 'deployment',
      title: 'The Deployment controller creates a ReplicaSet',
      narration:
        'The API server stores the Deployment; it runs nothing itself. The Deployment controller in kube-controller-manager sees it through its watch and creates a ReplicaSet from its pod template, named after the template’s hash.',
      highlight: ['kubectl', API, KCM],
      docs: {
        title: 'Deployments',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
      },
      kubectl: {
        command: 'apply -f -',
        stdin: webDeployment(STABLE),
        shown: 'kubectl apply -f web.yaml',
      },
      when: {
        description: 'a ReplicaSet of web running nginx:1.27',
        test: (c) => byImage(c, STABLE) !== undefined,
      },
    },
    {
      id: 'pods',
      title: 'The ReplicaSet controller creates 4 pods',
      narration:
        'The ReplicaSet controller sees 0 of 4 pods matching the ReplicaSet and creates 4, each owned by {stableRS}. The scheduler places them and the kubelets start them; each becomes available once Ready.',
      highlight: [KCM, SCHEDULER, 'kubelet@worker-*'],
      docs: {
        title: 'ReplicaSet: how a ReplicaSet works',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
      },
      when: {
        description: '{stableRS} 4 of 4 available',
        test: (c) => byImage(c, STABLE)?.available === REPLICAS,
      },
    },
    {
      id: 'get-rs',
      title: 'kubectl get rs',
      narration:
        'The chain is Deployment → ReplicaSet → Pods, each level owned by the one above through ownerReferences. The ReplicaSet’s name ends in its pod-template-hash, a label its pods carry too, so two templates never share pods.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Deployments: pod-template-hash label',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label',
      },
      kubectl: { command: 'get rs', shown: 'kubectl get rs' },
      until: { to: 'kubectl', verb: '200', resource: RS_PATH },
    },
    {
      id: 'update',
      title: 'A new image starts a rolling update',
      narration:
        'kubectl set image reads web and sends a strategic merge patch with the new image for the nginx container. Changing the pod template makes the controller create a second ReplicaSet. With the defaults maxSurge 25% (1 pod, rounded up) and maxUnavailable 25% (1 pod, rounded down), it may run 5 pods and must keep 3 available: it scales the old ReplicaSet to 3 and the new one to 2.',
      highlight: ['kubectl', API, KCM],
      docs: {
        title: 'Deployments: updating a Deployment',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment',
      },
      kubectl: {
        command: `set image deployment/web nginx=${NEXT}`,
        shown: `kubectl set image deployment/web nginx=${NEXT}`,
      },
      when: {
        description: 'the nginx:1.27 ReplicaSet scaled to 3, the nginx:1.28 one to 2',
        test: (c) => byImage(c, STABLE)?.desired === 3 && byImage(c, NEXT)?.desired === 2,
      },
      question: {
        prompt:
          'web has 4 replicas and the default maxSurge of 25%. At most how many web pods may exist during the rollout?',
        choices: ['4', '5', '6', '8'],
        answer: (c) => String(surgeCeiling(c)),
        explanation:
          'maxSurge 25% of 4 is 1 pod (percentages round up for the surge), so the controller never runs more than 4 + 1 = 5.',
      },
    },
    {
      id: 'rolling',
      title: 'Step by step, the new ReplicaSet takes over',
      narration:
        'Each time a new pod becomes available, the controller may remove an old one and add a new one, never dropping below 3 available. kubectl rollout status watches web and prints a line for each change of its status until every replica is updated and available. The old ReplicaSet ends at 0 replicas but is kept: it is the revision a rollback returns to.',
      highlight: [KCM, API, 'kubelet@worker-*'],
      docs: {
        title: 'Deployments: rollover',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rollover-aka-multiple-updates-in-flight',
      },
      kubectl: {
        command: 'rollout status deployment/web',
        shown: 'kubectl rollout status deployment/web',
      },
      fastForward: 60_000,
      when: {
        description: '{nextRS} 4 of 4 available, {stableRS} at 0',
        test: (c) => byImage(c, NEXT)?.available === REPLICAS && byImage(c, STABLE)?.desired === 0,
      },
    },
    {
      id: 'bad-image',
      title: 'A typo in the image: the rollout stalls',
      narration:
        'The next change names ngnix:1.28, an image no registry has, so a third ReplicaSet starts 2 pods whose pulls fail: ErrImagePull, then ImagePullBackOff as the kubelet waits 10 s, 20 s, 40 s… between tries. They never become available, so the controller may not scale the old ReplicaSet below 3.',
      highlight: ['kubectl', KCM, 'kubelet@worker-*', 'containerd@worker-*'],
      docs: {
        title: 'Images: ImagePullBackOff',
        url: 'https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff',
      },
      kubectl: {
        command: `set image deployment/web nginx=${BROKEN}`,
        shown: `kubectl set image deployment/web nginx=${BROKEN}`,
      },
      fastForward: 60_000,
      when: {
        description: 'a pod of the ngnix:1.28 ReplicaSet failing to pull its image',
        test: (c) => pullFailing(c, BROKEN),
      },
      question: {
        prompt: 'The new pods cannot pull their image. How many nginx:1.28 pods keep serving?',
        choices: ['0', '2', '3', '4'],
        answer: (c, vars) => String(running(c, vars.nextRS)),
        explanation:
          'maxUnavailable 25% lets one of the 4 old pods go; the rest stay until new pods become available, which these never do.',
      },
    },
    {
      id: 'get-pods',
      title: 'kubectl get pods',
      narration:
        'Three nginx:1.28 pods are Running; the two of {brokenRS} are 0/1 with ErrImagePull (ImagePullBackOff while the kubelet waits to retry). The old pods keep serving, and nothing rolls back by itself.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Debug pods',
        url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/',
      },
      kubectl: { command: 'get pods', shown: 'kubectl get pods' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
    {
      id: 'deadline',
      title: 'The progress deadline passes',
      narration:
        'When a rollout makes no progress for progressDeadlineSeconds (600 s by default), the Deployment controller sets the Progressing condition to False with reason ProgressDeadlineExceeded. That is a signal for people and tools: kubectl rollout status, watching web all along, exits 1 with “deployment "web" exceeded its progress deadline”. The controller itself goes on trying.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Deployments: failed Deployment',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment',
      },
      kubectl: {
        command: 'rollout status deployment/web',
        shown: 'kubectl rollout status deployment/web',
      },
      fastForward: 700_000,
      when: {
        description: 'web Progressing=False (ProgressDeadlineExceeded)',
        test: (c) => progressing(c)?.reason === 'ProgressDeadlineExceeded',
        progress: (c, { now }) =>
          `${secondsOf(msSince(c, progressing(c)?.lastUpdateTime, now), PROGRESS_DEADLINE_MS)} without progress`,
      },
      question: {
        prompt: 'Ten minutes pass without progress. What does the Deployment controller do?',
        choices: [
          'Rolls back to the last good ReplicaSet',
          'Marks the Deployment ProgressDeadlineExceeded and keeps the pods as they are',
          'Deletes the failing pods',
          'Scales the old ReplicaSet to 0',
        ],
        answer: 1,
        explanation:
          'Kubernetes reports a stalled rollout in the Progressing condition but never rolls back on its own; that is left to you (kubectl rollout undo) or your tooling.',
      },
    },
    {
      id: 'describe',
      title: 'kubectl describe deployment web',
      narration:
        'The Conditions table shows Progressing False ProgressDeadlineExceeded; the events list every scale-up and scale-down the controller made, ReplicaSet by ReplicaSet.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Deployments: deployment status',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status',
      },
      kubectl: { command: 'describe deployment web', shown: 'kubectl describe deployment web' },
      // describe reads the Deployment, its events, then its ReplicaSets
      until: { to: 'kubectl', verb: '200', resource: RS_PATH },
    },
    {
      id: 'undo',
      title: 'Rolling back to nginx:1.28',
      narration:
        'kubectl rollout undo finds the revision before the current one, {nextRS}, and patches its pod template (without the pod-template-hash label) back into the Deployment. The template now matches {nextRS}, so the controller reuses that ReplicaSet instead of creating one. It scales {nextRS} back to 4, {brokenRS} to 0, and gives {nextRS} the next revision number.',
      highlight: ['kubectl', KCM, API],
      docs: {
        title: 'Deployments: rolling back a Deployment',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment',
      },
      kubectl: {
        command: 'rollout undo deployment/web',
        shown: 'kubectl rollout undo deployment/web',
      },
      fastForward: 60_000,
      when: {
        description: '{nextRS} 4 of 4 available, {brokenRS} at 0',
        test: (c) => byImage(c, NEXT)?.available === REPLICAS && byImage(c, BROKEN)?.desired === 0,
      },
      question: {
        prompt: 'Which ReplicaSet runs web’s pods after the rollback?',
        choices: ['{stableRS}', '{nextRS}', '{brokenRS}', 'A new ReplicaSet'],
        answer: (c) =>
          webReplicaSets(c).find((rs) => rs.desired === REPLICAS)?.name ?? 'A new ReplicaSet',
        explanation:
          'The template is the same as {nextRS}’s, so its pod-template-hash is too: the controller scales up the ReplicaSet it kept rather than making a new one.',
      },
    },
    {
      id: 'history',
      title: 'kubectl rollout history: three revisions kept',
      narration:
        'All three ReplicaSets remain, two at 0 replicas: up to revisionHistoryLimit (10) old ones are kept, and kubectl rollout history lists their deployment.kubernetes.io/revision annotations. Revision 2 is gone from the list because {nextRS} now carries revision 4, so undoing again would return to ngnix:1.28 (revision 3).',
      highlight: ['kubectl', API],
      docs: {
        title: 'Deployments: clean up policy',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#clean-up-policy',
      },
      kubectl: {
        command: 'rollout history deployment/web',
        shown: 'kubectl rollout history deployment/web',
      },
      until: { to: 'kubectl', verb: '200', resource: RS_PATH },
    },
  ],
};
