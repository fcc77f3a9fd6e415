// kubeadm's static pod manifests (/etc/kubernetes/manifests/*.yaml, as `kubeadm init` v1.32
// writes them for a stacked-etcd control plane), and the mirror pods the kubelet publishes
// for them (pkg/kubelet/pod/mirror_client.go).
import type { KubeObject } from '../api/types';
import { syntheticDigest } from './images';

export interface ControlPlaneNode {
  name: string;
  ip: string;
  /** every control-plane node, for etcd's --initial-cluster */
  peers: { name: string; ip: string }[];
}

const K8S_VERSION = 'v1.32.3';
const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';

const hostPath = (name: string, path: string, type: string) => ({
  name,
  hostPath: { path, type },
});
const mount = (name: string, mountPath: string, readOnly = true) => ({
  name,
  mountPath,
  ...(readOnly ? { readOnly } : {}),
});
const httpProbe = (
  host: string,
  path: string,
  port: number,
  scheme: string,
  failureThreshold: number,
  periodSeconds = 10,
) => ({
  failureThreshold,
  httpGet: { host, path, port, scheme },
  initialDelaySeconds: 10,
  periodSeconds,
  timeoutSeconds: 15,
});
const certVolumes = [
  hostPath('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'),
  hostPath('etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate'),
  hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
  hostPath(
    'usr-local-share-ca-certificates',
    '/usr/local/share/ca-certificates',
    'DirectoryOrCreate',
  ),
  hostPath('usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'),
];
const certMounts = [
  mount('ca-certs', '/etc/ssl/certs'),
  mount('etc-ca-certificates', '/etc/ca-certificates'),
  mount('k8s-certs', '/etc/kubernetes/pki'),
  mount('usr-local-share-ca-certificates', '/usr/local/share/ca-certificates'),
  mount('usr-share-ca-certificates', '/usr/share/ca-certificates'),
];

function manifest(
  name: string,
  annotations: Record<string, string>,
  container: Record<string, unknown>,
  volumes: unknown[],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      labels: { component: name, tier: 'control-plane' },
      name,
      namespace: 'kube-system',
    },
    spec: {
      containers: [{ name, imagePullPolicy: 'IfNotPresent', ...container }],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes,
    },
    status: {},
  };
}

