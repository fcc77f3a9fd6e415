import type { Cluster } from '../engine';
import type { Scenario } from './types';

const API = 'kube-apiserver@*';
// With several control planes, clients reach the apiservers through the load balancer.
const TO_API = [API, 'load-balancer'];
const FROM_API = [API, 'load-balancer'];
const POD = 'pods/default/nginx';
const POD_PATH = '/api/v1/namespaces/default/pods/nginx';
// containerd's answers about this pod: the node may be starting a DaemonSet's pod meanwhile
const CRI_REPLY = {
  from: 'containerd@{node}',
  to: 'kubelet@{node}',
  resource: 'pod/default/nginx',
};

// kubeadm labels (and taints) its control-plane nodes with this role
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

const storedNode = (c: Cluster, name: string) =>
  c.get('nodes', name, '') as { metadata: { labels?: Record<string, string> } } | undefined;

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`;

/** "What happens when you create a pod": from `kubectl apply` to `kubectl get pods` Running. */
export const createPod: Scenario = {
  id: 'create-pod',
  title: 'What happens when you create a pod',
  summary: 'From kubectl apply to a running container, hop by hop through every component.',
  duration: '5 min',
  group: 'basics',
  invitation: 'Create a pod and watch what happens',
  intro:
    'The walkthrough applies this Pod and follows it hop by hop, from kubectl to a running container, pausing at each step.',
  startLabel: 'Create the pod',
  done: 'the pod is running',
  pod: { namespace: 'default', name: 'nginx' },
  manifest: MANIFEST,
  steps: [
    {
      id: 'submit',
      title: 'kubectl sends the Pod to the API server',
      narration:
        'kubectl turns the manifest into JSON and POSTs it to /api/v1/namespaces/default/pods. Every component, kubectl included, talks to the cluster only through the API server.',
      haNarration:
        'With three control planes kubectl talks to the load balancer, which forwards the request to one of the API servers.',
      highlight: ['kubectl', 'load-balancer', API],
      docs: {
        title: 'Declarative management of objects with configuration files',
        url: 'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
      },
      kubectl: { command: 'apply -f -', stdin: MANIFEST, shown: 'kubectl apply -f nginx.yaml' },
      until: {
        from: ['kubectl', 'load-balancer'],
        to: API,
        verb: 'POST',
        resource: '/api/v1/namespaces/default/pods',
      },
    },
    {
      id: 'admit',
      title: 'Authentication, authorization, admission, validation',
      narration:
        'Before anything is stored the request runs the API server’s pipeline: who is asking (authentication), may they create pods (authorization, RBAC), mutating admission sets defaults such as the ServiceAccount, then schema validation and validating admission. Any stage can reject the request.',
      highlight: [API],
      docs: {
        title: 'Controlling access to the Kubernetes API',
        url: 'https://kubernetes.io/docs/concepts/security/controlling-access/',
      },
      detail: {
        kind: 'stages',
        of: {
          from: API,
          to: ['kubectl', 'load-balancer'],
          verb: '201',
          resource: '/api/v1/namespaces/default/pods',
        },
      },
      until: {
        from: API,
        to: 'etcd@*',
        verb: 'Txn',
        resource: '/registry/pods/default/nginx',
        at: 'sent',
      },
    },
    {
      id: 'persist',
      title: 'The Pod is written to etcd',
      narration:
        'The API server stores the Pod under /registry/pods/default/nginx in a transaction that succeeds only if the key is new. etcd’s leader appends the write to its Raft log and answers once it is committed; only then does kubectl get 201 Created.',
      haNarration:
        'With three members the leader sends the entry to both followers (MsgApp) and commits it once a majority, itself and one follower, has it.',
      highlight: [API, 'etcd@*'],
      docs: {
        title: 'Operating etcd clusters for Kubernetes',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      },
      until: { from: 'etcd@*', to: API, verb: 'Txn', resource: '/registry/pods/default/nginx' },
    },
    {
      id: 'watch',
      title: 'The watch event reaches the scheduler, through the API server',
      narration:
        'etcd tells the API server’s watch on /registry/pods/ about the new key, and the API server sends an ADDED event to every client watching pods. Nobody invokes the scheduler and it never talks to etcd: it watches the API server for pods that have no node yet.',
      highlight: ['etcd@*', API, '{scheduler}'],
      docs: {
        title: 'API concepts: efficient detection of changes',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes',
      },
      // with several schedulers, the one holding the leader lease; its apiserver may hear
      // from etcd before the one that wrote the pod
      until: { from: FROM_API, to: '{scheduler}', verb: 'ADDED', resource: POD },
      mayPrecede: true,
      question: {
        prompt: 'How does the scheduler find out that there is a new pod to place?',
        choices: [
          'etcd notifies the scheduler',
          'The API server sends it a watch event',
          'kubectl calls the scheduler',
          'The kubelet asks it for work',
        ],
        answer: 1,
        explanation:
          'The scheduler keeps a watch open on the API server for pods without a node; only the API server talks to etcd.',
      },
    },
    {
      id: 'schedule',
      title: 'Filter and score the nodes',
      narration:
        'Filter plugins drop the nodes that cannot run the pod (the control plane has a taint the pod does not tolerate). Score plugins rank the rest; each score is multiplied by its plugin’s weight and the highest total wins.',
      highlight: ['{scheduler}'],
      docs: {
        title: 'Scheduling framework',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/scheduling-framework/',
      },
      detail: { kind: 'scheduling' },
      until: {
        from: 'kube-scheduler@*',
        to: TO_API,
        verb: 'POST',
        resource: `${POD_PATH}/binding`,
        at: 'sent',
      },
      question: {
        prompt: 'Where will the scheduler put the pod?',
        choices: [
          'On a control-plane node: it has the most room',
          'On a worker: the control plane has a taint this pod does not tolerate',
          'On every node, one copy each',
          'Nowhere until the manifest names a node',
        ],
        answer: (c, vars) => {
          const node = vars.node === undefined ? undefined : storedNode(c, vars.node);
          if (!node) return -1;
          return CONTROL_PLANE_LABEL in (node.metadata.labels ?? {}) ? 0 : 1;
        },
        explanation:
          'TaintToleration filters out the control plane (node-role.kubernetes.io/control-plane:NoSchedule), and Score ranks the workers: {node} had the highest total.',
      },
    },
    {
      id: 'bind',
      title: 'The Binding is written back',
      narration:
        'The scheduler starts nothing itself: it POSTs a Binding to the pod’s binding subresource, and the API server sets spec.nodeName and stores the Pod in etcd again. Deciding and doing are separate components.',
      highlight: ['{scheduler}', API, 'etcd@*'],
      docs: {
        title: 'kube-scheduler: node selection',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/#kube-scheduler-implementation',
      },
      until: { from: 'etcd@*', to: API, verb: 'Txn', resource: '/registry/pods/default/nginx' },
    },
    {
      id: 'kubelet',
      title: 'The kubelet on {node} sees the pod',
      narration:
        'Every kubelet watches the API server for pods whose spec.nodeName is its own node. Now that the Pod is bound, only the kubelet on {node} receives it, and it starts making the pod real.',
      highlight: [API, 'kubelet@{node}'],
      docs: {
        title: 'kubelet',
        url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/',
      },
      until: { from: FROM_API, to: 'kubelet@*', verb: 'ADDED', resource: POD },
    },
    {
      id: 'sandbox',
      title: 'RunPodSandbox: the pause container and the pod’s IP',
      narration:
        'Over the Container Runtime Interface the kubelet asks containerd for a sandbox: a pause container that holds the pod’s network namespace. containerd calls the CNI plugin, which gives the pod an IP from the node’s pod CIDR.',
      highlight: ['kubelet@{node}', 'containerd@{node}', 'cni@{node}'],
      docs: {
        title: 'Container Runtime Interface (CRI)',
        url: 'https://kubernetes.io/docs/concepts/architecture/cri/',
      },
      until: { ...CRI_REPLY, verb: 'RunPodSandbox' },
      question: {
        prompt: 'Which component gives the pod its IP address?',
        choices: [
          'The API server, when it stores the Pod',
          'The scheduler, with the node',
          'The CNI plugin, called by containerd for the sandbox',
          'kube-proxy',
        ],
        answer: 2,
        explanation:
          'containerd calls the CNI plugin while it sets up the sandbox’s network namespace, and the plugin picks a free address from the node’s pod CIDR.',
      },
    },
    {
      id: 'pull',
      title: 'PullImage',
      narration:
        'ImageStatus says nginx:1.27 is not on this node yet, so the kubelet asks containerd to pull it from the registry (the tag is not latest, so imagePullPolicy defaults to IfNotPresent). The download is the longest wait in this story.',
      highlight: ['kubelet@{node}', 'containerd@{node}'],
      docs: { title: 'Images', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
      until: { ...CRI_REPLY, verb: 'PullImage' },
    },
    {
      id: 'create',
      title: 'CreateContainer',
      narration:
        'The kubelet asks containerd to create the nginx container inside the sandbox, with the image, command, environment and mounts the Pod spec gives.',
      highlight: ['kubelet@{node}', 'containerd@{node}'],
      docs: {
        title: 'Pod lifecycle: container states',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states',
      },
      until: { ...CRI_REPLY, verb: 'CreateContainer' },
    },
    {
      id: 'start',
      title: 'StartContainer',
      narration:
        'containerd starts the container’s process in the sandbox’s namespaces, so it shares the pod’s IP. The container is now running.',
      highlight: ['kubelet@{node}', 'containerd@{node}'],
      docs: {
        title: 'Pod lifecycle: container states',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states',
      },
      until: { ...CRI_REPLY, verb: 'StartContainer' },
    },
    {
      id: 'status',
      title: 'The kubelet reports the pod’s status',
      narration:
        'The kubelet PATCHes the pod’s status subresource: phase Running, the pod IP, the container’s state. The API server stores it in etcd, and every watcher can see it.',
      highlight: ['kubelet@{node}', API, 'etcd@*'],
      docs: {
        title: 'Pod lifecycle: pod phase',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase',
      },
      until: { from: FROM_API, to: 'kubelet@{node}', verb: '200', resource: `${POD_PATH}/status` },
    },
    {
      id: 'get',
      title: 'kubectl get pods shows Running',
      narration:
        'kubectl get pods is one more GET: the API server lists the pods and kubectl prints them as a table. The pod runs on {node}.',
      highlight: ['kubectl', 'load-balancer', API],
      docs: {
        title: 'kubectl get',
        url: 'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/',
      },
      kubectl: { command: 'get pods', shown: 'kubectl get pods' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
    },
  ],
};
