import type { Cluster } from '../engine';
import { podsLabelled } from './cluster-reads';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const KCM = 'kube-controller-manager@*';
const CLIENT = 'pod/default/client';
const WEB_PODS = 'pod/default/web-*';
const COREDNS = 'pod/kube-system/coredns-*';

// kube-proxy's rules for the Service, as an operator on the client's node reads them
const IPTABLES = 'ssh {clientNode} sudo iptables-save -t nat | grep default/web';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
        command: ["sh", "-c", "sleep 1"]
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
      - name: log-shipper
        image: busybox:1.36
        command: ["sleep", "infinity"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

/** The same pods published on a port of every node. */
const PUBLIC = `apiVersion: v1
kind: Service
metadata:
  name: web-public
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
    nodePort: 30080
`;
const PUBLIC_RULES = 'ssh control-plane-1 sudo iptables-save -t nat | grep default/web-public';
// control-plane-1's address: a node that runs no web pod
const NODE_PORT_URL = 'http://10.0.0.11:30080';

interface StoredSlice {
  metadata: { labels?: Record<string, string> };
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean };
    targetRef?: { name: string };
  }[];
}

/** The endpoints of the web Service's EndpointSlices: pod name and readiness. */
export function webEndpoints(c: Cluster): { pod: string; ip: string; ready: boolean }[] {
  return (c.list('endpointslices', 'default') as unknown as StoredSlice[])
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')
    .flatMap((s) => s.endpoints ?? [])
    .map((e) => ({
      pod: e.targetRef?.name ?? '',
      ip: e.addresses[0],
      ready: e.conditions?.ready !== false,
    }));
}

/** The node's nat rules for the web Service (what `iptables-save | grep default/web` prints). */
export function webRules(c: Cluster, node: string): string[] {
  return (
    c
      .iptablesSave(node)
      .split('\n')
      // the Service web's own rules, not web-public's: its comments read "default/web…" then a
      // space or the closing quote
      .filter((l) => /"default\/web[ "]/.test(l))
  );
}

/** The KUBE-SVC chain's jumps to endpoints (KUBE-SEP chains), in rule order. */
export function endpointJumps(c: Cluster, node: string): string[] {
  return webRules(c, node).filter((l) => /^-A KUBE-SVC-\S+ .*-j KUBE-SEP-/.test(l));
}

/** The `--probability` of the first endpoint jump, as iptables-save prints it. */
function firstProbability(c: Cluster, node: string): string | undefined {
  return /--probability (\S+)/.exec(endpointJumps(c, node)[0] ?? '')?.[1];
}

/** The web pod the last request through the data path reached (its GET hop). */
function lastBackend(c: Cluster): string | undefined {
  const hop = c.sim.hops
    .all()
    .findLast((h) => h.verb === 'GET' && h.from.startsWith('node/') && h.to.startsWith('pod/'));
  return hop?.to.split('/')[2];
}

const web = (c: Cluster) => podsLabelled(c, 'default', 'app=web');

