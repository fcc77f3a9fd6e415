import {
  applyDefaults,
  generateJobSelector,
  hasDefaults,
  imageTag,
} from '../../../../src/engine/api/defaults';
import type { KubeObject } from '../../../../src/engine/api/types';

const obj = (apiVersion: string, kind: string, rest: Record<string, unknown>): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default' },
  ...rest,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep paths freely
const defaulted = (o: KubeObject): any => applyDefaults(o);

describe('image tags decide the pull policy', () => {
  it.each([
    ['nginx', 'latest'],
    ['nginx:latest', 'latest'],
    ['nginx:1.25', '1.25'],
    ['registry.k8s.io/pause:3.10', '3.10'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v1', 'v1'],
    ['nginx@sha256:abc', ''],
    ['nginx:1.25@sha256:abc', '1.25'],
    ['Nginx', ''],
    ['', ''],
  ])('%j has tag %j', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});

describe('pod defaults', () => {
  const pod = obj('v1', 'Pod', {
    spec: {
      containers: [
        { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] },
        {
          name: 'b',
          image: 'nginx:1.25',
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
        },
        { name: 'c', image: 'busybox:latest', readinessProbe: { httpGet: { port: 8080 } } },
      ],
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }],
    },
  });

  it('fills the PodSpec defaults', () => {
    const spec = defaulted(pod).spec;
    expect(spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(spec).not.toHaveProperty('priority');
    expect(spec).not.toHaveProperty('tolerations');
  });

  it('defaults containers: pull policy by tag, termination message, port protocol', () => {
    const [a, b, c] = defaulted(pod).spec.containers;
    expect(a).toEqual({
      name: 'a',
      image: 'nginx',
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: {},
    });
    expect(b.imagePullPolicy).toBe('IfNotPresent');
    expect(c.imagePullPolicy).toBe('Always');
  });

  it('defaults missing requests from limits, keeping given requests', () => {
    const b = defaulted(pod).spec.containers[1];
    expect(b.resources).toEqual({
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    });
  });

  it('defaults probes and volumes', () => {
    const spec = defaulted(pod).spec;
    expect(spec.containers[2].readinessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    ]);
  });

  it('keeps explicit values and does not modify the input', () => {
    const given = obj('v1', 'Pod', {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Never' }],
      },
    });
    const before = structuredClone(given);
    const out = defaulted(given);
    expect(out.spec.restartPolicy).toBe('Never');
    expect(out.spec.containers[0].imagePullPolicy).toBe('Never');
    expect(given).toEqual(before);
  });

  it('rounds resource values up to milli', () => {
    const p = obj('v1', 'Pod', {
      spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100n' } } }] },
    });
    expect(defaulted(p).spec.containers[0].resources.requests.cpu).toBe('1m');
  });
});

describe('workload defaults', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
  };

  it('defaults a Deployment', () => {
    const d = defaulted(
      obj('apps/v1', 'Deployment', {
        spec: { selector: { matchLabels: { app: 'web' } }, template },
      }),
    );
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    });
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    // Pod-only defaults do not apply to templates
    expect(d.spec.template.spec).not.toHaveProperty('enableServiceLinks');
  });

  it('leaves a Recreate strategy without rolling parameters', () => {
    const d = defaulted(
      obj('apps/v1', 'Deployment', { spec: { strategy: { type: 'Recreate' }, template } }),
    );
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('defaults a ReplicaSet, DaemonSet and StatefulSet', () => {
    expect(defaulted(obj('apps/v1', 'ReplicaSet', { spec: { template } })).spec.replicas).toBe(1);
    expect(defaulted(obj('apps/v1', 'DaemonSet', { spec: { template } })).spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
    expect(
      defaulted(obj('apps/v1', 'StatefulSet', { spec: { serviceName: 'web', template } })).spec,
    ).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
    });
  });

  it('defaults a Job and copies template labels to an unlabelled job', () => {
    const j = defaulted(obj('batch/v1', 'Job', { spec: { template } }));
    expect(j.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.metadata.labels).toEqual({ app: 'web' });
    // the template still defaults to Always, which Job validation then rejects
    expect(j.spec.template.spec.restartPolicy).toBe('Always');
    const parallel = defaulted(obj('batch/v1', 'Job', { spec: { parallelism: 3, template } }));
    expect(parallel.spec.completions).toBeUndefined();
    expect(
      defaulted(obj('batch/v1', 'Job', { spec: { backoffLimitPerIndex: 1, template } })).spec
        .backoffLimit,
    ).toBe(2147483647);
  });

  it('generates the job selector from its uid', () => {
    const j = defaulted(obj('batch/v1', 'Job', { spec: { template } }));
    j.metadata.uid = 'u-1';
    generateJobSelector(j);
    expect(j.spec.selector).toEqual({
      matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' },
    });
    expect(j.spec.template.metadata.labels).toEqual({
      app: 'web',
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'x',
      'controller-uid': 'u-1',
      'job-name': 'x',
    });
  });
});

