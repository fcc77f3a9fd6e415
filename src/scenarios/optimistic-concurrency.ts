import type { Cluster } from '../engine';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const CM_PATH = '/api/v1/namespaces/default/configmaps/app-config';

/** app-config with one colour, and the resourceVersion its author read (if any). */
export function appConfig(color: string, resourceVersion?: string): string {
  const rv = resourceVersion === undefined ? '' : `\n  resourceVersion: "${resourceVersion}"`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config${rv}
data:
  color: ${color}
`;
}

interface StoredConfigMap {
  metadata: { resourceVersion?: string };
  data?: Record<string, string>;
}

/** app-config as etcd holds it now. */
export function storedConfig(c: Cluster): { color?: string; resourceVersion?: string } {
  const cm = c.get('configmaps', 'app-config') as unknown as StoredConfigMap | undefined;
  return { color: cm?.data?.color, resourceVersion: cm?.metadata.resourceVersion };
}

/** The resourceVersion both writers read, and the one Alice's write left. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const { color, resourceVersion } = storedConfig(c);
  if (!resourceVersion) return {};
  if (!vars.read && color === 'blue') return { read: resourceVersion };
  if (!vars.fresh && color === 'green') return { fresh: resourceVersion };
  return {};
}

/** "Two writers, one object": resourceVersion, 409 Conflict, and how writers retry. */
export const optimisticConcurrency: Scenario = {
  id: 'optimistic-concurrency',
  title: 'Two writers, one object',
  summary:
    'Two clients update the same ConfigMap from the same read: the second gets 409 Conflict, because every write is a compare-and-swap on etcd’s revision.',
  duration: '4 min',
  group: 'control plane internals',
  cluster: { workers: 1 },
  invitation: 'Let two people edit the same ConfigMap',
  intro:
    'Alice and Bob both read app-config, then each replaces it with their own change, sending the resourceVersion they read. The walkthrough follows what the API server and etcd make of the second write.',
  startLabel: 'Create app-config',
  done: 'Bob’s change is stored, made on top of Alice’s',
  manifest: appConfig('blue'),
  learn,
  steps: [
    // kube-apiserver --etcd-compaction-interval: 5m0s by default
    {
      id: 'create',
      title: 'A ConfigMap is created',
      narration:
        'The API server stores app-config in etcd under the key /registry/configmaps/default/app-config. Every write to etcd increases one cluster-wide revision counter, and the key remembers the revision of its last change (its mod_revision). etcd never overwrites in place: each write adds a new revision to its on-disk B+tree (bbolt), and the API server compacts away the old ones every 5 minutes.',
      highlight: ['kubectl', API, 'etcd@*'],
      docs: {
        title: 'ConfigMaps',
        url: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
      },
      kubectl: {
        command: 'apply -f -',
        stdin: appConfig('blue'),
        shown: 'kubectl apply -f app-config.yaml',
      },
      until: { to: 'kubectl', verb: '201', resource: '/api/v1/namespaces/default/configmaps' },
    },
    {
      id: 'read',
      title: 'Alice and Bob read it: resourceVersion {read}',
      narration:
        'Reading the object returns metadata.resourceVersion "{read}": the API server fills it in from the key’s mod_revision in etcd. Clients must treat it as an opaque string, good only for “has this object changed since I read it?”.',
      highlight: ['kubectl', API, 'etcd@*'],
      docs: {
        title: 'API concepts: resource versions',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
      },
      kubectl: {
        command: 'get configmap app-config -o yaml',
        shown: 'kubectl get configmap app-config -o yaml',
      },
      until: { to: 'kubectl', verb: '200', resource: CM_PATH },
    },
    {
      id: 'etcd',
      title: 'The same number in etcd',
      narration:
        'etcdctl on the control-plane node reads the key itself: its mod_revision is the resourceVersion kubectl showed, and version counts this key’s own writes (1 so far). Value is the object exactly as the API server stored it.',
      highlight: ['etcd@*'],
      docs: {
        title: 'Operating etcd clusters for Kubernetes',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      },
      kubectl: {
        command: 'etcdctl get /registry/configmaps/default/app-config -w fields',
        shown: 'etcdctl get /registry/configmaps/default/app-config -w fields',
      },
      until: {
        from: 'etcd@*',
        to: 'etcdctl',
        verb: 'Range',
        resource: '/registry/configmaps/default/app-config',
      },
      question: {
        prompt:
          'kubectl showed resourceVersion "{read}". What mod_revision does etcd report for the key?',
        choices: ['1', '{read}', '0', 'etcd keeps no revisions'],
        answer: (c) => storedConfig(c).resourceVersion ?? -1,
        explanation:
          'The API server does not invent resourceVersions: it reports the etcd revision at which the object was last written.',
      },
    },
    {
      id: 'alice',
      title: 'Alice writes first',
      narration:
        'Alice replaces app-config with color: green and resourceVersion "{read}": kubectl replace sends the whole object in one PUT. The API server turns the update into an etcd transaction: if the key’s mod_revision is still {read}, put the new value; it is, so the write succeeds and the object gets a new resourceVersion.',
      highlight: ['kubectl', API, 'etcd@*'],
      docs: {
        title: 'API concepts: resource versions',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
      },
      actions: [
        {
          kubectl: 'replace -f -',
          stdin: appConfig('green', '{read}'),
          shown: 'kubectl replace -f - < alice.yaml',
        },
      ],
      // kubectl replace sends one PUT of the whole object: the step ends once it is stored
      when: {
        description: 'app-config is green',
        test: (c) => storedConfig(c).color === 'green',
      },
    },
    {
      id: 'bob',
      title: 'Bob writes from the same read',
      narration:
        'Bob replaces it with color: red, also with resourceVersion "{read}", which is no longer current. The API server refuses the write instead of silently losing Alice’s: 409 Conflict, “Operation cannot be fulfilled on configmaps "app-config": the object has been modified; please apply your changes to the latest version and try again”.',
      highlight: ['kubectl', API],
      docs: {
        title: 'API concepts: resource versions',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
      },
      actions: [
        {
          kubectl: 'replace -f -',
          stdin: appConfig('red', '{read}'),
          shown: 'kubectl replace -f - < bob.yaml',
        },
      ],
      until: { to: 'kubectl', verb: '409', resource: CM_PATH },
      question: {
        prompt: 'Bob sends resourceVersion "{read}", as Alice did. What happens to his write?',
        choices: [
          'It overwrites Alice’s: app-config is red',
          'It is refused with 409 Conflict: app-config stays green',
          'The two are merged',
          'It waits until Alice’s write is done, then succeeds',
        ],
        answer: (c) => (storedConfig(c).color === 'green' ? 1 : 0),
        explanation:
          'The object’s resourceVersion moved on with Alice’s write, so Bob’s precondition fails and nothing is stored: optimistic concurrency never locks, it detects.',
      },
    },
    {
      id: 'reread',
      title: 'Bob reads the latest version',
      narration:
        'To recover, Bob reads again: Alice’s green, at resourceVersion "{fresh}". It jumped from {read} because the counter is etcd’s, shared by every key in the cluster (leases, events, pods); a resourceVersion is not a per-object version number.',
      highlight: ['kubectl', API],
      docs: {
        title: 'API concepts: resource versions',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
      },
      kubectl: {
        command: 'get configmap app-config -o yaml',
        shown: 'kubectl get configmap app-config -o yaml',
      },
      until: { to: 'kubectl', verb: '200', resource: CM_PATH },
    },
    // client-go util/retry/util.go: DefaultRetry is 5 steps of 10 ms (factor 1.0, jitter 0.1)
    {
      id: 'retry',
      title: 'Bob retries on the latest version',
      narration:
        'With resourceVersion "{fresh}" his write passes the check. Controllers do the same on every 409: client-go’s retry.RetryOnConflict reads the latest object, reapplies the change and tries again (up to 5 times, 10 ms apart), and a reconcile that fails on a conflict is simply requeued.',
      highlight: ['kubectl', API, 'etcd@*', 'kube-controller-manager@*'],
      docs: {
        title: 'API concepts: resource versions',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
      },
      actions: [
        {
          kubectl: 'replace -f -',
          stdin: appConfig('red', '{fresh}'),
          shown: 'kubectl replace -f - < bob.yaml',
        },
      ],
      // kubectl replace sends one PUT of the whole object: the step ends once it is stored
      when: {
        description: 'app-config is red',
        test: (c) => storedConfig(c).color === 'red',
      },
    },
    {
      id: 'unconditional',
      title: 'Without a resourceVersion, the last write wins',
      narration:
        'A manifest without resourceVersion carries no precondition: kubectl apply sends a patch, which the API server applies to whatever version is current. That is convenient for declarative config, but two such writers overwrite each other without a warning. (kubectl does warn about something else: the replaces dropped the last-applied-configuration annotation apply keeps, so it adds it back.)',
      highlight: ['kubectl', API],
      docs: {
        title: 'Declarative management of objects with configuration files',
        url: 'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
      },
      actions: [
        {
          kubectl: 'apply -f -',
          stdin: appConfig('yellow'),
          shown: 'kubectl apply -f - < carol.yaml',
        },
      ],
      // kubectl apply reads, then patches: the step ends once the patch is stored
      when: {
        description: 'app-config is yellow',
        test: (c) => storedConfig(c).color === 'yellow',
      },
      question: {
        prompt:
          'Carol applies color: yellow from a manifest with no resourceVersion. What happens?',
        choices: [
          'It is refused: no resourceVersion',
          'It is refused with 409 Conflict',
          'It is applied: app-config is yellow',
        ],
        answer: (c) => (storedConfig(c).color === 'yellow' ? 2 : 1),
        explanation:
          'A patch without a resourceVersion asks for no check, so it lands on the latest version whatever happened since Carol last looked.',
      },
    },
  ],
};