/** Where the client runs, the Service's chain, and which pod answered. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  const client = podsLabelled(c, 'default', 'run=client')[0];
  if (!vars.clientNode && client?.node) out.clientNode = client.node;
  const node = vars.clientNode ?? out.clientNode;
  const jump = node && webRules(c, node).find((l) => l.startsWith('-A KUBE-SERVICES '));
  if (jump && !vars.svcChain) out.svcChain = /-j (KUBE-SVC-\S+)/.exec(jump)?.[1];
  const svc = c.get('services', 'web') as { spec?: { clusterIP?: string } } | undefined;
  if (!vars.clusterIP && svc?.spec?.clusterIP) out.clusterIP = svc.spec.clusterIP;
  const backend = lastBackend(c);
  if (!vars.backend && backend?.startsWith('web-')) {
    out.backend = backend;
    const pod = web(c).find((p) => p.name === backend);
    out.backendNode = pod?.node;
    out.other = web(c).find((p) => p.name !== backend)?.name;
  }
  return out;
}

/** "How a request reaches a pod": Service, EndpointSlice, DNS, iptables, the pod network. */
export const requestToPod: Scenario = {
  id: 'request-to-pod',
  title: 'How a request reaches a pod',
  summary:
    'A Service and its EndpointSlice, a CoreDNS lookup, kube-proxy’s iptables chains picking an endpoint, the packet crossing to another node, a pod that stops being ready, and a NodePort on every node.',
  duration: '9 min',
  group: 'networking',
  cluster: { controlPlaneNodes: 1, workers: 3 },
  setup: {
    actions: [
      { kubectl: 'apply -f -', stdin: MANIFEST, shown: 'kubectl apply -f web.yaml' },
      {
        kubectl: 'run client --image=busybox:1.36 -- sleep infinity',
        shown: 'kubectl run client --image=busybox:1.36 -- sleep infinity',
      },
    ],
    until: {
      description: '2 ready web endpoints and the client Running',
      test: (c) =>
        webEndpoints(c).filter((e) => e.ready).length === 2 &&
        podsLabelled(c, 'default', 'run=client')[0]?.phase === 'Running' &&
        c.nodes.every((n) => endpointJumps(c, n.name).length === 2),
    },
  },
  invitation: 'Follow one HTTP request from a pod to a Service',
  intro:
    'A Deployment runs 2 web pods (an init container, then nginx plus a log-shipper sidecar) behind a Service named web, and a client pod runs busybox on another worker. The walkthrough sends one request with curl and follows it through DNS, iptables and the pod network, then publishes the pods on a port of every node.',
  startLabel: 'Look at the Service',
  done: 'the not-ready pod is out of the Service, and the other pod answers, through a NodePort too',
  manifest: MANIFEST,
  learn,
  steps: [
    {
      id: 'service',
      title: 'A Service: a stable virtual IP',
      narration:
        'The API server gave the Service web a ClusterIP, {clusterIP}, from the service range (kubeadm’s default is 10.96.0.0/12). No process listens on that address: it exists only in every node’s packet-filter rules. Pods come and go, the Service’s name and IP stay.',
      highlight: ['kubectl', API],
      docs: {
        title: 'Service',
        url: 'https://kubernetes.io/docs/concepts/services-networking/service/',
      },
      kubectl: { command: 'get service web', shown: 'kubectl get service web' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/services/web' },
    },
    {
      id: 'endpointslice',
      title: 'The EndpointSlice lists the ready pods',
      narration:
        'The EndpointSlice controller in kube-controller-manager watches the Service’s selector (app=web) and writes the matching pods’ IPs into an EndpointSlice, each with a ready condition. kube-proxy on every node watches Services and EndpointSlices and programs the node’s packet filter: iptables here, ipvs or nftables in the other modes (the old userspace mode, which proxied traffic itself, was removed in v1.26).',
      highlight: [KCM, API, 'kube-proxy@*'],
      docs: {
        title: 'EndpointSlices',
        url: 'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/',
      },
      kubectl: {
        command: 'get endpointslices -l kubernetes.io/service-name=web',
        shown: 'kubectl get endpointslices -l kubernetes.io/service-name=web',
      },
      until: {
        to: 'kubectl',
        verb: '200',
        resource: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
      },
    },
    {
      id: 'one-ip',
      title: 'One IP per pod',
      narration:
        'Each web pod shows READY 2/2 but one IP, from its node’s pod CIDR. The pod’s sandbox (its pause container) owns one network namespace and the CNI plugin gives it one address; both containers join it, so log-shipper reaches nginx on localhost:80. Its init container, setup, ran in that namespace first, to completion, before either started: init containers run one by one and are not counted in READY.',
      highlight: ['kubectl', WEB_PODS],
      docs: {
        title: 'Cluster networking: the Kubernetes network model',
        url: 'https://kubernetes.io/docs/concepts/services-networking/#the-kubernetes-network-model',
      },
      kubectl: { command: 'get pods -o wide', shown: 'kubectl get pods -o wide' },
      until: { to: 'kubectl', verb: '200', resource: '/api/v1/namespaces/default/pods' },
      question: {
        prompt: 'A web pod runs two containers. How many IP addresses does the pod have?',
        choices: [
          'One, shared by both containers',
          'Two, one per container',
          'None: only the Service has one',
        ],
        answer: (c) => {
          const pods = c.list('pods', 'default') as { status?: { podIPs?: unknown[] } }[];
          return pods.every((p) => (p.status?.podIPs?.length ?? 1) === 1) ? 0 : -1;
        },
        explanation:
          'IPs belong to pods, not containers: all containers of a pod share its network namespace, its IP and its ports.',
      },
    },
    // pkg/proxy/iptables/proxier.go writeServiceToEndpointRules: endpoint i of n gets
    // --probability 1/(n-i), the last none
    {
      id: 'rules',
      title: 'kube-proxy’s rules on {clientNode}',
      narration:
        'kube-proxy does not carry traffic; it writes iptables rules. KUBE-SERVICES sends packets for {clusterIP}:80 to {svcChain}, whose first rule jumps to one endpoint’s KUBE-SEP chain with --probability 0.5 and whose last takes the rest; each KUBE-SEP chain DNATs to a pod IP. With n endpoints, rule i matches with probability 1/(n−i+1), so every endpoint gets an equal share.',
      highlight: ['kube-proxy@{clientNode}'],
      docs: {
        title: 'Virtual IPs and service proxies: iptables proxy mode',
        url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-iptables',
      },
      actions: [{ kubectl: IPTABLES, shown: IPTABLES }],
      when: {
        description: '{svcChain} on {clientNode} jumps to 2 endpoints',
        test: (c, { vars }) => endpointJumps(c, vars.clientNode ?? 'worker-1').length === 2,
      },
      question: {
        prompt: 'web has 2 ready endpoints. What --probability does the first KUBE-SEP jump carry?',
        choices: ['0.25', '0.5', '1.0'],
        answer: (c, vars) => {
          const p = firstProbability(c, vars.clientNode ?? 'worker-1');
          return p === undefined ? -1 : String(Number(p));
        },
        explanation:
          'The first rule takes half the new connections at random and the last rule, without --probability, takes the rest: each pod gets one half.',
      },
    },
    {
      id: 'dns',
      title: 'CoreDNS answers web.default.svc.cluster.local',
      narration:
        'The client’s /etc/resolv.conf names the kube-dns Service (10.96.0.10) and searches default.svc.cluster.local first; with ndots:5 a short name like web is tried with the search domains before as is. CoreDNS, which watches Services, answers with the ClusterIP; the WEB_SERVICE_HOST environment variable the kubelet also set for Services that existed when the client started is the older way.',
      highlight: [CLIENT, COREDNS],
      docs: {
        title: 'DNS for Services and Pods',
        url: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
      },
      kubectl: {
        command: 'exec client -- curl -sv http://web',
        shown: 'kubectl exec client -- curl -sv http://web',
      },
      until: { from: COREDNS, to: CLIENT, verb: 'DNS' },
    },
    {
      id: 'dnat',
      title: 'The node’s netfilter picks an endpoint',
      narration:
        'curl connects to {clusterIP}:80. The first packet leaves the pod into {clientNode}’s network stack, walks KUBE-SERVICES and {svcChain}, where the random match picks one endpoint; its KUBE-SEP chain rewrites the destination to that pod’s IP. conntrack remembers the choice for the rest of the connection.',
      highlight: [CLIENT, 'kube-proxy@{clientNode}'],
      docs: {
        title: 'Virtual IPs and service proxies',
        url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/',
      },
      until: { from: CLIENT, to: 'node/*', verb: 'SYN' },
      question: {
        prompt: 'Which web pod will answer this request?',
        choices: (c) =>
          web(c)
            .map((p) => p.name)
            .sort(),
        answer: (c) => lastBackend(c) ?? -1,
        explanation:
          'The iptables statistic match is random per connection: either pod could have been chosen, and the next curl may pick the other.',
      },
    },
    // pkg/proxy/topology.go CategorizeEndpoints: internalTrafficPolicy Local keeps node-local endpoints only
    {
      id: 'cross-node',
      title: 'Across the pod network to {backendNode}',
      narration:
        '{backend} runs on {backendNode}, not on {clientNode}. The network model requires every pod IP to be reachable from every node without NAT, and the CNI plugin provides it (with routes or an overlay): each node owns a /24 of the pod CIDR 10.244.0.0/16, so the packet goes to {backendNode} and into the pod. Where the client runs does not matter: every ready endpoint, on any node, is equally likely unless the Service sets internalTrafficPolicy: Local (then only pods on the client’s own node).',
      highlight: ['node/{clientNode}', 'pod/default/{backend}'],
      docs: {
        title: 'Cluster networking',
        url: 'https://kubernetes.io/docs/concepts/cluster-administration/networking/',
      },
      until: { from: 'node/*', to: WEB_PODS, verb: 'GET' },
    },
    {
      id: 'answer',
      title: 'The pod answers',
      narration:
        'nginx in {backend} answers with its pod’s name. On the way back conntrack reverses the DNAT, so the client sees the reply coming from {clusterIP}, the address it connected to. Nothing filtered the connection: which pods may talk to which is a NetworkPolicy’s business, enforced by the CNI plugin, not by the Service.',
      highlight: ['pod/default/{backend}', CLIENT],
      docs: {
        title: 'Connecting applications with Services',
        url: 'https://kubernetes.io/docs/tutorials/services/connect-applications-service/',
      },
      until: { from: WEB_PODS, to: 'node/*', verb: 'HTTP' },
    },
    {
      id: 'not-ready',
      title: '{backend} stops being ready',
      narration:
        'nginx in {backend} starts failing its readiness probe. After 3 failures 5 s apart (failureThreshold 3) the kubelet sets the pod’s Ready condition to False; the EndpointSlice controller marks its endpoint not ready, and kube-proxy drops it from {svcChain}. The pod keeps running: readiness never restarts a container.',
      highlight: ['kubelet@{backendNode}', KCM, 'kube-proxy@*'],
      docs: {
        title: 'Liveness, readiness and startup probes',
        url: 'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe',
      },
      actions: [{ fault: { op: 'fail-readiness', pod: 'default/{backend}', container: 'nginx' } }],
      fastForward: 60_000,
      when: {
        description: '{backend} not ready in the EndpointSlice',
        test: (c, { vars }) => webEndpoints(c).some((e) => e.pod === vars.backend && !e.ready),
      },
      question: {
        prompt: '{backend}’s readiness probe starts failing. What happens to it?',
        choices: [
          'The kubelet restarts its container',
          'It keeps running but leaves the Service’s endpoints',
          'It is deleted and replaced',
        ],
        answer: (c, vars) =>
          webEndpoints(c).some((e) => e.pod === vars.backend && !e.ready) &&
          web(c).some((p) => p.name === vars.backend && p.phase === 'Running')
            ? 1
            : -1,
        explanation:
          'A failing readiness probe only takes the pod out of Service traffic; restarting is what a failing liveness probe does.',
      },
    },
    {
      id: 'rules-after',
      title: 'One endpoint left in the rules',
      narration:
        'kube-proxy saw the EndpointSlice change and rewrote the chains: {svcChain} now has a single jump, without --probability, to {other}.',
      highlight: ['kube-proxy@{clientNode}'],
      docs: {
        title: 'Virtual IPs and service proxies: iptables proxy mode',
        url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-iptables',
      },
      actions: [{ kubectl: IPTABLES, shown: IPTABLES }],
      fastForward: 30_000,
      when: {
        description: '{svcChain} on {clientNode} jumps to 1 endpoint',
        test: (c, { vars }) => endpointJumps(c, vars.clientNode ?? 'worker-1').length === 1,
      },
    },
    {
      id: 'curl-again',
      title: 'Every request now reaches {other}',
      narration:
        'The same curl can only pick {other} now. {backend} still runs with READY 1/2; once its probe passes again the endpoint comes back.',
      highlight: [CLIENT, 'pod/default/{other}'],
      docs: {
        title: 'Pod lifecycle: container probes',
        url: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes',
      },
      kubectl: {
        command: 'exec client -- curl -s http://web',
        shown: 'kubectl exec client -- curl -s http://web',
      },
      until: { from: 'pod/default/{other}', to: 'node/*', verb: 'HTTP' },
    },
    // pkg/proxy/iptables/proxier.go: KUBE-NODEPORTS → KUBE-EXT-<hash> (masquerade) → KUBE-SVC-<hash>;
    // --service-node-port-range defaults to 30000-32767
    {
      id: 'nodeport',
      title: 'From outside: a NodePort',
      narration:
        'A NodePort Service, web-public, selects the same pods and also opens port 30080 (from the range 30000–32767) on every node. kube-proxy on each node adds a KUBE-NODEPORTS rule for it, which sends the packet through a KUBE-EXT chain that masquerades its source, then to the Service’s KUBE-SVC chain.',
      highlight: ['kubectl', API, 'kube-proxy@*'],
      docs: {
        title: 'Service: type NodePort',
        url: 'https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport',
      },
      actions: [
        { kubectl: 'apply -f -', stdin: PUBLIC, shown: 'kubectl apply -f web-public.yaml' },
      ],
      fastForward: 30_000,
      when: {
        description: 'a KUBE-NODEPORTS rule for web-public on every node',
        test: (c) =>
          c.nodes.every((n) =>
            c
              .iptablesSave(n.name)
              .split('\n')
              .some((l) => l.startsWith('-A KUBE-NODEPORTS ') && l.includes('default/web-public')),
          ),
      },
    },
    {
      id: 'nodeport-curl',
      title: 'Any node’s address will do',
      narration:
        'The client now asks control-plane-1’s own address, where no web pod runs. Its rules forward the request to {other}, and thanks to the masquerade the answer comes back through control-plane-1. A LoadBalancer Service or an Ingress controller puts one stable address in front of such node ports.',
      highlight: [CLIENT, 'node/control-plane-1', 'pod/default/{other}'],
      docs: {
        title: 'Virtual IPs and service proxies: external traffic policy',
        url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy',
      },
      actions: [
        { kubectl: PUBLIC_RULES, shown: PUBLIC_RULES },
        {
          kubectl: `exec client -- curl -s ${NODE_PORT_URL}`,
          shown: `kubectl exec client -- curl -s ${NODE_PORT_URL}`,
        },
      ],
      until: { from: 'pod/default/{other}', to: 'node/control-plane-1', verb: 'HTTP' },
      question: {
        prompt:
          'The request goes to control-plane-1’s address, port 30080, where no web pod runs. What happens?',
        choices: [
          'Connection refused: nothing listens there',
          'A web pod on a worker answers, through control-plane-1’s rules',
          'The API server answers',
        ],
        answer: (c, vars) => (lastBackend(c) === vars.other ? 1 : -1),
        explanation:
          'Every node’s kube-proxy writes the NodePort rules, so any node’s address works and forwards to a ready endpoint wherever it runs.',
      },
    },
  ],
};
