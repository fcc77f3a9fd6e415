import { printTable } from '../../../../src/engine/api/printers/table';
import type { KubeObject } from '../../../../src/engine/api/types';

const now = Date.parse('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:00:00Z'; // 60m before now
const obj = (
  kind: string,
  apiVersion: string,
  rest: Record<string, unknown>,
  meta = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default', creationTimestamp: created, ...meta },
  ...rest,
});
const cells = (resource: string, o: KubeObject, wide = true) =>
  printTable(resource, [o], { now, wide }).rows[0].cells;

describe('printTable', () => {
  it('wraps rows in a meta.k8s.io/v1 Table with list metadata', () => {
    const ns = obj('Namespace', 'v1', { status: { phase: 'Active' } }, { name: 'default' });
    const table = printTable('namespaces', [ns], {
      now,
      resourceVersion: '42',
      continue: 'token',
      remainingItemCount: 3,
    });
    expect(table).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42', continue: 'token', remainingItemCount: 3 },
      columnDefinitions: table.columnDefinitions,
      rows: [
        {
          cells: ['default', 'Active', '60m'],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: ns.metadata,
          },
        },
      ],
    });
    expect(table.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
  });

  it('carries the full object, or null, as includeObject asks', () => {
    const ns = obj('Namespace', 'v1', {});
    expect(printTable('namespaces', [ns], { now, includeObject: 'Object' }).rows[0].object).toBe(
      ns,
    );
    expect(
      printTable('namespaces', [ns], { now, includeObject: 'None' }).rows[0].object,
    ).toBeNull();
  });

  it('drops priority-1 columns and cells when not wide, and headers on request', () => {
    const svc = obj('Service', 'v1', {
      spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [] },
    });
    const narrow = printTable('services', [svc], { now, wide: false });
    expect(narrow.columnDefinitions!.map((c) => c.name)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
    ]);
    expect(narrow.rows[0].cells).toHaveLength(6);
    expect(printTable('services', [svc], { now, noHeaders: true }).columnDefinitions).toBeNull();
  });

  it('prints any other resource as NAME and CREATED AT', () => {
    const role = obj(
      'Role',
      'rbac.authorization.k8s.io/v1',
      { rules: [] },
      { name: 'reader', creationTimestamp: '2024-05-01T11:00:00.123Z' },
    );
    const table = printTable('roles', [role], { now });
    expect(table.columnDefinitions!.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(table.rows[0].cells).toEqual(['reader', '2024-05-01T11:00:00Z']);
    expect(table.columnDefinitions![1].description).toMatch(/^CreationTimestamp is a timestamp/);
  });
});

describe('node rows', () => {
  const node = (conditions: unknown[], extra: Record<string, unknown> = {}, labels = {}) =>
    obj(
      'Node',
      'v1',
      {
        spec: extra,
        status: {
          conditions,
          addresses: [
            { type: 'InternalIP', address: '172.18.0.2' },
            { type: 'Hostname', address: 'worker-1' },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.30.0',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            kernelVersion: '6.1.0',
            containerRuntimeVersion: 'containerd://1.7.13',
          },
        },
      },
      { name: 'worker-1', labels },
    );

  it('prints a ready worker without roles', () => {
    expect(cells('nodes', node([{ type: 'Ready', status: 'True' }]))).toEqual([
      'worker-1',
      'Ready',
      '<none>',
      '60m',
      'v1.30.0',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0',
      'containerd://1.7.13',
    ]);
  });

  it.each([
    [[{ type: 'Ready', status: 'True' }], { unschedulable: true }, 'Ready,SchedulingDisabled'],
    [[{ type: 'Ready', status: 'False' }], {}, 'NotReady'],
    [[{ type: 'Ready', status: 'Unknown' }], {}, 'NotReady'],
    [[{ type: 'MemoryPressure', status: 'False' }], {}, 'Unknown'],
    [[], { unschedulable: true }, 'Unknown,SchedulingDisabled'],
  ])('shows %j with spec %j as %s', (conditions, spec, want) => {
    expect(cells('nodes', node(conditions, spec))[1]).toBe(want);
  });

  it('lists roles from node-role labels, sorted', () => {
    const n = node(
      [],
      {},
      {
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/': '',
        'kubernetes.io/role': 'edge',
      },
    );
    expect(cells('nodes', n)[2]).toBe('control-plane,edge');
  });
});