describe('service and core kind defaults', () => {
  it('defaults a ClusterIP service', () => {
    const s = defaulted(
      obj('v1', 'Service', {
        spec: {
          selector: { app: 'web' },
          ports: [{ port: 80 }, { port: 443, targetPort: 'https' }],
        },
      }),
    );
    expect(s.spec).toEqual({
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('defaults external traffic policy and ClientIP affinity timeout', () => {
    const s = defaulted(
      obj('v1', 'Service', {
        spec: { type: 'NodePort', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
      }),
    );
    expect(s.spec.externalTrafficPolicy).toBe('Cluster');
    expect(s.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    const lb = defaulted(
      obj('v1', 'Service', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } }),
    );
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
    const ext = defaulted(
      obj('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'example.com' } }),
    );
    expect(ext.spec).not.toHaveProperty('ipFamilyPolicy');
    expect(ext.spec).not.toHaveProperty('internalTrafficPolicy');
  });

  it('defaults a Namespace with its name label, finalizer and phase', () => {
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('defaults Node allocatable, Secret type, and endpoint protocols', () => {
    const node = defaulted({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      status: { capacity: { cpu: '4' } },
    });
    expect(node.status.allocatable).toEqual({ cpu: '4' });
    expect(defaulted(obj('v1', 'Secret', {})).type).toBe('Opaque');
    expect(
      defaulted(obj('v1', 'Endpoints', { subsets: [{ ports: [{ port: 80 }] }] })).subsets[0]
        .ports[0].protocol,
    ).toBe('TCP');
    const slice = defaulted(
      obj('discovery.k8s.io/v1', 'EndpointSlice', {
        addressType: 'IPv4',
        endpoints: [],
        ports: [{ port: 80 }],
      }),
    );
    expect(slice.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('defaults RBAC bindings, priority classes and limit ranges', () => {
    const rb = defaulted(
      obj('rbac.authorization.k8s.io/v1', 'RoleBinding', {
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
        ],
      }),
    );
    expect(rb.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(rb.subjects.map((s: { apiGroup: string }) => s.apiGroup)).toEqual([
      'rbac.authorization.k8s.io',
      '',
    ]);
    expect(
      defaulted({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'p' },
        value: 10,
      }).preemptionPolicy,
    ).toBe('PreemptLowerPriority');
    const lr = defaulted(
      obj('v1', 'LimitRange', {
        spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] },
      }),
    );
    expect(lr.spec.limits[0]).toMatchObject({
      default: { cpu: '2' },
      defaultRequest: { cpu: '2', memory: '64Mi' },
    });
  });

  it('returns unknown kinds as a plain copy', () => {
    const cm = obj('v1', 'ConfigMap', { data: { a: 'b' } });
    expect(hasDefaults('v1', 'ConfigMap')).toBe(false);
    expect(applyDefaults(cm)).toEqual(cm);
    expect(applyDefaults(cm)).not.toBe(cm);
  });
});
