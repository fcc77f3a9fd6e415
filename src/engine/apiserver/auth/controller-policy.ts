// The per-controller roles of kube-controller-manager (bootstrappolicy/controller_policy.go):
// each system:controller:<name> ClusterRole is bound to the kube-system/<name> service account
// the controller runs as when --use-service-account-credentials is set (kubeadm sets it).
import type { KubeObject } from '../../api/types';
import type { PolicyRule } from './policy-rule';
import {
  bindingObject,
  bootstrapAnnotations,
  bootstrapLabels,
  eventsRule,
  roleObject,
  rule,
  serviceAccountSubject,
} from './rule-builder';

const saRolePrefix = 'system:controller:';

const controllerRules: Record<string, () => PolicyRule[]> = {
  'attachdetach-controller': () => [
    rule(['list', 'watch'], [''], ['persistentvolumes', 'persistentvolumeclaims']),
    rule(['get', 'list', 'watch'], [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    rule(['list', 'watch'], [''], ['pods']),
    eventsRule(),
    rule(['get', 'create', 'delete', 'list', 'watch'], ['storage.k8s.io'], ['volumeattachments']),
    rule(['get', 'watch', 'list'], ['storage.k8s.io'], ['csidrivers']),
    rule(['get', 'watch', 'list'], ['storage.k8s.io'], ['csinodes']),
  ],
  'clusterrole-aggregation-controller': () => [
    rule(
      ['escalate', 'get', 'list', 'watch', 'update', 'patch'],
      ['rbac.authorization.k8s.io'],
      ['clusterroles'],
    ),
  ],
  'cronjob-controller': () => [
    rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['cronjobs/status']),
    rule(['update'], ['batch'], ['cronjobs/finalizers']),
    rule(['list', 'watch', 'delete'], [''], ['pods']),
    eventsRule(),
  ],
  'daemon-set-controller': () => [
    rule(['get', 'list', 'watch'], ['extensions', 'apps'], ['daemonsets']),
    rule(['update'], ['extensions', 'apps'], ['daemonsets/status']),
    rule(['update'], ['extensions', 'apps'], ['daemonsets/finalizers']),
    rule(['list', 'watch'], [''], ['nodes']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding']),
    rule(
      ['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'],
      ['apps'],
      ['controllerrevisions'],
    ),
    eventsRule(),
  ],
  'deployment-controller': () => [
    rule(['get', 'list', 'watch', 'update'], ['extensions', 'apps'], ['deployments']),
    rule(['update'], ['extensions', 'apps'], ['deployments/status']),
    rule(['update'], ['extensions', 'apps'], ['deployments/finalizers']),
    rule(
      ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      ['apps', 'extensions'],
      ['replicasets'],
    ),
    rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
    eventsRule(),
  ],
  'endpoint-controller': () => [
    rule(['get', 'list', 'watch'], [''], ['services', 'pods']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [''], ['endpoints']),
    rule(['create'], [''], ['endpoints/restricted']),
    eventsRule(),
  ],
  'endpointslice-controller': () => [
    rule(['get', 'list', 'watch'], [''], ['services', 'pods', 'nodes']),
    rule(['update'], [''], ['services/finalizers']),
    rule(
      ['get', 'list', 'watch', 'create', 'update', 'delete'],
      ['discovery.k8s.io'],
      ['endpointslices'],
    ),
    eventsRule(),
  ],
  // the garbage collector may read, update and delete anything, but not create
  'generic-garbage-collector': () => [
    rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']),
    eventsRule(),
  ],
  'job-controller': () => [
    rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['jobs/status']),
    rule(['update'], ['batch'], ['jobs/finalizers']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    eventsRule(),
  ],
  'namespace-controller': () => [
    rule(['get', 'list', 'watch', 'delete'], [''], ['namespaces']),
    rule(['update'], [''], ['namespaces/finalize', 'namespaces/status']),
    rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
  ],
  'node-controller': () => [
    rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['list', 'watch', 'get', 'delete'], [''], ['pods']),
    eventsRule(),
  ],
  'pod-garbage-collector': () => [
    rule(['list', 'watch', 'delete'], [''], ['pods']),
    rule(['get', 'list', 'watch'], [''], ['nodes']),
    rule(['patch'], [''], ['pods/status']),
  ],
  'replicaset-controller': () => [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/status']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    eventsRule(),
  ],
  'replication-controller': () => [
    rule(['get', 'list', 'watch', 'update'], [''], ['replicationcontrollers']),
    rule(['update'], [''], ['replicationcontrollers/status']),
    rule(['update'], [''], ['replicationcontrollers/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    eventsRule(),
  ],
  'resourcequota-controller': () => [
    rule(['list', 'watch'], ['*'], ['*']),
    rule(['update'], [''], ['resourcequotas/status']),
    eventsRule(),
  ],
  'root-ca-cert-publisher': () => [rule(['create', 'update'], [''], ['configmaps']), eventsRule()],
  'service-account-controller': () => [rule(['create'], [''], ['serviceaccounts']), eventsRule()],
  'statefulset-controller': () => [
    rule(['list', 'watch'], [''], ['pods']),
    rule(['get', 'list', 'watch'], ['apps'], ['statefulsets']),
    rule(['update'], ['apps'], ['statefulsets/status']),
    rule(['update'], ['apps'], ['statefulsets/finalizers']),
    rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
    rule(
      ['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'],
      ['apps'],
      ['controllerrevisions'],
    ),
    rule(['get', 'create', 'list', 'watch'], [''], ['persistentvolumeclaims']),
    rule(['update', 'delete'], [''], ['persistentvolumeclaims']),
    rule(['update'], [''], ['pods/finalizers']),
    eventsRule(),
  ],
  'ttl-after-finished-controller': () => [
    rule(['get', 'list', 'watch', 'delete'], ['batch'], ['jobs']),
    eventsRule(),
  ],
  'ttl-controller': () => [
    rule(['update', 'patch', 'list', 'watch'], [''], ['nodes']),
    eventsRule(),
  ],
};

/** The system:controller:* ClusterRoles, in controller_policy.go order. */
export function controllerClusterRoles(): KubeObject[] {
  return Object.entries(controllerRules).map(([name, rules]) =>
    roleObject(`${saRolePrefix}${name}`, rules(), {
      labels: bootstrapLabels,
      annotations: bootstrapAnnotations,
    }),
  );
}

/** The bindings of each controller role to its kube-system service account. */
export function controllerClusterRoleBindings(): KubeObject[] {
  return Object.keys(controllerRules).map((name) =>
    bindingObject(
      `${saRolePrefix}${name}`,
      `${saRolePrefix}${name}`,
      [serviceAccountSubject('kube-system', name)],
      { labels: bootstrapLabels, annotations: bootstrapAnnotations },
    ),
  );
}