describe('service rows', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    obj('Service', 'v1', { spec: { clusterIPs: ['10.96.12.7'], ...spec }, status });

  it('prints a ClusterIP service', () => {
    expect(
      cells(
        'services',
        svc({
          type: 'ClusterIP',
          ports: [{ port: 80, protocol: 'TCP' }],
          selector: { app: 'web' },
        }),
      ),
    ).toEqual(['x', 'ClusterIP', '10.96.12.7', '<none>', '80/TCP', '60m', 'app=web']);
  });

  it('prints node ports and a pending load balancer', () => {
    const row = cells(
      'services',
      svc({
        type: 'LoadBalancer',
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      }),
    );
    expect(row.slice(1, 5)).toEqual([
      'LoadBalancer',
      '10.96.12.7',
      '<pending>',
      '80:30080/TCP,53/UDP',
    ]);
  });

  it('prints load balancer ingress, external IPs and <none> selectors', () => {
    const row = cells(
      'services',
      svc(
        { type: 'LoadBalancer', externalIPs: ['1.2.3.4'], ports: [] },
        { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }] } },
      ),
    );
    expect(row.slice(3)).toEqual(['5.6.7.8,lb.example.com,1.2.3.4', '<none>', '60m', '<none>']);
  });

  it('clips a long load balancer list when not wide', () => {
    const row = cells(
      'services',
      svc(
        { type: 'LoadBalancer', ports: [] },
        { loadBalancer: { ingress: [{ hostname: 'a-very-long-hostname.example.com' }] } },
      ),
      false,
    );
    expect(row[3]).toBe('a-very-long-h...');
  });

  it('prints a headless service and an ExternalName service', () => {
    expect(cells('services', svc({ type: 'ClusterIP', clusterIPs: ['None'] }))[2]).toBe('None');
    expect(
      cells(
        'services',
        svc({ type: 'ExternalName', clusterIPs: [], externalName: 'db.example.com' }),
      ).slice(2, 4),
    ).toEqual(['<none>', 'db.example.com']);
  });
});

describe('endpoints and endpoint slices', () => {
  it('lists three endpoints and counts the rest', () => {
    const ep = obj('Endpoints', 'v1', {
      subsets: [
        {
          addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.2.3' }],
          ports: [{ port: 80 }, { port: 443 }],
        },
      ],
    });
    expect(cells('endpoints', ep)).toEqual([
      'x',
      '10.244.1.2:80,10.244.2.3:80,10.244.1.2:443 + 1 more...',
      '60m',
    ]);
    expect(cells('endpoints', obj('Endpoints', 'v1', {}))[1]).toBe('<none>');
  });

  it('prints slice ports and addresses', () => {
    const slice = obj('EndpointSlice', 'discovery.k8s.io/v1', {
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'dns' }],
      endpoints: [{ addresses: ['10.244.1.2'] }, { addresses: ['10.244.2.3'] }],
    });
    expect(cells('endpointslices', slice)).toEqual([
      'x',
      'IPv4',
      '80,dns',
      '10.244.1.2,10.244.2.3',
      '60m',
    ]);
    expect(
      cells(
        'endpointslices',
        obj('EndpointSlice', 'discovery.k8s.io/v1', { addressType: 'IPv4' }),
      ).slice(2, 4),
    ).toEqual(['<unset>', '<unset>']);
  });
});

