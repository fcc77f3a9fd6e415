import { toYaml } from '../kubectl/encode';
import type { Cluster } from '../cluster/cluster';
import { STATIC_POD_PATH } from '../node/static-pod-source';
import { KUBE_DNS_IP, CLUSTER_DOMAIN } from '../addons/coredns-objects';

/** A file kubeadm leaves on a node: its path and, for text files, what it holds. */
export interface NodeFile {
  path: string;
  /** undefined for keys and certificates (listed, not shown) */
  content?: string;
}

const MANIFESTS = `${STATIC_POD_PATH}/`;

// kubectl config view prints embedded certificates and keys this way; the simulation has none.
const OMITTED = 'DATA+OMITTED';

/**
 * The files kubeadm writes on a node, as `ls -R /etc/kubernetes /var/lib/kubelet/config.yaml`
 * would find them: the kubeconfigs (admin.conf and super-admin.conf only where `kubeadm init`
 * ran; controller-manager.conf and scheduler.conf on every control plane; kubelet.conf
 * everywhere), the static-pod manifests in the node's files as they are now, the pki/ listing,
 * the kubelet's config.yaml and any other file an operator left on the node.
 *
 *   nodeFiles(c, 'worker-1').map((f) => f.path); // ['/etc/kubernetes/kubelet.conf', …]
 */
export function nodeFiles(c: Cluster, nodeName: string): NodeFile[] {
  const plan = c.nodes.find((n) => n.name === nodeName);
  if (!plan) return [];
  const cps = c.nodes.filter((n) => n.controlPlane);
  const first = cps[0]?.name === nodeName;
  // kubeadm's controlPlaneEndpoint: the load balancer in HA, else the first control plane
  const endpoint = `https://${c.loadBalancer ? 'load-balancer' : cps[0].ip}:6443`;
  const local = `https://${plan.ip}:6443`;
  const fs = c.hostFs.get(nodeName);
  const files: NodeFile[] = [];
  const add = (path: string, content?: string) =>
    files.push(content === undefined ? { path } : { path, content });
  if (plan.controlPlane) {
    add('/etc/kubernetes/admin.conf', kubeconfig(endpoint, 'kubernetes-admin'));
    // kubeadm keeps the scheduler and controller manager on the local apiserver (LocalAPIEndpoint)
    add(
      '/etc/kubernetes/controller-manager.conf',
      kubeconfig(local, 'system:kube-controller-manager'),
    );
  }
  add('/etc/kubernetes/kubelet.conf', kubeletConf(c, plan.name, first, endpoint, local));
  if (plan.controlPlane) {
    add('/etc/kubernetes/scheduler.conf', kubeconfig(local, 'system:kube-scheduler'));
    // super-admin.conf (v1.29+) is written only by `kubeadm init`, never by `kubeadm join`
    if (first)
      add('/etc/kubernetes/super-admin.conf', kubeconfig(endpoint, 'kubernetes-super-admin'));
    // the static pod manifests as they are on the node now (an operator may have moved or edited them)
    for (const path of fs?.paths() ?? []) if (path.startsWith(MANIFESTS)) add(path, fs!.read(path));
    for (const f of CONTROL_PLANE_PKI) add(`/etc/kubernetes/pki/${f}`);
  } else add('/etc/kubernetes/pki/ca.crt');
  add('/var/lib/kubelet/config.yaml', kubeletConfig());
  // whatever else is on the node: a manifest moved to /tmp during an etcd restore, say
  for (const path of fs?.paths() ?? []) if (!path.startsWith(MANIFESTS)) add(path, fs!.read(path));
  return files;
}

