// The ClusterRoles and ClusterRoleBindings kube-apiserver reconciles at start-up
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go; rules as rendered in its
// testdata/cluster-roles.yaml). Roles with an aggregationRule carry their aggregated rules
// already, as the clusterrole-aggregation controller fills them in within seconds of boot.
import type { KubeObject } from '../../api/types';
import {
  allAuthenticated,
  allServiceAccountsGroup,
  allUnauthenticated,
  kubeControllerManagerUser,
  kubeProxyUser,
  kubeSchedulerUser,
  monitoringGroup,
  systemPrivilegedGroup,
} from './identities';
import type { PolicyRule } from './policy-rule';
import {
  bindingObject,
  bootstrapAnnotations,
  bootstrapLabels,
  eventsRule,
  groupSubject,
  read,
  readUpdate,
  readWrite,
  roleObject,
  rule,
  serviceAccountSubject,
  urlRule,
  userSubject,
  write,
} from './rule-builder';

const defaults = { labels: bootstrapLabels, annotations: bootstrapAnnotations };

const aggregateToAdmin = 'rbac.authorization.k8s.io/aggregate-to-admin';
const aggregateToEdit = 'rbac.authorization.k8s.io/aggregate-to-edit';
const aggregateToView = 'rbac.authorization.k8s.io/aggregate-to-view';

const aggregateToAdminRules = (): PolicyRule[] => [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(readWrite, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
];

const aggregateToEditRules = (): PolicyRule[] => [
  rule(
    read,
    [''],
    ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy'],
  ),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(
    write,
    [''],
    [
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/proxy',
      'persistentvolumeclaims',
      'configmaps',
      'secrets',
      'events',
    ],
  ),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(
    write,
    ['apps'],
    [
      'statefulsets',
      'statefulsets/scale',
      'daemonsets',
      'deployments',
      'deployments/scale',
      'deployments/rollback',
      'replicasets',
      'replicasets/scale',
    ],
  ),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['jobs', 'cronjobs']),
  rule(
    write,
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/scale',
      'deployments/rollback',
      'ingresses',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
      'networkpolicies',
    ],
  ),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
  rule(readWrite, ['coordination.k8s.io'], ['leases']),
];

const aggregateToViewRules = (): PolicyRule[] => [
  rule(
    read,
    [''],
    [
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'configmaps',
    ],
  ),
  rule(
    read,
    [''],
    [
      'limitranges',
      'resourcequotas',
      'bindings',
      'events',
      'pods/status',
      'resourcequotas/status',
      'namespaces/status',
      'replicationcontrollers/status',
      'pods/log',
    ],
  ),
  rule(read, [''], ['namespaces']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(
    read,
    ['apps'],
    [
      'controllerrevisions',
      'statefulsets',
      'statefulsets/status',
      'statefulsets/scale',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/status',
      'deployments/scale',
      'replicasets',
      'replicasets/status',
      'replicasets/scale',
    ],
  ),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
  rule(
    read,
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
      'networkpolicies',
    ],
  ),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
];

/** The rules of the system:node role, which the Node authorizer also evaluates for kubelets
 *  (bootstrappolicy NodeRules with the default feature gates). */
export function nodeRules(): PolicyRule[] {
  return [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(
      ['create'],
      ['authorization.k8s.io'],
      ['subjectaccessreviews', 'localsubjectaccessreviews'],
    ),
    rule(read, [''], ['services']),
    rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
    rule(['update', 'patch'], [''], ['nodes/status']),
    rule(['update', 'patch'], [''], ['nodes']),
    rule(['create', 'update', 'patch'], [''], ['events']),
    rule(read, [''], ['pods']),
    rule(['create', 'delete'], [''], ['pods']),
    rule(['update', 'patch'], [''], ['pods/status']),
    rule(['create'], [''], ['pods/eviction']),
    rule(['get', 'list', 'watch'], [''], ['secrets', 'configmaps']),
    rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['get'], [''], ['endpoints']),
    rule(
      ['create', 'get', 'list', 'watch'],
      ['certificates.k8s.io'],
      ['certificatesigningrequests'],
    ),
    rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
    rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
    rule(['create'], [''], ['serviceaccounts/token']),
    rule(['get', 'update', 'patch'], [''], ['persistentvolumeclaims/status']),
    rule(['get', 'watch', 'list'], ['storage.k8s.io'], ['csidrivers']),
    rule(['get', 'create', 'update', 'patch', 'delete'], ['storage.k8s.io'], ['csinodes']),
    rule(['get', 'list', 'watch'], ['node.k8s.io'], ['runtimeclasses']),
  ];
}

