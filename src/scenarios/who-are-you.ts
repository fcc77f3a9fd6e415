import type { Cluster } from '../engine';
import type { Scenario } from './types';

const API = 'kube-apiserver@*';
const PODS = '/api/v1/namespaces/default/pods';
// kubectl auth can-i: a SelfSubjectAccessReview answered from jane's own authorization
const CAN_I_LIST = 'auth can-i list pods --as=jane';
const CAN_I_CREATE = 'auth can-i create pods --as=jane';

// A made-up token: no authenticator knows it, so the request is rejected, never anonymous.
const BAD_TOKEN_CURL =
  "curl -k -H 'Authorization: Bearer not-a-real-token' https://control-plane-1:6443/api/v1/namespaces/default/pods";

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: default
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: jane-reads-pods
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

const LIMITS = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
  - type: Container
    defaultRequest:
      cpu: 100m
      memory: 64Mi
    default:
      cpu: 500m
      memory: 256Mi
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    requests.cpu: "1"
    pods: "5"
`;

const HUNGRY = `apiVersion: v1
kind: Pod
metadata:
  name: hungry
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "1"
      limits:
        cpu: "1"
`;

const INVALID = `apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 70000
`;

interface StoredPod {
  spec?: { containers?: { resources?: { requests?: Record<string, string> } }[] };
}

/** The requests the API server stored for the first container of a default-namespace pod. */
export function storedRequests(c: Cluster, name: string): Record<string, string> | undefined {
  const pod = c.get('pods', name) as unknown as StoredPod | undefined;
  return pod?.spec?.containers?.[0]?.resources?.requests;
}

/** The status code of the last answer kubectl (or curl on the user's machine) received. */
const lastStatus = (c: Cluster) =>
  c.sim.hops.all().findLast((h) => h.to === 'kubectl' && h.status !== undefined)?.status;

/** "Who are you, and may you?": authentication, RBAC, admission and validation. */
export const whoAreYou: Scenario = {
  id: 'who-are-you',
  title: 'Who are you, and may you?',
  summary:
    'A bad token gets 401, jane gets 403 (and kubectl auth can-i says no) until a Role and RoleBinding allow her, a LimitRange fills in requests, a ResourceQuota refuses a pod and validation returns 422 with field paths.',
  duration: '8 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 1, workers: 2 },
  invitation: 'Every request passes four gates before it is stored',
  intro:
    'Every request to the API server is authenticated (who are you?), authorized (may you?), passed through admission (may this object be changed or refused?) and validated. kubectl uses kubeadm’s admin.conf, a client certificate for kubernetes-admin, and can impersonate others with --as.',
  startLabel: 'Send a request with a made-up token',
  done: 'you have met all four gates: authentication, authorization, admission and validation',
  steps: [
    {
      id: 'unauthenticated',
      title: 'Authentication: 401 Unauthorized',
      narration:
        'The API server first asks who is calling: a client certificate, a bearer token (a ServiceAccount’s, a bootstrap token, OIDC) or an authenticating proxy. A token that no authenticator recognises fails the request at once with 401; only a request with no credentials at all becomes system:anonymous.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Authenticating',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/',
      },
      actions: [{ kubectl: BAD_TOKEN_CURL, shown: BAD_TOKEN_CURL }],
      until: { to: 'kubectl', status: 401 },
      question: {
        prompt: 'What does the API server answer to a request with a made-up bearer token?',
        choices: [
          '401 Unauthorized',
          '403 Forbidden',
          'The pod list, as system:anonymous',
          '404 Not Found',
        ],
        answer: (c) => (lastStatus(c) === 401 ? 0 : -1),
        explanation:
          'Authentication failed, so the request never reaches authorization: 401 means “I do not know who you are”, 403 “I know, and you may not”.',
      },
    },
    {
      id: 'forbidden',
      title: 'Authorization: jane is forbidden',
      narration:
        'With --as=jane the admin impersonates jane (the admin is allowed the impersonate verb), so the request runs as her. kubectl auth can-i asks first without trying: it sends a SelfSubjectAccessReview, which the API server answers from jane’s own authorization, and prints no (exit code 1). RBAC denies by default and nothing grants jane anything, so the real request gets 403 with the sentence naming the user, verb, resource, API group and namespace.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Authorization',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/authorization/',
      },
      actions: [
        { kubectl: CAN_I_LIST, shown: `kubectl ${CAN_I_LIST}` },
        { kubectl: 'get pods --as=jane', shown: 'kubectl get pods --as=jane' },
      ],
      until: { to: 'kubectl', status: 403, resource: PODS },
      question: {
        prompt: 'jane exists for the API server now. What does kubectl get pods --as=jane print?',
        choices: [
          'No resources found in default namespace.',
          'Error from server (Forbidden): pods is forbidden: …',
          'error: You must be logged in to the server (Unauthorized)',
        ],
        answer: (c) => (lastStatus(c) === 403 ? 1 : -1),
        explanation:
          'jane is authenticated, but no Role or ClusterRole bound to her allows list on pods, and RBAC has no default allow.',
      },
    },
    {
      id: 'role',
      title: 'A Role and a RoleBinding',
      narration:
        'A Role lists what may be done in one namespace: here get, list and watch on pods in the core API group (""). The RoleBinding grants it to the user jane; RBAC rules only add permissions, there are no deny rules.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Using RBAC authorization: Role and RoleBinding',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole',
      },
      actions: [{ kubectl: 'apply -f -', stdin: RBAC, shown: 'kubectl apply -f pod-reader.yaml' }],
      until: {
        to: 'kubectl',
        verb: '201',
        resource: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
      },
    },
    {
      id: 'allowed',
      title: 'jane may list pods in default',
      narration:
        'can-i now prints yes, and the same request is allowed: the RBAC authorizer found a RoleBinding in default whose Role allows list on pods (the review’s reason reads RBAC: allowed by RoleBinding "jane-reads-pods/default" of Role "pod-reader" to User "jane"). Nothing else changed for jane: she still may not create pods, nor list them in kube-system.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Using RBAC authorization',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
      },
      actions: [
        { kubectl: CAN_I_LIST, shown: `kubectl ${CAN_I_LIST}` },
        { kubectl: 'get pods --as=jane', shown: 'kubectl get pods --as=jane' },
        {
          kubectl: `${CAN_I_LIST} -n kube-system`,
          shown: `kubectl ${CAN_I_LIST} -n kube-system`,
        },
        {
          kubectl: 'get pods -n kube-system --as=jane',
          shown: 'kubectl get pods -n kube-system --as=jane',
        },
        { kubectl: CAN_I_CREATE, shown: `kubectl ${CAN_I_CREATE}` },
      ],
      until: { to: 'kubectl', verb: '200', resource: PODS },
    },
    {
      id: 'admission-objects',
      title: 'Admission: a LimitRange and a ResourceQuota',
      narration:
        'After authorization, admission plugins see the object itself: mutating ones may change it, validating ones may refuse it. The LimitRanger plugin will fill in default requests and limits from this LimitRange, and the ResourceQuota plugin will refuse pods that would push the namespace’s total CPU requests over 1.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Admission control in Kubernetes',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/',
      },
      actions: [{ kubectl: 'apply -f -', stdin: LIMITS, shown: 'kubectl apply -f limits.yaml' }],
      until: { to: 'kubectl', verb: '201', resource: '/api/v1/namespaces/default/resourcequotas' },
    },
    {
      id: 'defaulting',
      title: 'Defaults filled in',
      narration:
        'kubectl sent little more than a name and an image. The stored pod has the API’s defaults (restartPolicy Always, dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30), LimitRanger’s requests and limits with its annotation, the ServiceAccount plugin’s token volume (a projected token the kubelet requests and mounts) and DefaultTolerationSeconds’ 300 s tolerations. The pod runs as the ServiceAccount default, which the ServiceAccount controller in kube-controller-manager creates in every namespace.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Limit ranges',
        url: 'https://kubernetes.io/docs/concepts/policy/limit-range/',
      },
      actions: [
        { kubectl: 'run plain --image=nginx:1.27', shown: 'kubectl run plain --image=nginx:1.27' },
        { kubectl: 'get pod plain -o yaml', shown: 'kubectl get pod plain -o yaml' },
      ],
      until: { to: 'kubectl', verb: '200', resource: `${PODS}/plain` },
      question: {
        prompt:
          'plain was created without any resources. What CPU request does the stored pod have?',
        choices: [
          'None: it is BestEffort',
          '100m, from the LimitRange',
          '500m, from the LimitRange',
        ],
        answer: (c) => {
          const cpu = storedRequests(c, 'plain')?.cpu;
          return cpu === undefined ? 0 : cpu === '100m' ? 1 : cpu === '500m' ? 2 : -1;
        },
        explanation:
          'LimitRanger is a mutating admission plugin: it writes defaultRequest (100m) into the pod before it is stored, and default (500m) as the limit.',
      },
    },
    {
      id: 'quota',
      title: 'ResourceQuota says no',
      narration:
        'hungry requests 1 CPU; plain already uses 100m of the namespace’s 1 CPU quota. The ResourceQuota plugin refuses the pod with 403 Forbidden and says what was requested, used and limited; nothing is stored.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'Resource quotas',
        url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
      },
      actions: [
        { kubectl: 'apply -f -', stdin: HUNGRY, shown: 'kubectl apply -f - < hungry.yaml' },
      ],
      until: { to: 'kubectl', status: 403, resource: PODS },
    },
    {
      id: 'validation',
      title: 'Validation: 422 with field paths',
      narration:
        'Every object is validated before it is stored. Bad_Name is not a DNS subdomain and 70000 is not a port, so the answer is 422 Unprocessable Entity (reason Invalid), listing every bad field by its path.',
      highlight: [API, 'kubectl'],
      docs: {
        title: 'API concepts: field validation',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      },
      actions: [{ kubectl: 'apply -f -', stdin: INVALID, shown: 'kubectl apply -f - < bad.yaml' }],
      until: { to: 'kubectl', status: 422, resource: PODS },
      question: {
        prompt:
          'The manifest has a bad name and a bad port. How many errors does the API server report?',
        choices: ['Only the first one', 'Both, each with its field path', 'None: it fixes them'],
        answer: 1,
        explanation:
          'Validation collects every error into one field.ErrorList, so the 422 Status lists them all at once.',
      },
    },
  ],
};
