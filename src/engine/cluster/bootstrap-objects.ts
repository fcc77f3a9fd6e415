import type { KubeObject } from '../api/types';
import { systemPriorityClasses } from '../apiserver/admission/priority';
import { controllerServiceAccounts } from '../apiserver/auth/identities';
import { defaultRbacObjects } from '../apiserver/auth/kubeadm-policy';

// The namespaces every cluster starts with (apiserver's system namespaces controller).
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * What a fresh kubeadm cluster holds before any user acts: system namespaces, the RBAC
 * bootstrap policy, system priority classes, the `kubernetes` Service and its endpoints.
 * Service accounts that kube-controller-manager's service-account controller would create
 * (`default` in each namespace, the controllers' own) are written here at boot.
 */
export function bootstrapObjects(options: {
  apiServerIPs: string[];
  addons: boolean;
}): KubeObject[] {
  const namespaces: KubeObject[] = SYSTEM_NAMESPACES.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  }));
  const serviceAccounts: KubeObject[] = [
    ...SYSTEM_NAMESPACES.map((namespace) => serviceAccount(namespace, 'default')),
    ...controllerServiceAccounts.map((name) => serviceAccount('kube-system', name)),
    ...(options.addons
      ? [serviceAccount('kube-system', 'kube-proxy'), serviceAccount('kube-system', 'coredns')]
      : []),
  ];
  return [
    ...namespaces,
    ...defaultRbacObjects({ addons: options.addons }),
    ...systemPriorityClasses(),
    ...serviceAccounts,
    kubernetesService(),
    kubernetesEndpoints(options.apiServerIPs),
    kubernetesEndpointSlice(options.apiServerIPs),
  ];
}

function serviceAccount(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

// pkg/controlplane/controller/kubernetesservice: ClusterIP is the first address of the
// service CIDR, port 443 → the apiservers' secure port 6443.
function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

// The lease endpoint reconciler keeps the apiservers' addresses here; the simulation writes
// every control-plane node's address at boot.
function kubernetesEndpoints(ips: string[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: ips.map((ip) => ({ ip })),
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ],
  };
}

function kubernetesEndpointSlice(ips: string[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  };
}
