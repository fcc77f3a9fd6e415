import { strategicMergePatch } from '../../../../src/engine/api/patch/strategic-merge-patch';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'patch-demo', finalizers: ['a', 'b'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [
          {
            name: 'patch-demo-ctr',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'A', value: '1' }],
          },
        ],
        tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }],
      },
    },
  },
});

type Deployment = ReturnType<typeof deployment>;
const smp = (patch: Record<string, unknown>, target: unknown = deployment()) =>
  strategicMergePatch(target, patch, 'Deployment') as unknown as Deployment;

describe('strategicMergePatch', () => {
  // kubernetes.io "Update API Objects in Place Using kubectl patch": containers merge by name
  it('adds a container next to the existing one', () => {
    const result = smp({
      spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } },
    });
    expect(result.spec.template.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ['patch-demo-ctr', 'nginx'],
      ['patch-demo-ctr-2', 'redis'],
    ]);
  });

  // ... and tolerations, which have no patch strategy, are replaced
  it('replaces a list without a patch strategy', () => {
    const result = smp({
      spec: {
        template: {
          spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] },
        },
      },
    });
    expect(result.spec.template.spec.tolerations).toEqual([
      { effect: 'NoSchedule', key: 'disktype', value: 'ssd' },
    ]);
  });

  // ... and the retainKeys strategy clears the keys the patch does not list
  it('drops rollingUpdate when $retainKeys lists only type', () => {
    const result = smp({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('merges a container by name, and its env and ports by their keys', () => {
    const result = smp({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'patch-demo-ctr',
                image: 'nginx:1.25',
                env: [
                  { name: 'B', value: '2' },
                  { name: 'A', value: '9' },
                ],
                ports: [{ containerPort: 443 }],
              },
            ],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers).toEqual([
      {
        name: 'patch-demo-ctr',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80 }, { containerPort: 443 }],
        env: [
          { name: 'A', value: '9' },
          { name: 'B', value: '2' },
        ],
      },
    ]);
  });

  it('deletes a list element with $patch: delete', () => {
    const result = smp({
      spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', $patch: 'delete' }] } } },
    });
    expect(result.spec.template.spec.containers).toEqual([]);
  });

  it('replaces a merging list with $patch: replace', () => {
    const result = smp({
      spec: {
        template: {
          spec: { containers: [{ name: 'only', image: 'busybox' }, { $patch: 'replace' }] },
        },
      },
    });
    expect(result.spec.template.spec.containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    expect(
      smp({ spec: { template: { metadata: { labels: { tier: 'web', $patch: 'replace' } } } } }).spec
        .template.metadata.labels,
    ).toEqual({ tier: 'web' });
    expect(smp({ spec: { strategy: { $patch: 'delete' } } }).spec.strategy).toEqual({});
  });

  it('deletes fields set to null', () => {
    const result = smp({
      spec: { replicas: null, template: { metadata: { labels: { app: null } } } },
    });
    expect(result.spec).not.toHaveProperty('replicas');
    expect(result.spec.template.metadata.labels).toEqual({});
  });

  it('merges finalizers as a set and removes some with $deleteFromPrimitiveList', () => {
    expect(smp({ metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(
      smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers,
    ).toEqual(['b']);
  });

  it('orders a merged list by $setElementOrder', () => {
    const result = smp({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'patch-demo-ctr' }],
            containers: [{ name: 'sidecar', image: 'envoy' }],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers.map((c) => c.name)).toEqual([
      'sidecar',
      'patch-demo-ctr',
    ]);
  });

  it('keeps server-only items in place when $setElementOrder omits them', () => {
    const pod = {
      status: {
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    };
    const result = strategicMergePatch(
      pod,
      {
        status: {
          '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'PodScheduled' }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
      'Pod',
    ) as typeof pod;
    expect(result.status.conditions).toEqual([
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('merges owner references by uid and service ports by port', () => {
    const svc = {
      metadata: { ownerReferences: [{ uid: 'u1', name: 'a', kind: 'X', apiVersion: 'v1' }] },
      spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    };
    const result = strategicMergePatch(
      svc,
      {
        metadata: { ownerReferences: [{ uid: 'u1', name: 'renamed' }] },
        spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] },
      },
      'Service',
    ) as typeof svc;
    expect(result.metadata.ownerReferences).toEqual([
      { uid: 'u1', name: 'renamed', kind: 'X', apiVersion: 'v1' },
    ]);
    expect(result.spec.ports).toEqual([
      { port: 80, targetPort: 9090, protocol: 'TCP' },
      { port: 443 },
    ]);
  });

  it('merges node conditions and addresses by type', () => {
    const node = {
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      },
    };
    const result = strategicMergePatch(
      node,
      {
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }],
          addresses: [{ type: 'Hostname', address: 'w1' }],
        },
      },
      'Node',
    ) as typeof node;
    expect(result.status.conditions).toEqual([
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' },
    ]);
    expect(result.status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.2' },
      { type: 'Hostname', address: 'w1' },
    ]);
  });

  it('replaces pod containerStatuses, which carry no merge key', () => {
    const pod = {
      status: {
        containerStatuses: [
          { name: 'a', ready: false },
          { name: 'b', ready: false },
        ],
      },
    };
    const result = strategicMergePatch(
      pod,
      { status: { containerStatuses: [{ name: 'a', ready: true }] } },
      'Pod',
    ) as typeof pod;
    expect(result.status.containerStatuses).toEqual([{ name: 'a', ready: true }]);
  });

  it('treats unknown kinds as atomic lists with merging maps', () => {
    const result = strategicMergePatch(
      { data: { a: '1' }, list: [1, 2] },
      { data: { b: '2' }, list: [3] },
      'ConfigMap',
    );
    expect(result).toEqual({ data: { a: '1', b: '2' }, list: [3] });
  });

  it('never mutates its inputs', () => {
    const target = deployment();
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'x' }] } } },
    };
    smp(patch, target);
    expect(target).toEqual(deployment());
    expect(patch).toEqual({
      spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'x' }] } } },
    });
  });

  it.each([
    [
      { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      'map: map[image:x] does not contain declared merge key: name',
    ],
    [
      { spec: { template: { spec: { containers: [{ $patch: 'delete' }] } } } },
      'delete patch type with no merge key defined',
    ],
    [
      { spec: { template: { spec: { containers: [{ $patch: 'merge' }] } } } },
      'merging lists cannot yet be specified in the patch',
    ],
    [
      { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'frob' }] } } } },
      'unknown patch type: frob in map: map[$patch:frob name:a]',
    ],
    [
      { spec: { strategy: { $patch: 'frob' } } },
      'unknown patch type: frob in map: map[$patch:frob]',
    ],
    [
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      'invalid patch format of retainKeys',
    ],
    [{ spec: { strategy: { $retainKeys: 'type' } } }, 'invalid patch format of retainKeys'],
  ])('rejects %j', (patch, message) => {
    expect(() => smp(patch)).toThrow(message);
  });
});
