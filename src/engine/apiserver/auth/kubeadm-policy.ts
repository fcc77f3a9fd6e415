// RBAC objects kubeadm adds on top of the apiserver defaults, and the one set the cluster
// stores at boot (bootstrap policy + controller roles + kubeadm objects).
import type { KubeObject } from '../../api/types';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';
import { controllerClusterRoleBindings, controllerClusterRoles } from './controller-policy';
import { clusterAdminsGroup, nodesGroup } from './identities';
import {
  bindingObject,
  groupSubject,
  roleObject,
  rule,
  serviceAccountSubject,
} from './rule-builder';

// cmd/kubeadm/app/constants: the group of bootstrap tokens created by `kubeadm init`
const nodeBootstrapTokenGroup = 'system:bootstrappers:kubeadm:default-node-token';

/** kubeadm's own ClusterRoles, Roles and bindings (phases/bootstraptoken/node, phases/kubeconfig,
 *  phases/addons/proxy), plus the CoreDNS add-on's system:coredns role (phases/addons/dns). */
export function kubeadmRbacObjects(): KubeObject[] {
  return [
    // phases/kubeconfig: admin.conf's group gets cluster-admin through this binding (v1.29+)
    bindingObject('kubeadm:cluster-admins', 'cluster-admin', [groupSubject(clusterAdminsGroup)]),
    roleObject('kubeadm:get-nodes', [rule(['get'], [''], ['nodes'])]),
    bindingObject('kubeadm:get-nodes', 'kubeadm:get-nodes', [
      groupSubject(nodeBootstrapTokenGroup),
    ]),
    bindingObject('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [
      groupSubject(nodeBootstrapTokenGroup),
    ]),
    bindingObject(
      'kubeadm:node-autoapprove-bootstrap',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      [groupSubject(nodeBootstrapTokenGroup)],
    ),
    bindingObject(
      'kubeadm:node-autoapprove-certificate-rotation',
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
      [groupSubject(nodesGroup)],
    ),
    // phases/addons/proxy: kube-proxy runs as the kube-system/kube-proxy service account
    bindingObject('kubeadm:node-proxier', 'system:node-proxier', [
      serviceAccountSubject('kube-system', 'kube-proxy'),
    ]),
    roleObject('kube-proxy', [rule(['get'], [''], ['configmaps'], ['kube-proxy'])], {
      namespace: 'kube-system',
    }),
    bindingObject('kube-proxy', 'kube-proxy', [groupSubject(nodeBootstrapTokenGroup)], {
      namespace: 'kube-system',
      roleKind: 'Role',
    }),
    // phases/addons/dns manifests.go CoreDNSClusterRole / CoreDNSClusterRoleBinding
    roleObject('system:coredns', [
      rule(['list', 'watch'], [''], ['endpoints', 'services', 'pods', 'namespaces']),
      rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
    ]),
    bindingObject('system:coredns', 'system:coredns', [
      serviceAccountSubject('kube-system', 'coredns'),
    ]),
  ];
}

/**
 * Every RBAC object a kubeadm cluster holds right after `kubeadm init`; store them at boot.
 *
 *   for (const obj of defaultRbacObjects()) etcdPut(obj); // ClusterRoles, bindings, Roles
 */
export function defaultRbacObjects(options: { addons?: boolean } = {}): KubeObject[] {
  const kubeadm = kubeadmRbacObjects().filter(
    (o) => options.addons !== false || !o.metadata.name?.startsWith('system:coredns'),
  );
  return [
    ...bootstrapClusterRoles(),
    ...controllerClusterRoles(),
    ...bootstrapClusterRoleBindings(),
    ...controllerClusterRoleBindings(),
    ...kubeadm,
  ];
}