function kubeSchedulerRules(): PolicyRule[] {
  return [
    eventsRule(),
    // leader election on the kube-scheduler Lease
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
    rule(read, [''], ['nodes']),
    rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding', 'bindings']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(read, [''], ['services', 'replicationcontrollers']),
    rule(read, ['apps', 'extensions'], ['replicasets']),
    rule(read, ['apps'], ['statefulsets']),
    rule(read, ['policy'], ['poddisruptionbudgets']),
    rule(read, [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    rule(read, ['storage.k8s.io'], ['csinodes']),
    rule(read, [''], ['namespaces']),
    rule(read, ['storage.k8s.io'], ['csidrivers']),
    rule(read, ['storage.k8s.io'], ['csistoragecapacities']),
  ];
}

function kubeControllerManagerRules(): PolicyRule[] {
  return [
    eventsRule(),
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
    rule(['create'], [''], ['secrets', 'serviceaccounts']),
    rule(['delete'], [''], ['secrets']),
    rule(['get'], [''], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
    rule(['update'], [''], ['secrets', 'serviceaccounts']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    // every shared informer
    rule(['list', 'watch'], ['*'], ['*']),
    rule(['create'], [''], ['serviceaccounts/token']),
  ];
}

// clusterrole-aggregation controller: rules of the selected roles, by role name, without repeats
function aggregate(...sources: PolicyRule[][]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const rules of sources) {
    for (const r of rules) {
      const key = JSON.stringify(r);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/** The default ClusterRoles (policy.go clusterRoles), in name order as the testdata lists them. */
export function bootstrapClusterRoles(): KubeObject[] {
  const view = aggregateToViewRules();
  const edit = aggregate(aggregateToEditRules(), view);
  const admin = aggregate(edit, aggregateToAdminRules());
  const roles: KubeObject[] = [
    roleObject('admin', admin, { ...defaults, aggregateLabels: [aggregateToAdmin] }),
    roleObject('cluster-admin', [rule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])], defaults),
    roleObject('edit', edit, {
      ...defaults,
      labels: { ...bootstrapLabels, [aggregateToAdmin]: 'true' },
      aggregateLabels: [aggregateToEdit],
    }),
    roleObject('system:aggregate-to-admin', aggregateToAdminRules(), {
      ...defaults,
      labels: { ...bootstrapLabels, [aggregateToAdmin]: 'true' },
    }),
    roleObject('system:aggregate-to-edit', aggregateToEditRules(), {
      ...defaults,
      labels: { ...bootstrapLabels, [aggregateToEdit]: 'true' },
    }),
    roleObject('system:aggregate-to-view', aggregateToViewRules(), {
      ...defaults,
      labels: { ...bootstrapLabels, [aggregateToView]: 'true' },
    }),
    roleObject(
      'system:auth-delegator',
      [
        rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
        rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      ],
      defaults,
    ),
    roleObject(
      'system:basic-user',
      [
        rule(
          ['create'],
          ['authorization.k8s.io'],
          ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        ),
        rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
      ],
      defaults,
    ),
    roleObject(
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'])],
      defaults,
    ),
    roleObject(
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
      [rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'])],
      defaults,
    ),
    roleObject(
      'system:discovery',
      [
        urlRule(
          ['get'],
          [
            '/livez',
            '/readyz',
            '/healthz',
            '/version',
            '/version/',
            '/openapi',
            '/openapi/*',
            '/api',
            '/api/*',
            '/apis',
            '/apis/*',
          ],
        ),
      ],
      defaults,
    ),
    roleObject('system:kube-aggregator', [rule(read, [''], ['services', 'endpoints'])], defaults),
    roleObject('system:kube-controller-manager', kubeControllerManagerRules(), defaults),
    roleObject(
      'system:kube-dns',
      [rule(['list', 'watch'], [''], ['endpoints', 'services'])],
      defaults,
    ),
    roleObject('system:kube-scheduler', kubeSchedulerRules(), defaults),
    roleObject(
      'system:kubelet-api-admin',
      [
        rule(['get', 'list', 'watch'], [''], ['nodes']),
        rule(['proxy'], [''], ['nodes']),
        rule(['*'], [''], ['nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log']),
      ],
      defaults,
    ),
    roleObject(
      'system:monitoring',
      [
        urlRule(
          ['get'],
          [
            '/healthz',
            '/healthz/*',
            '/livez',
            '/livez/*',
            '/metrics',
            '/metrics/slis',
            '/readyz',
            '/readyz/*',
          ],
        ),
      ],
      defaults,
    ),
    roleObject('system:node', nodeRules(), defaults),
    roleObject(
      'system:node-bootstrapper',
      [
        rule(
          ['create', 'get', 'list', 'watch'],
          ['certificates.k8s.io'],
          ['certificatesigningrequests'],
        ),
      ],
      defaults,
    ),
    roleObject(
      'system:node-problem-detector',
      [rule(['get'], [''], ['nodes']), rule(['patch'], [''], ['nodes/status']), eventsRule()],
      defaults,
    ),
    roleObject(
      'system:node-proxier',
      [
        rule(['list', 'watch'], [''], ['services', 'endpoints']),
        rule(['get', 'list', 'watch'], [''], ['nodes']),
        eventsRule(),
        rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
      ],
      defaults,
    ),
    roleObject(
      'system:public-info-viewer',
      [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])],
      defaults,
    ),
    roleObject(
      'system:service-account-issuer-discovery',
      [urlRule(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks'])],
      defaults,
    ),
    roleObject(
      'system:volume-scheduler',
      [
        rule(readUpdate, [''], ['persistentvolumes']),
        rule(read, ['storage.k8s.io'], ['storageclasses']),
        rule(readUpdate, [''], ['persistentvolumeclaims']),
      ],
      defaults,
    ),
    roleObject('view', view, {
      ...defaults,
      labels: { ...bootstrapLabels, [aggregateToEdit]: 'true' },
      aggregateLabels: [aggregateToView],
    }),
  ];
  return roles;
}

/** The default ClusterRoleBindings (policy.go clusterRoleBindings). */
export function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    bindingObject(
      'cluster-admin',
      'cluster-admin',
      [groupSubject(systemPrivilegedGroup)],
      defaults,
    ),
    bindingObject(
      'system:monitoring',
      'system:monitoring',
      [groupSubject(monitoringGroup)],
      defaults,
    ),
    bindingObject(
      'system:discovery',
      'system:discovery',
      [groupSubject(allAuthenticated)],
      defaults,
    ),
    bindingObject(
      'system:basic-user',
      'system:basic-user',
      [groupSubject(allAuthenticated)],
      defaults,
    ),
    bindingObject(
      'system:public-info-viewer',
      'system:public-info-viewer',
      [groupSubject(allAuthenticated), groupSubject(allUnauthenticated)],
      defaults,
    ),
    bindingObject(
      'system:node-proxier',
      'system:node-proxier',
      [userSubject(kubeProxyUser)],
      defaults,
    ),
    bindingObject(
      'system:kube-controller-manager',
      'system:kube-controller-manager',
      [userSubject(kubeControllerManagerUser)],
      defaults,
    ),
    bindingObject(
      'system:kube-dns',
      'system:kube-dns',
      [serviceAccountSubject('kube-system', 'kube-dns')],
      defaults,
    ),
    bindingObject(
      'system:kube-scheduler',
      'system:kube-scheduler',
      [userSubject(kubeSchedulerUser)],
      defaults,
    ),
    bindingObject(
      'system:volume-scheduler',
      'system:volume-scheduler',
      [userSubject(kubeSchedulerUser)],
      defaults,
    ),
    // deprecated since v1.7 in favour of the Node authorizer: kept with no subjects
    bindingObject('system:node', 'system:node', [], defaults),
    bindingObject(
      'system:service-account-issuer-discovery',
      'system:service-account-issuer-discovery',
      [groupSubject(allServiceAccountsGroup)],
      defaults,
    ),
  ];
}
