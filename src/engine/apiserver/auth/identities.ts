// Who can talk to the simulated cluster: the users a kubeadm cluster issues credentials to, and
// the bearer tokens that stand in for their client certificates and service-account JWTs.
import type { UserInfo } from '../../api/types';

// k8s.io/apiserver pkg/authentication/user/user.go: well-known users and groups
export const systemPrivilegedGroup = 'system:masters';
export const nodesGroup = 'system:nodes';
export const monitoringGroup = 'system:monitoring';
export const allUnauthenticated = 'system:unauthenticated';
export const allAuthenticated = 'system:authenticated';
export const anonymousUser = 'system:anonymous';
export const kubeProxyUser = 'system:kube-proxy';
export const kubeControllerManagerUser = 'system:kube-controller-manager';
export const kubeSchedulerUser = 'system:kube-scheduler';

// k8s.io/apiserver pkg/authentication/serviceaccount/util.go: username and group prefixes
export const serviceAccountUsernamePrefix = 'system:serviceaccount:';
export const allServiceAccountsGroup = 'system:serviceaccounts';
export const serviceAccountGroupPrefix = 'system:serviceaccounts:';

// pkg/auth/nodeidentifier/default.go: kubelets authenticate as system:node:<nodeName>
export const nodeUsernamePrefix = 'system:node:';

// cmd/kubeadm/app/constants/constants.go: admin.conf is in kubeadm:cluster-admins since v1.29;
// only super-admin.conf (kubernetes-super-admin) is in system:masters
export const clusterAdminsGroup = 'kubeadm:cluster-admins';
export const kubernetesAdminUser = 'kubernetes-admin';
export const kubernetesSuperAdminUser = 'kubernetes-super-admin';

/** The kube-controller-manager controllers that run under their own service account
 *  (kubeadm passes --use-service-account-credentials=true), named as in controller_policy.go. */
export const controllerServiceAccounts = [
  'attachdetach-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
  'statefulset-controller',
  'ttl-after-finished-controller',
  'ttl-controller',
] as const;

/** The username of a service account: system:serviceaccount:<namespace>:<name>. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountUsernamePrefix}${namespace}:${name}`;
}

/** The identity a service account's token authenticates as (serviceaccount.UserInfo). */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    groups: [allServiceAccountsGroup, `${serviceAccountGroupPrefix}${namespace}`, allAuthenticated],
  };
}

/** Splits system:serviceaccount:<ns>:<name> into its parts, or undefined for other users. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(serviceAccountUsernamePrefix.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** The identity of a kubelet: system:node:<name> in system:nodes. */
export function nodeUser(nodeName: string): UserInfo {
  return { username: `${nodeUsernamePrefix}${nodeName}`, groups: [nodesGroup, allAuthenticated] };
}

/** The node a user acts for, as the Node authorizer identifies it (nodeidentifier.NodeIdentity):
 *  a system:node: username in the system:nodes group. */
export function nodeIdentity(user: UserInfo): { nodeName: string } | undefined {
  if (!user.username.startsWith(nodeUsernamePrefix)) return undefined;
  if (!user.groups.includes(nodesGroup)) return undefined;
  return { nodeName: user.username.slice(nodeUsernamePrefix.length) };
}

/** The identity of a request that carries no credentials (anonymous authenticator). */
export function anonymousUserInfo(): UserInfo {
  return { username: anonymousUser, groups: [allUnauthenticated] };
}

/** The simulation's stand-in for a credential: a readable, deterministic bearer token. */
export function tokenFor(username: string): string {
  return `token:${username}`;
}

/** Every credential the simulated cluster knows, by token and by username. */
export interface IdentityTable {
  byToken: ReadonlyMap<string, UserInfo>;
  byName: ReadonlyMap<string, UserInfo>;
}

/** Options for the identities of one cluster. */
export interface ClusterIdentityOptions {
  /** node names, each gets a kubelet identity */
  nodes: readonly string[];
  /** extra service accounts (besides the controllers, kube-proxy and coredns) */
  serviceAccounts?: readonly { namespace: string; name: string }[];
  /** extra users, e.g. { username: 'jane', groups: ['developers'] } */
  users?: readonly UserInfo[];
}

/**
 * The identities a kubeadm cluster hands out, each with its token.
 *
 *   const ids = clusterIdentities({ nodes: ['control-plane-1', 'worker-1'] });
 *   ids.byToken.get(tokenFor('kubernetes-admin'))?.groups; // ['kubeadm:cluster-admins', 'system:authenticated']
 */
export function clusterIdentities(options: ClusterIdentityOptions): IdentityTable {
  const users: UserInfo[] = [
    { username: kubernetesAdminUser, groups: [clusterAdminsGroup, allAuthenticated] },
    { username: kubernetesSuperAdminUser, groups: [systemPrivilegedGroup, allAuthenticated] },
    { username: kubeSchedulerUser, groups: [allAuthenticated] },
    { username: kubeControllerManagerUser, groups: [allAuthenticated] },
    // the upstream bootstrap policy binds this user; kubeadm runs kube-proxy as the
    // kube-system/kube-proxy service account instead (both are known here)
    { username: kubeProxyUser, groups: [allAuthenticated] },
    ...options.nodes.map(nodeUser),
    ...controllerServiceAccounts.map((name) => serviceAccountUser('kube-system', name)),
    serviceAccountUser('kube-system', 'kube-proxy'),
    serviceAccountUser('kube-system', 'coredns'),
    ...(options.serviceAccounts ?? []).map((sa) => serviceAccountUser(sa.namespace, sa.name)),
    ...(options.users ?? []).map((u) => ({
      ...u,
      groups: u.groups.includes(allAuthenticated) ? u.groups : [...u.groups, allAuthenticated],
    })),
  ];
  const byName = new Map<string, UserInfo>();
  const byToken = new Map<string, UserInfo>();
  for (const user of users) {
    byName.set(user.username, user);
    byToken.set(tokenFor(user.username), user);
  }
  return { byName, byToken };
}