/** The four manifests kubeadm writes on a control-plane node, keyed by file name. */
export function kubeadmManifests(n: ControlPlaneNode): Record<string, KubeObject> {
  const etcdServers = 'https://127.0.0.1:2379';
  return {
    'etcd.yaml': manifest(
      'etcd',
      { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${n.ip}:2379` },
      {
        command: [
          'etcd',
          `--advertise-client-urls=https://${n.ip}:2379`,
          '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '--client-cert-auth=true',
          '--data-dir=/var/lib/etcd',
          '--experimental-initial-corrupt-check=true',
          '--experimental-watch-progress-notify-interval=5s',
          `--initial-advertise-peer-urls=https://${n.ip}:2380`,
          `--initial-cluster=${n.peers.map((p) => `${p.name}=https://${p.ip}:2380`).join(',')}`,
          '--key-file=/etc/kubernetes/pki/etcd/server.key',
          `--listen-client-urls=https://127.0.0.1:2379,https://${n.ip}:2379`,
          '--listen-metrics-urls=http://127.0.0.1:2381',
          `--listen-peer-urls=https://${n.ip}:2380`,
          `--name=${n.name}`,
          '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
          '--peer-client-cert-auth=true',
          '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
          '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '--snapshot-count=10000',
          '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        ],
        image: ETCD_IMAGE,
        livenessProbe: httpProbe('127.0.0.1', '/livez', 2381, 'HTTP', 8),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        startupProbe: httpProbe('127.0.0.1', '/readyz', 2381, 'HTTP', 24),
        volumeMounts: [
          mount('etcd-data', '/var/lib/etcd', false),
          mount('etcd-certs', '/etc/kubernetes/pki/etcd', false),
        ],
      },
      [
        hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'),
        hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate'),
      ],
    ),
    'kube-apiserver.yaml': manifest(
      'kube-apiserver',
      { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${n.ip}:6443` },
      {
        command: [
          'kube-apiserver',
          `--advertise-address=${n.ip}`,
          '--allow-privileged=true',
          '--authorization-mode=Node,RBAC',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--enable-admission-plugins=NodeRestriction',
          '--enable-bootstrap-token-auth=true',
          '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
          '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
          '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
          `--etcd-servers=${etcdServers}`,
          '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
          '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
          '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
          '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
          '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
          '--requestheader-allowed-names=front-proxy-client',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--requestheader-extra-headers-prefix=X-Remote-Extra-',
          '--requestheader-group-headers=X-Remote-Group',
          '--requestheader-username-headers=X-Remote-User',
          '--secure-port=6443',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
          '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/12',
          '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
          '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
        ],
        image: `registry.k8s.io/kube-apiserver:${K8S_VERSION}`,
        livenessProbe: httpProbe(n.ip, '/livez', 6443, 'HTTPS', 8),
        readinessProbe: httpProbe(n.ip, '/readyz', 6443, 'HTTPS', 3, 1),
        resources: { requests: { cpu: '250m' } },
        startupProbe: httpProbe(n.ip, '/livez', 6443, 'HTTPS', 24),
        volumeMounts: certMounts,
      },
      certVolumes,
    ),
    'kube-controller-manager.yaml': manifest(
      'kube-controller-manager',
      {},
      {
        command: [
          'kube-controller-manager',
          '--allocate-node-cidrs=true',
          '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--bind-address=127.0.0.1',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-cidr=10.244.0.0/16',
          '--cluster-name=kubernetes',
          '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
          '--controllers=*,bootstrapsigner,tokencleaner',
          '--kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--leader-elect=true',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--root-ca-file=/etc/kubernetes/pki/ca.crt',
          '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/12',
          '--use-service-account-credentials=true',
        ],
        image: `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`,
        livenessProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', 8),
        resources: { requests: { cpu: '200m' } },
        startupProbe: httpProbe('127.0.0.1', '/healthz', 10257, 'HTTPS', 24),
        volumeMounts: [
          ...certMounts,
          mount('kubeconfig', '/etc/kubernetes/controller-manager.conf'),
        ],
      },
      [
        ...certVolumes,
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
      ],
    ),
    'kube-scheduler.yaml': manifest(
      'kube-scheduler',
      {},
      {
        command: [
          'kube-scheduler',
          '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--bind-address=127.0.0.1',
          '--kubeconfig=/etc/kubernetes/scheduler.conf',
          '--leader-elect=true',
        ],
        image: `registry.k8s.io/kube-scheduler:${K8S_VERSION}`,
        livenessProbe: httpProbe('127.0.0.1', '/healthz', 10259, 'HTTPS', 8),
        resources: { requests: { cpu: '100m' } },
        startupProbe: httpProbe('127.0.0.1', '/healthz', 10259, 'HTTPS', 24),
        volumeMounts: [mount('kubeconfig', '/etc/kubernetes/scheduler.conf')],
      },
      [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
    ),
  };
}

// kubelet config sources (pkg/kubelet/types/pod_update.go)
export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';
export const CONFIG_SOURCE = 'kubernetes.io/config.source';

/**
 * The pod the kubelet runs from a manifest file (config/file.go + common.go): its name gets
 * `-<node>`, its uid is the manifest's hash, nodeName is this node.
 */
export function staticPod(file: KubeObject, node: string, seen: string): KubeObject {
  const hash = syntheticDigest(JSON.stringify(file)).slice(0, 32);
  return {
    ...file,
    metadata: {
      ...file.metadata,
      name: `${file.metadata.name}-${node}`,
      uid: hash,
      annotations: {
        ...file.metadata.annotations,
        [CONFIG_HASH]: hash,
        [CONFIG_SEEN]: seen,
        [CONFIG_SOURCE]: 'file',
      },
    },
    spec: {
      ...(file.spec as object),
      nodeName: node,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
    },
  };
}

/** The mirror pod that shows a static pod in the API, owned by the Node. */
export function mirrorPod(pod: KubeObject, node: { name: string; uid: string }): KubeObject {
  const hash = pod.metadata.annotations?.[CONFIG_HASH] ?? '';
  const { uid: _uid, ...metadata } = pod.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...metadata,
      annotations: { ...pod.metadata.annotations, 'kubernetes.io/config.mirror': hash },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true },
      ],
    },
    spec: pod.spec,
  };
}