// kubeadm's certs phase (`kubeadm certs check-expiration` lists the same set).
const CONTROL_PLANE_PKI = [
  'apiserver-etcd-client.crt',
  'apiserver-etcd-client.key',
  'apiserver-kubelet-client.crt',
  'apiserver-kubelet-client.key',
  'apiserver.crt',
  'apiserver.key',
  'ca.crt',
  'ca.key',
  'etcd/ca.crt',
  'etcd/ca.key',
  'etcd/healthcheck-client.crt',
  'etcd/healthcheck-client.key',
  'etcd/peer.crt',
  'etcd/peer.key',
  'etcd/server.crt',
  'etcd/server.key',
  'front-proxy-ca.crt',
  'front-proxy-ca.key',
  'front-proxy-client.crt',
  'front-proxy-client.key',
  'sa.key',
  'sa.pub',
];

/** A kubeconfig as kubeadm's kubeconfig phase writes it: cluster `kubernetes`, one user. */
function kubeconfig(server: string, user: string): string {
  return toYaml({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': OMITTED, server }, name: 'kubernetes' }],
    contexts: [{ context: { cluster: 'kubernetes', user }, name: `${user}@kubernetes` }],
    'current-context': `${user}@kubernetes`,
    kind: 'Config',
    preferences: {},
    users: [
      { name: user, user: { 'client-certificate-data': OMITTED, 'client-key-data': OMITTED } },
    ],
  });
}

/**
 * kubelet.conf: on the init node kubeadm's kubelet-finalize phase points it at the rotated
 * client certificate; joined nodes get the TLS-bootstrap kubeconfig (default-cluster,
 * default-auth). The server is the one the engine's kubelet talks to.
 */
function kubeletConf(c: Cluster, node: string, first: boolean, endpoint: string, local: string) {
  const server = c.nodes.find((n) => n.name === node)!.controlPlane ? local : endpoint;
  const pem = '/var/lib/kubelet/pki/kubelet-client-current.pem';
  const cert = { 'client-certificate': pem, 'client-key': pem };
  if (first) {
    const user = `system:node:${node}`;
    return toYaml({
      apiVersion: 'v1',
      clusters: [
        { cluster: { 'certificate-authority-data': OMITTED, server }, name: 'kubernetes' },
      ],
      contexts: [{ context: { cluster: 'kubernetes', user }, name: `${user}@kubernetes` }],
      'current-context': `${user}@kubernetes`,
      kind: 'Config',
      preferences: {},
      users: [{ name: user, user: cert }],
    });
  }
  return toYaml({
    apiVersion: 'v1',
    clusters: [
      { cluster: { 'certificate-authority-data': OMITTED, server }, name: 'default-cluster' },
    ],
    contexts: [
      {
        context: { cluster: 'default-cluster', namespace: 'default', user: 'default-auth' },
        name: 'default-context',
      },
    ],
    'current-context': 'default-context',
    kind: 'Config',
    preferences: {},
    users: [{ name: 'default-auth', user: cert }],
  });
}

/** /var/lib/kubelet/config.yaml as kubeadm writes it from the kubelet-config ConfigMap. */
function kubeletConfig(): string {
  return toYaml({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    authentication: {
      anonymous: { enabled: false },
      webhook: { cacheTTL: '0s', enabled: true },
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
    },
    authorization: {
      mode: 'Webhook',
      webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' },
    },
    cgroupDriver: 'systemd',
    clusterDNS: [KUBE_DNS_IP],
    clusterDomain: CLUSTER_DOMAIN,
    containerRuntimeEndpoint: '',
    cpuManagerReconcilePeriod: '0s',
    evictionPressureTransitionPeriod: '0s',
    fileCheckFrequency: '0s',
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    httpCheckFrequency: '0s',
    imageMaximumGCAge: '0s',
    imageMinimumGCAge: '0s',
    kind: 'KubeletConfiguration',
    logging: {
      flushFrequency: 0,
      options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } },
      verbosity: 0,
    },
    memorySwap: {},
    nodeStatusReportFrequency: '0s',
    nodeStatusUpdateFrequency: '0s',
    rotateCertificates: true,
    runtimeRequestTimeout: '0s',
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    staticPodPath: '/etc/kubernetes/manifests',
    streamingConnectionIdleTimeout: '0s',
    syncFrequency: '0s',
    volumeStatsAggPeriod: '0s',
  });
}
