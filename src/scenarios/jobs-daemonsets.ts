import type { Cluster } from '../engine';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const KCM = 'kube-controller-manager@*';
const SCHEDULER = 'kube-scheduler@*';
// k8s.io/api batch/v1 types.go: backoffLimit defaults to 6; the story sets 2 to keep it short
const BACKOFF_LIMIT = 2;

/** A Job of 3 short tasks, 2 at a time. */
export const HELLO_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: task
        image: busybox:1.36
        command: ["sh", "-c", "sleep 5"]
`;

/** A Job whose task always fails. */
export const FLAKY_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: ${BACKOFF_LIMIT}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: task
        image: busybox:1.36
        command: ["sh", "-c", "sleep 2; exit 1"]
`;

/** A DaemonSet: one agent pod per node. */
export const AGENT_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sh", "-c", "sleep 86400"]
`;

interface StoredPod {
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp?: string };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    containerStatuses?: { state?: { terminated?: { finishedAt?: string; exitCode?: number } } }[];
  };
}

interface StoredJob {
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

/** The pods of a Job (labelled job-name), oldest first. */
export function jobPods(c: Cluster, job: string): StoredPod[] {
  return (c.list('pods', 'default') as unknown as StoredPod[])
    .filter((p) => p.metadata.labels?.['job-name'] === job)
    .sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
    );
}

/** A Job's status and its condition of `type` (Complete, Failed), if set. */
export function jobStatus(c: Cluster, job: string) {
  const j = c.get('jobs', job) as unknown as StoredJob | undefined;
  return j?.status;
}

const jobCondition = (c: Cluster, job: string, type: string) =>
  jobStatus(c, job)?.conditions?.find((x) => x.type === type && x.status === 'True');

/** The node-agent pods, by the node each runs on. */
export function agentPods(c: Cluster): { name: string; node?: string; phase?: string }[] {
  return (c.list('pods', 'default') as unknown as StoredPod[])
    .filter((p) => p.metadata.labels?.app === 'node-agent')
    .map((p) => ({ name: p.metadata.name, node: p.spec?.nodeName, phase: p.status?.phase }));
}

/** The nodes without the control plane's NoSchedule taint (the ones a plain pod may use). */
export function workerNodes(c: Cluster): string[] {
  return (
    c.list('nodes') as unknown as {
      metadata: { name: string };
      spec?: { taints?: { key: string }[] };
    }[]
  )
    .filter((n) => !n.spec?.taints?.some((t) => t.key === 'node-role.kubernetes.io/control-plane'))
    .map((n) => n.metadata.name)
    .sort();
}

/** Seconds between the first failed pod's end and the next pod's creation (the Job backoff). */
export function firstRetryDelay(c: Cluster): number | undefined {
  const [first, second] = jobPods(c, 'flaky');
  const finished = first?.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt;
  const created = second?.metadata.creationTimestamp;
  if (!finished || !created) return undefined;
  return (Date.parse(created) - Date.parse(finished)) / 1000;
}

/** The workers at the start, and the one that joins. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const workers = workerNodes(c);
  if (!vars.workers)
    return {
      workers: workers.join(', '),
      workerCount: String(workers.length),
      nodeCount: String(c.list('nodes').length),
    };
  const out: StepVars = {};
  if (!vars.joined) {
    const joined = workers.find((w) => !vars.workers!.split(', ').includes(w));
    if (joined) out.joined = joined;
  }
  if (!vars.agent) {
    const agent = agentPods(c).find((p) => p.node === 'worker-1');
    if (agent) out.agent = agent.name;
  }
  return out;
}

/** A node-agent pod's container restarts, as the kubelet counts them. */
export function agentRestarts(c: Cluster, name: string | undefined): number | undefined {
  if (!name) return undefined;
  const pod = c.get('pods', name) as
    | {
        status?: { phase?: string; containerStatuses?: { restartCount: number; ready: boolean }[] };
      }
    | undefined;
  const s = pod?.status?.containerStatuses?.[0];
  return pod?.status?.phase === 'Running' && s?.ready ? s.restartCount : undefined;
}

const running = (pods: StoredPod[]) => pods.filter((p) => p.status?.phase === 'Running').length;

/** "Jobs and DaemonSets": run to completion with retries and backoff; one pod per node. */
export const jobsDaemonsets: Scenario = {
  id: 'jobs-daemonsets',
  title: 'Jobs and DaemonSets',
  summary:
    'A Job runs its pods to completion and retries a failing one with backoff until its limit; a DaemonSet puts one pod on every node, and on a node that joins, and a crashed daemon is restarted in place.',
  duration: '7 min',
  group: 'workloads',
  cluster: { workers: 2 },
  invitation: 'Run tasks to completion, then one pod per node',
  intro:
    'The walkthrough runs a Job of 3 tasks, then a Job whose task always fails, and finally a DaemonSet, adding a worker to the cluster while it runs and crashing one of its daemons.',
  startLabel: 'Create the Job',
  done: 'every worker, the new one too, runs one node-agent pod',
  manifest: HELLO_JOB,
  learn,
  steps: [
    {
      id: 'job',
      title: 'A Job creates pods up to its parallelism',
      narration:
        'A Job wants a number of pods to finish successfully (completions: 3), not to keep running. The Job controller in kube-controller-manager creates at most parallelism pods at a time, labelled job-name=hello, and the scheduler places them as any other pods.',
      highlight: ['kubectl', API, KCM, SCHEDULER],
      docs: {
        title: 'Jobs',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
      },
      kubectl: {
        command: 'apply -f -',
        stdin: HELLO_JOB,
        shown: 'kubectl apply -f hello-job.yaml',
      },
      when: {
        description: '2 pods of hello Running',
        test: (c) => running(jobPods(c, 'hello')) === 2,
      },
      question: {
        prompt: 'hello has completions: 3 and parallelism: 2. How many pods run at first?',
        choices: ['1', '2', '3', '6'],
        answer: (c) => String(running(jobPods(c, 'hello'))),
        explanation:
          'parallelism caps how many pods run at once; the third is created when one of the first two has succeeded.',
      },
    },
    {
      id: 'complete',
      title: 'Pods succeed, the Job completes',
      narration:
        'Each container exits 0, so its pod ends Succeeded (kubectl shows Completed) and is not restarted: restartPolicy is Never or OnFailure for Jobs. The controller counts 3 succeeded pods and sets the Job’s Complete condition.',
      highlight: [KCM, API, 'kubelet@worker-*'],
      docs: {
        title: 'Jobs: running an example Job',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#running-an-example-job',
      },
      fastForward: 60_000,
      when: {
        description: 'hello Complete',
        test: (c) => jobCondition(c, 'hello', 'Complete') !== undefined,
      },
    },
    {
      id: 'get-jobs',
      title: 'kubectl get jobs',
      narration:
        'COMPLETIONS reads 3/3. The finished pods stay, Completed, so their logs can be read, until the Job is deleted or a ttlSecondsAfterFinished cleans it up.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Jobs: clean up finished jobs automatically',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#clean-up-finished-jobs-automatically',
      },
      kubectl: { command: 'get jobs', shown: 'kubectl get jobs' },
      until: { to: 'kubectl', verb: '200', resource: '/apis/batch/v1/namespaces/default/jobs' },
    },
    {
      id: 'flaky',
      title: 'A task that fails',
      narration:
        'flaky’s container exits 1 after 2 s. With restartPolicy: Never the kubelet does not restart it: the pod ends Failed (kubectl shows Error), and the Job controller counts one failure.',
      highlight: ['kubectl', KCM, 'kubelet@worker-*'],
      docs: {
        title: 'Jobs: handling pod and container failures',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#handling-pod-and-container-failures',
      },
      kubectl: {
        command: 'apply -f -',
        stdin: FLAKY_JOB,
        shown: 'kubectl apply -f flaky-job.yaml',
      },
      fastForward: 60_000,
      when: {
        description: 'flaky: 1 failed',
        test: (c) => jobStatus(c, 'flaky')?.failed === 1,
      },
    },
    // pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff 10s, MaxJobPodFailureBackOff 10m
    {
      id: 'retry',
      title: 'A new pod, after a backoff',
      narration:
        'The Job controller replaces a failed pod with a new one, but waits first: 10 s after the first failure, doubling with each further one (20 s, 40 s…, at most 10 min). The delay keeps a broken task from hammering the cluster.',
      highlight: [KCM, API],
      docs: {
        title: 'Jobs: pod backoff failure policy',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy',
      },
      fastForward: 60_000,
      when: {
        description: 'a second flaky pod',
        test: (c) => jobPods(c, 'flaky').length === 2,
      },
      question: {
        prompt: 'The first flaky pod failed. When does the Job controller create the next one?',
        choices: ['At once', 'About 10 s later', 'After 5 minutes', 'Never: the Job has failed'],
        answer: (c) => {
          const delay = firstRetryDelay(c);
          if (delay === undefined) return 3;
          return delay < 2 ? 0 : delay < 60 ? 1 : 2;
        },
        explanation:
          'The Job pod failure backoff starts at 10 s and doubles with each failure; the Job fails only once the failures exceed backoffLimit.',
      },
    },
    {
      id: 'backoff-limit',
      title: 'The backoff limit is reached',
      narration:
        'flaky allows backoffLimit: 2 retries (the default is 6). At the third failure the controller gives up: condition Failed, reason BackoffLimitExceeded, “Job has reached the specified backoff limit”.',
      highlight: [KCM, API],
      docs: {
        title: 'Jobs: pod backoff failure policy',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy',
      },
      fastForward: 120_000,
      when: {
        description: 'flaky Failed (BackoffLimitExceeded)',
        test: (c) => jobCondition(c, 'flaky', 'Failed')?.reason === 'BackoffLimitExceeded',
      },
    },
    {
      id: 'get-pods',
      title: 'kubectl get pods -l job-name=flaky',
      narration:
        'Three pods, each Error with no restarts: a Job retries with new pods, not by restarting containers in place (that is what restartPolicy: OnFailure would do).',
      highlight: ['kubectl', API],
      docs: {
        title: 'Jobs: handling pod and container failures',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#handling-pod-and-container-failures',
      },
      kubectl: {
        command: 'get pods -l job-name=flaky',
        shown: 'kubectl get pods -l job-name=flaky',
      },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
    {
      id: 'daemonset',
      title: 'A DaemonSet: one pod per node',
      narration:
        'A DaemonSet has no replica count: the DaemonSet controller creates one pod for each eligible node, pinned to it by node affinity, and the scheduler binds it there. The control plane is left out because its node-role.kubernetes.io/control-plane:NoSchedule taint is not tolerated; kube-proxy, a DaemonSet too, tolerates everything.',
      highlight: ['kubectl', KCM, SCHEDULER, 'kubelet@worker-*'],
      docs: {
        title: 'DaemonSet',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      },
      kubectl: {
        command: 'apply -f -',
        stdin: AGENT_DAEMONSET,
        shown: 'kubectl apply -f node-agent.yaml',
      },
      fastForward: 60_000,
      when: {
        description: 'a node-agent pod Running on each of {workers}',
        test: (c) =>
          agentPods(c).filter((p) => p.phase === 'Running').length === workerNodes(c).length,
      },
      question: {
        prompt:
          'The cluster has {nodeCount} nodes: {workerCount} workers and the control plane. How many node-agent pods does the DaemonSet create?',
        choices: ['1', '{workerCount}', '{nodeCount}', 'None until a replica count is set'],
        answer: (c) => String(agentPods(c).length),
        explanation:
          'One per node the pod may run on: the workers, but not the control plane, whose NoSchedule taint node-agent does not tolerate.',
      },
    },
    {
      id: 'join',
      title: 'A new node joins: it gets its pod',
      narration:
        'A new machine runs kubeadm join: its kubelet registers the Node {joined}, the node IPAM controller gives it a pod CIDR and it turns Ready. The DaemonSet controller watches Nodes, sees one without a node-agent pod and creates it; kube-proxy’s DaemonSet does the same.',
      highlight: [KCM, API, 'kubelet@{joined}'],
      docs: {
        title: 'DaemonSet: how daemon pods are scheduled',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#how-daemon-pods-are-scheduled',
      },
      actions: [{ fault: { op: 'add-worker' } }],
      fastForward: 120_000,
      when: {
        description: 'a node-agent pod Running on the new worker',
        test: (c, { vars }) =>
          vars.joined !== undefined &&
          agentPods(c).some((p) => p.node === vars.joined && p.phase === 'Running'),
      },
    },
    // pkg/kubelet/kubelet.go: container restart back-off 10 s, doubling to MaxContainerBackOff 300 s
    {
      id: 'crash',
      title: 'A daemon crashes: the kubelet restarts it in place',
      narration:
        'The agent’s process in {agent} on worker-1 exits with code 1. Its restartPolicy is Always, the only one DaemonSets and Deployments allow, so the kubelet starts the container again in the same pod, on the same node and IP, and counts a restart; if it kept crashing, the kubelet would wait 10 s, 20 s… up to 5 min between tries (CrashLoopBackOff). A failing liveness probe ends the same way: the kubelet kills the container and starts it again.',
      highlight: ['kubelet@worker-1', 'containerd@worker-1'],
      docs: {
        title: 'Pod lifecycle: container restart policy',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
      },
      actions: [{ fault: { op: 'crash', pod: 'default/{agent}', container: 'agent' } }],
      fastForward: 60_000,
      when: {
        description: '{agent} running again after 1 restart',
        test: (c, { vars }) => (agentRestarts(c, vars.agent) ?? 0) >= 1,
      },
      question: {
        prompt: 'The agent’s container in {agent} exits with code 1. What happens?',
        choices: [
          'The kubelet restarts the container in the same pod',
          'The DaemonSet controller replaces the pod with a new one',
          'The pod stays Failed until someone deletes it',
        ],
        answer: (c, vars) => ((agentRestarts(c, vars.agent) ?? 0) >= 1 ? 0 : -1),
        explanation:
          'With restartPolicy Always a container is the kubelet’s to restart, on its node and without the control plane; only a pod that is gone is the controller’s to replace.',
      },
    },
    {
      id: 'get-agents',
      title: 'kubectl get pods -l app=node-agent -o wide',
      narration:
        'One node-agent pod on each worker, {joined} included; nobody had to scale anything. {agent} shows its restart but is still the same pod. Remove a node and its daemon pod goes with it.',
      highlight: ['kubectl', API],
      docs: {
        title: 'DaemonSet',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      },
      kubectl: {
        command: 'get pods -l app=node-agent -o wide',
        shown: 'kubectl get pods -l app=node-agent -o wide',
      },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
  ],
};