describe('event rows', () => {
  const event = (rest: Record<string, unknown>) =>
    obj(
      'Event',
      'v1',
      {
        involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{a}' },
        reason: 'Pulled',
        type: 'Normal',
        message: ' Successfully pulled image \n',
        source: { component: 'kubelet', host: 'worker-1' },
        ...rest,
      },
      { name: 'web.17a' },
    );

  it('prints LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and the wide extras', () => {
    const e = event({
      firstTimestamp: '2024-05-01T11:50:00Z',
      lastTimestamp: '2024-05-01T11:58:00Z',
      count: 3,
    });
    expect(cells('events', e)).toEqual([
      '2m',
      'Normal',
      'Pulled',
      'pod/web',
      'spec.containers{a}',
      'kubelet, worker-1',
      'Successfully pulled image',
      '10m',
      3,
      'web.17a',
    ]);
    expect(cells('events', e, false)).toEqual([
      '2m',
      'Normal',
      'Pulled',
      'pod/web',
      'Successfully pulled image',
    ]);
  });

  it('falls back to eventTime, a count of 1 and the reporting controller', () => {
    const e = event({
      eventTime: '2024-05-01T11:59:30.000000Z',
      source: {},
      reportingComponent: 'default-scheduler',
    });
    const row = cells('events', e);
    expect([row[0], row[5], row[7], row[8]]).toEqual(['30s', 'default-scheduler', '30s', 1]);
  });

  it('uses the series for LAST SEEN and COUNT', () => {
    const e = event({
      eventTime: '2024-05-01T11:00:00.000000Z',
      series: { count: 7, lastObservedTime: '2024-05-01T11:59:00.000000Z' },
    });
    const row = cells('events', e);
    expect([row[0], row[8]]).toEqual(['60s', 7]);
  });

  it('prints events.k8s.io events through the same columns', () => {
    const e = obj('Event', 'events.k8s.io/v1', {
      eventTime: '2024-05-01T11:59:00.000000Z',
      regarding: { kind: 'Node', name: 'worker-1' },
      note: 'Node worker-1 status is now: NodeReady',
      reason: 'NodeReady',
      type: 'Normal',
      reportingController: 'kubelet',
    });
    expect(cells('events', e, false)).toEqual([
      '60s',
      'Normal',
      'NodeReady',
      'node/worker-1',
      'Node worker-1 status is now: NodeReady',
    ]);
  });
});

