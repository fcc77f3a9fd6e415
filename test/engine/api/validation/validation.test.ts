import { applyDefaults } from '../../../../src/engine/api/defaults';
import { invalidError } from '../../../../src/engine/api/errors';
import { findResource, resourceForKind } from '../../../../src/engine/api/resources';
import type { KubeObject } from '../../../../src/engine/api/types';
import { validateCreate, validateUpdate } from '../../../../src/engine/api/validation';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
} from '../../../../src/engine/api/validation/names';

// Defaults, validates, and renders the 422 message as the apiserver would.
function createMessage(o: KubeObject): string {
  const r = resourceForKind(o.apiVersion, o.kind)!;
  const obj = applyDefaults(o);
  const errs = validateCreate(obj, r);
  return errs.length === 0 ? 'valid' : invalidError(r, o.metadata.name ?? '', errs).message;
}

const pod = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'x', namespace: 'default', ...meta },
  spec,
});
const c = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'nginx', ...extra });

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('name checks', () => {
  it('renders the RFC 1123 messages verbatim', () => {
    expect(isDNS1123Label('My_Name')).toEqual([LABEL_MSG]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Subdomain('Bad_Name')).toEqual([SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isDNS1123Label('ok-name')).toEqual([]);
  });

  it('checks qualified names with prefix and name parts', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(
      /^a qualified name must consist of alphanumeric characters/,
    );
  });
});

