import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import {
  limitRangerMutating,
  limitRangerValidating,
} from '../../../../src/engine/apiserver/admission/limit-ranger';
import type { ContainerSpec } from './builders';
import { context, createAttrs, pod } from './builders';

function limitRange(limits: Record<string, unknown>[], name = 'limits'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name, namespace: 'default' },
    spec: { limits },
  };
}

const defaults = limitRange([
  {
    type: 'Container',
    default: { cpu: '500m', memory: '256Mi' },
    defaultRequest: { cpu: '100m', memory: '128Mi' },
  },
]);

describe('LimitRanger defaulting', () => {
  it('fills in default requests and limits and records them in an annotation', () => {
    const p = pod('web', [{ name: 'app' }, { name: 'sidecar', requests: { cpu: '50m' } }]);
    expect(limitRangerMutating.admit(createAttrs(p), context([defaults]))).toBeUndefined();
    expect((p.spec as { containers: unknown[] }).containers).toEqual([
      {
        name: 'app',
        image: 'nginx',
        resources: {
          limits: { cpu: '500m', memory: '256Mi' },
          requests: { cpu: '100m', memory: '128Mi' },
        },
      },
      {
        name: 'sidecar',
        image: 'nginx',
        resources: {
          requests: { cpu: '50m', memory: '128Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        },
      },
    ]);
    expect(p.metadata.annotations).toEqual({
      'kubernetes.io/limit-ranger':
        'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; memory request for container sidecar; cpu, memory limit for container sidecar',
    });
  });

  it('defaults the request to the default limit when the LimitRange gives only a limit', () => {
    const p = pod('web');
    limitRangerMutating.admit(
      createAttrs(p),
      context([limitRange([{ type: 'Container', default: { cpu: '1' } }])]),
    );
    expect((p.spec as { containers: { resources: unknown }[] }).containers[0].resources).toEqual({
      limits: { cpu: '1' },
      requests: { cpu: '1' },
    });
  });

  it('leaves pods alone in a namespace without LimitRanges', () => {
    const p = pod('web');
    limitRangerMutating.admit(createAttrs(p), context());
    expect(p).toEqual(pod('web'));
  });

  it('does not default pod updates', () => {
    const p = pod('web');
    limitRangerMutating.admit(createAttrs(p, { operation: 'UPDATE' }), context([defaults]));
    expect(p).toEqual(pod('web'));
  });
});

describe('LimitRanger validation', () => {
  const bounds = limitRange([
    {
      type: 'Container',
      min: { cpu: '100m' },
      max: { cpu: '1', memory: '1Gi' },
      maxLimitRequestRatio: { cpu: '2' },
    },
  ]);
  const podBounds = limitRange([{ type: 'Pod', max: { cpu: '1' } }]);
  const cases: {
    name: string;
    containers: ContainerSpec[];
    ranges: KubeObject[];
    message?: string;
  }[] = [
    {
      name: 'admits a container within bounds',
      containers: [
        { name: 'app', requests: { cpu: '200m' }, limits: { cpu: '400m', memory: '512Mi' } },
      ],
      ranges: [bounds],
    },
    {
      name: 'rejects a request under the minimum',
      containers: [
        { name: 'app', requests: { cpu: '50m' }, limits: { cpu: '100m', memory: '1Gi' } },
      ],
      ranges: [bounds],
      message:
        'pods "web" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    },
    {
      name: 'rejects a missing limit when a maximum is set, listing every violation',
      containers: [{ name: 'app', requests: { cpu: '200m' }, limits: { cpu: '2' } }],
      ranges: [bounds],
      message:
        'pods "web" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi.  No limit is specified, cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000]',
    },
    {
      name: 'rejects a missing request under a minimum',
      containers: [{ name: 'app', limits: { cpu: '200m', memory: '1Gi' } }],
      ranges: [limitRange([{ type: 'Container', min: { cpu: '100m' } }])],
      message:
        'pods "web" is forbidden: minimum cpu usage per Container is 100m.  No request is specified',
    },
    {
      name: 'sums the containers of a pod against a Pod maximum',
      containers: [
        { name: 'a', requests: { cpu: '600m' }, limits: { cpu: '600m' } },
        { name: 'b', requests: { cpu: '600m' }, limits: { cpu: '600m' } },
      ],
      ranges: [podBounds],
      message: 'pods "web" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m',
    },
  ];

  it.each(cases)('$name', ({ containers, ranges, message }) => {
    const result = limitRangerValidating.validate(
      createAttrs(pod('web', containers)),
      context(ranges),
    );
    expect(result?.message).toBe(message);
    if (message) expect([result?.code, result?.reason]).toEqual([403, 'Forbidden']);
  });

  it('enforces a PersistentVolumeClaim maximum on the storage request', () => {
    const pvc: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { resources: { requests: { storage: '20Gi' } } },
    };
    const range = limitRange([{ type: 'PersistentVolumeClaim', max: { storage: '10Gi' } }]);
    const result = limitRangerValidating.validate(createAttrs(pvc), context([range]));
    expect(result?.message).toBe(
      'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
    );
  });
});