describe('workload rows', () => {
  const template = {
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.25' },
        { name: 'log', image: 'busybox' },
      ],
    },
  };

  it('prints a deployment', () => {
    const d = obj('Deployment', 'apps/v1', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    expect(cells('deployments', d)).toEqual([
      'x',
      '2/3',
      3,
      2,
      '60m',
      'web,log',
      'nginx:1.25,busybox',
      'app=web',
    ]);
  });

  it('prints replica sets, daemon sets and stateful sets', () => {
    const rs = obj('ReplicaSet', 'apps/v1', {
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(cells('replicasets', rs)).toEqual([
      'x',
      2,
      2,
      1,
      '60m',
      'web,log',
      'nginx:1.25,busybox',
      'app=web',
    ]);
    const ds = obj('DaemonSet', 'apps/v1', {
      spec: {
        selector: { matchLabels: { k: 'v' } },
        template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    });
    expect(cells('daemonsets', ds, false)).toEqual([
      'x',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '60m',
    ]);
    const sts = obj('StatefulSet', 'apps/v1', {
      spec: { replicas: 3, template },
      status: { readyReplicas: 3 },
    });
    expect(cells('statefulsets', sts)).toEqual([
      'x',
      '3/3',
      '60m',
      'web,log',
      'nginx:1.25,busybox',
    ]);
  });

  it.each([
    [
      { completions: 3 },
      { succeeded: 1, startTime: '2024-05-01T11:58:00Z' },
      {},
      ['Running', '1/3', '2m'],
    ],
    [
      { completions: 1 },
      {
        succeeded: 1,
        startTime: '2024-05-01T11:00:00Z',
        completionTime: '2024-05-01T11:00:12Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
      {},
      ['Complete', '1/1', '12s'],
    ],
    [{ parallelism: 4 }, { succeeded: 0 }, {}, ['Running', '0/1 of 4', '']],
    [
      { parallelism: 1 },
      { conditions: [{ type: 'Failed', status: 'True' }] },
      {},
      ['Failed', '0/1', ''],
    ],
    [
      { completions: 2 },
      { conditions: [{ type: 'Suspended', status: 'True' }] },
      {},
      ['Suspended', '0/2', ''],
    ],
    [
      { completions: 2 },
      {},
      { deletionTimestamp: '2024-05-01T11:59:00Z' },
      ['Terminating', '0/2', ''],
    ],
    [
      { completions: 2 },
      { conditions: [{ type: 'FailureTarget', status: 'True' }] },
      {},
      ['FailureTarget', '0/2', ''],
    ],
  ])('prints a job with spec %j and status %j', (spec, status, meta, want) => {
    const job = obj('Job', 'batch/v1', { spec: { ...spec, template }, status }, meta);
    expect(cells('jobs', job, false).slice(1, 4)).toEqual(want);
  });

  it('names the controller of a controller revision', () => {
    const cr = obj(
      'ControllerRevision',
      'apps/v1',
      { revision: 2 },
      {
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'kube-proxy',
            uid: 'u',
            controller: true,
          },
        ],
      },
    );
    expect(cells('controllerrevisions', cr)).toEqual(['x', 'daemonset.apps/kube-proxy', 2, '60m']);
  });
});

describe('configuration and policy rows', () => {
  it('counts config map and secret data', () => {
    expect(
      cells(
        'configmaps',
        obj('ConfigMap', 'v1', { data: { a: '1', b: '2' }, binaryData: { c: '' } }),
      ),
    ).toEqual(['x', 3, '60m']);
    expect(cells('secrets', obj('Secret', 'v1', { type: 'Opaque', data: { a: 'MQ==' } }))).toEqual([
      'x',
      'Opaque',
      1,
      '60m',
    ]);
    expect(cells('serviceaccounts', obj('ServiceAccount', 'v1', {}))).toEqual(['x', 0, '60m']);
  });

  it('prints a lease holder', () => {
    expect(
      cells(
        'leases',
        obj('Lease', 'coordination.k8s.io/v1', { spec: { holderIdentity: 'worker-1' } }),
      ),
    ).toEqual(['x', 'worker-1', '60m']);
  });

  it('prints role bindings with their subjects when wide', () => {
    const rb = obj('RoleBinding', 'rbac.authorization.k8s.io/v1', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        { kind: 'User', name: 'joe' },
      ],
    });
    expect(cells('rolebindings', rb)).toEqual([
      'x',
      'ClusterRole/view',
      '60m',
      'jane, joe',
      'devs',
      'ci/builder',
    ]);
  });

  it('prints priority classes, disruption budgets and quotas', () => {
    expect(
      cells(
        'priorityclasses',
        obj('PriorityClass', 'scheduling.k8s.io/v1', {
          value: 2000001000,
          globalDefault: false,
          preemptionPolicy: 'PreemptLowerPriority',
        }),
      ),
    ).toEqual(['x', 2000001000, false, '60m', 'PreemptLowerPriority']);
    expect(
      cells(
        'poddisruptionbudgets',
        obj('PodDisruptionBudget', 'policy/v1', {
          spec: { minAvailable: '50%' },
          status: { disruptionsAllowed: 1 },
        }),
      ),
    ).toEqual(['x', '50%', 'N/A', 1, '60m']);
    expect(
      cells(
        'resourcequotas',
        obj('ResourceQuota', 'v1', {
          status: {
            hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' },
            used: { pods: '3', 'requests.cpu': '500m' },
          },
        }),
      ),
    ).toEqual(['x', 'pods: 3/10, requests.cpu: 500m/1', 'limits.cpu: 0/2', '60m']);
  });
});