describe('pod validation', () => {
  it.each([
    ['a valid pod', pod({ containers: [c()] }), 'valid'],
    [
      'no containers',
      pod({ containers: [] }),
      'Pod "x" is invalid: spec.containers: Required value',
    ],
    [
      'no image',
      pod({ containers: [c({ image: '' })] }),
      'Pod "x" is invalid: spec.containers[0].image: Required value',
    ],
    [
      'no name and no image',
      pod({ containers: [c({ name: '', image: '' })] }),
      'Pod "x" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    ],
    [
      'duplicate container names',
      pod({ containers: [c(), c()] }),
      'Pod "x" is invalid: spec.containers[1].name: Duplicate value: "app"',
    ],
    [
      'a port out of range',
      pod({ containers: [c({ ports: [{ containerPort: 70000 }] })] }),
      'Pod "x" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [
      'an unknown protocol',
      pod({ containers: [c({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] }),
      'Pod "x" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'an unknown restart policy',
      pod({ restartPolicy: 'Sometimes', containers: [c()] }),
      'Pod "x" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [
      'a request above its limit',
      pod({ containers: [c({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] }),
      'Pod "x" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
    [
      'an extended resource request below its limit',
      pod({
        containers: [
          c({
            resources: { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } },
          }),
        ],
      }),
      'Pod "x" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ],
    [
      'an invalid name',
      pod({ containers: [c()] }, { name: 'Bad_Name' }),
      `Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
    ],
    [
      'no name',
      pod({ containers: [c()] }, { name: undefined }),
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    ],
    [
      'no namespace',
      pod({ containers: [c()] }, { namespace: undefined }),
      'Pod "x" is invalid: metadata.namespace: Required value',
    ],
    [
      'a bad label value',
      pod({ containers: [c()] }, { labels: { app: 'not ok' } }),
      "Pod \"x\" is invalid: metadata.labels: Invalid value: \"not ok\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ])('reports %s', (_name, obj, message) => {
    expect(createMessage(obj)).toBe(message);
  });

  it('gives one cause per field error with its reason and field', () => {
    const r = findResource('', 'pods')!;
    const errs = validateCreate(
      applyDefaults(pod({ containers: [c({ name: '', image: '' })] })),
      r,
    );
    expect(invalidError(r, 'x', errs).status.details).toEqual({
      name: 'x',
      kind: 'Pod',
      causes: [
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.containers[0].name',
        },
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.containers[0].image',
        },
      ],
    });
  });
});

describe('pod update validation', () => {
  const r = findResource('', 'pods')!;
  const old = applyDefaults(pod({ containers: [c()] }, { resourceVersion: '5' }));

  it('allows changing the image', () => {
    const next = structuredClone(old) as KubeObject & { spec: { containers: { image: string }[] } };
    next.spec.containers[0].image = 'nginx:1.27';
    expect(validateUpdate(next, old, r)).toEqual([]);
  });

  it('forbids changing other spec fields with the upstream message', () => {
    const next = structuredClone(old) as KubeObject & { spec: { nodeName?: string } };
    next.spec.nodeName = 'worker-2';
    const errs = validateUpdate(next, old, r);
    expect(errs).toHaveLength(1);
    expect(errs[0].field).toBe('spec');
    expect(errs[0].type).toBe('FieldValueForbidden');
    expect(errs[0].detail).toMatch(
      /^pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    expect(errs[0].detail).toContain('+ \tNodeName: "worker-2",');
  });

  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' };
  const tolerating = applyDefaults(
    pod(
      { containers: [c()], tolerations: [{ ...notReady, tolerationSeconds: 300 }] },
      { resourceVersion: '5' },
    ),
  );
  it.each([
    ['a changed tolerationSeconds', [{ ...notReady, tolerationSeconds: 60 }], []],
    ['an added toleration', [{ ...notReady }, { key: 'gpu', operator: 'Exists' }], []],
    [
      'a changed effect',
      [{ ...notReady, effect: 'NoSchedule' }],
      [
        'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
      ],
    ],
  ])(
    'judges %s on an existing toleration as validateOnlyAddedTolerations does',
    (_, tolerations, want) => {
      const next = structuredClone(tolerating) as KubeObject & { spec: { tolerations: unknown[] } };
      next.spec.tolerations = tolerations;
      const errs = validateUpdate(next, tolerating, r).filter(
        (e) => e.field === 'spec.tolerations',
      );
      expect(errs.map((e) => `${e.field}: Forbidden: ${e.detail}`)).toEqual(want);
    },
  );

  it('forbids renaming and updates without a resourceVersion', () => {
    const next = structuredClone(old);
    next.metadata.name = 'y';
    delete next.metadata.resourceVersion;
    expect(invalidError(r, 'y', validateUpdate(next, old, r)).message).toBe(
      'Pod "y" is invalid: [metadata.resourceVersion: Invalid value: "": must be specified for an update, metadata.name: Invalid value: "y": field is immutable]',
    );
  });
});

const deployment = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec,
});
const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [c()], ...extra },
});

describe('workload validation', () => {
  it.each([
    [
      'a valid deployment',
      deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }),
      'valid',
    ],
    [
      'a selector that does not match',
      deployment({ selector: { matchLabels: { app: 'api' } }, template: template({ app: 'web' }) }),
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      'a missing selector',
      deployment({ template: template({ app: 'web' }) }),
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    ],
    [
      'a restart policy other than Always',
      deployment({
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web' }, { restartPolicy: 'OnFailure' }),
      }),
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
    [
      'negative replicas',
      deployment({
        replicas: -1,
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web' }),
      }),
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'zero surge and zero unavailable',
      deployment({
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web' }),
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
  ])('reports %s', (_name, obj, message) => {
    expect(createMessage(obj)).toBe(message);
  });

  it('makes the deployment selector immutable', () => {
    const r = findResource('apps', 'deployments')!;
    const old = applyDefaults(
      deployment({
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web', v: '1' }),
      }),
    );
    old.metadata.resourceVersion = '3';
    const next = structuredClone(old) as KubeObject & { spec: { selector: unknown } };
    next.spec.selector = { matchLabels: { app: 'web', v: '1' } };
    expect(invalidError(r, 'web', validateUpdate(next, old, r)).message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"1"}}: field is immutable',
    );
  });

  it('rejects a Job whose template restarts Always', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'pi' } }, template: template({ app: 'pi' }) },
    };
    expect(createMessage(job)).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });
});

describe('other kinds', () => {
  it.each([
    [
      'a service without ports',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { selector: { app: 'web' } },
      },
      'Service "web" is invalid: spec.ports: Required value',
    ],
    [
      'a headless service without ports',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { clusterIP: 'None' },
      },
      'valid',
    ],
    [
      'two unnamed service ports',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { ports: [{ port: 80 }, { port: 443 }] },
      },
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    ],
    [
      'an unknown service type',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { type: 'Ingress', ports: [{ port: 80 }] },
      },
      'Service "web" is invalid: spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      'a namespace with a namespace',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', namespace: 'default' } },
      'Namespace "team" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    ],
    [
      'a bad config map key',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg', namespace: 'default' },
        data: { 'a b': 'x' },
      },
      "ConfigMap \"cfg\" is invalid: data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
    [
      'a TLS secret without its key',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'default' },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': 'eA==' },
      },
      'Secret "s" is invalid: data[tls.key]: Required value',
    ],
    [
      'a lease with zero duration',
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'n', namespace: 'kube-node-lease' },
        spec: { leaseDurationSeconds: 0 },
      },
      'Lease.coordination.k8s.io "n" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ],
    [
      'a role rule without verbs',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r', namespace: 'default' },
        rules: [{ apiGroups: [''], resources: ['pods'] }],
      },
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    ],
    [
      'a binding to an unknown kind',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'default' },
        roleRef: { kind: 'Pod', name: 'r' },
      },
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef.kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole"',
    ],
    [
      'an event in another namespace than its object',
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e', namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' },
      },
      'Event "e" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ],
  ])('reports %s', (_name, obj, message) => {
    expect(createMessage(obj as KubeObject)).toBe(message);
  });
});
