import { describe, expect, it } from 'vitest';

import { SCENARIOS } from '../../../src/scenarios';

/**
 * The topics of the original architecture notes (shared/seeds), each with the walkthrough step
 * that teaches it and words its narration must keep. Where a note is outdated the step teaches
 * the current truth, and the words checked are that truth.
 */
const TOPICS: [topic: string, step: string, words: RegExp][] = [
  // the API server
  ['only the API server talks to etcd', 'create-pod/watch', /never talks to etcd/],
  ['the API server is stateless', 'ha-control-plane/load-balancer', /keep no state of their own/],
  [
    'several API servers behind a load balancer',
    'ha-control-plane/load-balancer',
    /three API servers/,
  ],
  ['authentication (401)', 'who-are-you/unauthenticated', /401/],
  ['authorization (RBAC, 403)', 'who-are-you/forbidden', /RBAC denies by default/],
  ['validation of every request', 'who-are-you/validation', /422 Unprocessable Entity/],
  ['the watch mechanism', 'create-pod/watch', /ADDED event to every client watching pods/],
  [
    'the scheduler is told by watch, not invoked',
    'create-pod/watch',
    /Nobody invokes the scheduler/,
  ],
  ['the kubelet watches for its pods', 'create-pod/kubelet', /watches the API server for pods/],
  // controllers
  [
    'many controllers in one process',
    'controller-pattern/namespace',
    /Every controller in kube-controller-manager/,
  ],
  [
    'the replication controller',
    'controller-pattern/reconcile',
    /creates one pod to close the gap/,
  ],
  ['informers, shared cache, work queue', 'controller-pattern/list', /shared informer/],
  ['the endpoints controller', 'request-to-pod/endpointslice', /EndpointSlice controller/],
  [
    'the namespace controller',
    'controller-pattern/namespace-delete',
    /namespace controller deletes everything inside/,
  ],
  [
    'the service account controller',
    'controller-pattern/namespace',
    /ServiceAccount controller watches Namespaces/,
  ],
  ['the job controller', 'jobs-daemonsets/job', /Job controller in kube-controller-manager/],
  ['cascading deletion', 'etcd-restore/mistake', /garbage collector takes its ReplicaSet and pods/],
  ['pod garbage collection', 'node-failure/delete-node', /pod garbage collector/],
  // node failure: the notes' 40 s and 5 min are outdated
  ['the node controller checks every 5 s', 'node-failure/unknown', /Every 5 s/],
  ['node-monitor-grace-period is 50 s', 'node-failure/unknown', /50 s since v1\.32, 40 s before/],
  [
    'taint-based eviction, not pod-eviction-timeout',
    'node-failure/evict',
    /taint-based eviction replaced the old pod-eviction-timeout/,
  ],
  ['node Leases in kube-node-lease', 'node-failure/power-off', /kube-node-lease/],
  [
    'nothing deletes a dead Node on a timer',
    'node-failure/get',
    /Nothing deletes the Node on a timer/,
  ],
  ['the cloud-controller-manager', 'node-failure/get', /cloud-controller-manager/],
  ['kubectl delete node', 'node-failure/delete-node', /deletes its Node object/],
  // the scheduler
  ['filter, then score', 'create-pod/schedule', /Filter plugins drop the nodes/],
  [
    'scores are 0 to 100 per plugin, not 0 to 10',
    'scheduling/affinity',
    /from 0 to 100 \(older schedulers used 0 to 10\)/,
  ],
  ['the scheduler decides, the kubelet runs', 'create-pod/bind', /starts nothing itself/],
  [
    'resources decide where a pod fits',
    'scheduling/too-big',
    /NodeResourcesFit rejects the workers/,
  ],
  [
    'control-plane nodes are tainted',
    'scheduling/toleration',
    /node-role\.kubernetes\.io\/control-plane:NoSchedule/,
  ],
  ['node selectors', 'scheduling/node-selector', /nodeSelector/],
  ['node affinity', 'scheduling/affinity', /Required affinity is a filter/],
  ['pod anti-affinity', 'scheduling/spread', /pod anti-affinity/],
  // booting, kubeadm files
  [
    'the kubelet runs from systemd',
    'boot-control-plane/static-pods',
    /systemd starts containerd and the kubelet/,
  ],
  [
    'static pods from /etc/kubernetes/manifests',
    'boot-control-plane/static-pods',
    /\/etc\/kubernetes\/manifests/,
  ],
  [
    'the components’ kubeconfigs in /etc/kubernetes',
    'boot-control-plane/leases',
    /controller-manager\.conf, scheduler\.conf/,
  ],
  [
    'Docker, containerd, CRI-O and the CRI',
    'boot-control-plane/static-pods',
    /dockershim in v1\.24/,
  ],
  ['etcd as a static pod or a systemd service', 'boot-control-plane/etcd', /systemd services/],
  ['the kubelet registers its node', 'boot-control-plane/apiserver', /register their Node objects/],
  [
    'mirror pods in kube-system',
    'boot-control-plane/mirror-pods',
    /mirror pod for each static pod/,
  ],
  [
    'add-ons (kube-proxy, CoreDNS, addon manager)',
    'boot-control-plane/kube-proxy',
    /kube-addon-manager/,
  ],
  [
    'monitoring and logging add-ons',
    'boot-control-plane/get-pods',
    /metrics-server, Prometheus.*Fluentd/,
  ],
  ['the overlay network add-on', 'boot-control-plane/ready', /Calico or Flannel/],
  ['CoreDNS behind the kube-dns Service', 'boot-control-plane/coredns', /kube-dns Service/],
  ['a node joins with kubeadm join', 'jobs-daemonsets/join', /kubeadm join/],
  // pods and containers
  ['one IP per pod, shared by its containers', 'request-to-pod/one-ip', /one IP/],
  ['the pause container', 'request-to-pod/one-ip', /pause container/],
  ['init containers', 'request-to-pod/one-ip', /init containers run one by one/],
  ['sidecars talk over localhost', 'request-to-pod/one-ip', /localhost:80/],
  ['readiness probes', 'request-to-pod/not-ready', /readiness never restarts a container/],
  ['the kubelet restarts failed containers (liveness)', 'jobs-daemonsets/crash', /liveness probe/],
  [
    'requests and limits filled in by a LimitRange',
    'who-are-you/defaulting',
    /LimitRanger’s requests and limits/,
  ],
  ['ResourceQuota', 'who-are-you/quota', /ResourceQuota plugin refuses the pod/],
  [
    'the kubelet mounts volumes and secrets',
    'who-are-you/defaulting',
    /the kubelet requests and mounts/,
  ],
  // Services and kube-proxy
  ['a Service’s stable virtual IP', 'request-to-pod/service', /ClusterIP/],
  ['kube-proxy writes iptables rules', 'request-to-pod/rules', /it writes iptables rules/],
  [
    'kube-proxy modes (userspace is gone)',
    'request-to-pod/endpointslice',
    /userspace mode, which proxied traffic itself, was removed in v1\.26/,
  ],
  ['no preference for the local node', 'request-to-pod/cross-node', /internalTrafficPolicy: Local/],
  ['the overlay between nodes', 'request-to-pod/cross-node', /overlay/],
  ['Service environment variables, the older way', 'request-to-pod/dns', /WEB_SERVICE_HOST/],
  ['masters are now control-plane nodes', 'scheduling/toleration', /the masters of older notes/],
  [
    'cluster DNS in every pod’s search path',
    'request-to-pod/dns',
    /searches default\.svc\.cluster\.local/,
  ],
  ['access policies (NetworkPolicy)', 'request-to-pod/answer', /NetworkPolicy/],
  ['NodePort to the outside world', 'request-to-pod/nodeport', /on every node/],
  ['Ingress', 'request-to-pod/nodeport-curl', /Ingress controller/],
  // etcd
  [
    'leader, followers and candidates (Raft)',
    'etcd-consensus/elected',
    /The candidate increments the term/,
  ],
  ['etcdctl endpoint status', 'etcd-consensus/status', /One member is leader/],
  ['ports 2379 and 2380', 'etcd-consensus/status', /2379.*2380/],
  ['etcd keeps revisions and compacts them (B+tree)', 'optimistic-concurrency/create', /B\+tree/],
  ['409 on concurrent writes', 'optimistic-concurrency/bob', /409 Conflict/],
  ['learners', 'etcd-consensus/odd-sizes', /non-voting learner/],
  ['snapshot save', 'etcd-consensus/snapshot', /point-in-time copy/],
  ['snapshot restore', 'etcd-restore/restore', /etcdutl writes the snapshot/],
  ['the notes’ two masters: odd sizes', 'etcd-consensus/odd-sizes', /2 masters/],
  [
    'applications’ data is not in etcd',
    'ha-control-plane/etcd',
    /never the applications’ own data/,
  ],
];

describe('the architecture notes’ topics', () => {
  it.each(TOPICS)('%s: taught by %s', (_topic, where, words) => {
    const [scenarioId, stepId] = where.split('/');
    const step = SCENARIOS[scenarioId]?.steps.find((s) => s.id === stepId);
    expect(step, where).toBeDefined();
    expect(step!.narration).toMatch(words);
  });
});
