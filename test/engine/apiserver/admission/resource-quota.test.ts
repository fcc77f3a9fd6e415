import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import { resourceQuota } from '../../../../src/engine/apiserver/admission/resource-quota';
import type { ContainerSpec } from './builders';
import { context, createAttrs, pod } from './builders';

const quota = (
  name: string,
  hard: Record<string, string>,
  spec: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'default' },
  spec: { hard, ...spec },
});

const small: ContainerSpec = {
  name: 'app',
  requests: { cpu: '500m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

describe('ResourceQuota', () => {
  const cases: { name: string; objects: KubeObject[]; incoming: KubeObject; message?: string }[] = [
    {
      name: 'admits a pod within the quota',
      objects: [quota('compute', { pods: '2', 'requests.cpu': '1' }), pod('a', [small])],
      incoming: pod('b', [small]),
    },
    {
      name: 'rejects a pod beyond the pod count',
      objects: [quota('pods', { pods: '1' }), pod('a', [small])],
      incoming: pod('b', [small]),
      message:
        'pods "b" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1',
    },
    {
      name: 'reports every exceeded resource, sorted',
      objects: [
        quota('compute', { 'requests.cpu': '900m', 'requests.memory': '300Mi', pods: '10' }),
        pod('a', [small]),
      ],
      incoming: pod('b', [small]),
      message:
        'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m,requests.memory=256Mi, used: requests.cpu=500m,requests.memory=256Mi, limited: requests.cpu=900m,requests.memory=300Mi',
    },
    {
      name: 'requires explicit cpu and memory when the quota tracks them',
      objects: [
        quota('compute', { 'limits.cpu': '4', 'limits.memory': '4Gi', 'requests.cpu': '2' }),
      ],
      incoming: pod('b', [{ name: 'app', requests: { cpu: '100m' } }, { name: 'log' }]),
      message:
        'pods "b" is forbidden: failed quota: compute: must specify limits.cpu for: app,log; limits.memory for: app,log; requests.cpu for: log',
    },
    {
      name: 'does not charge terminal pods for compute',
      objects: [
        quota('compute', { 'requests.cpu': '1' }),
        { ...pod('done', [small]), status: { phase: 'Succeeded' } },
        { ...pod('failed', [small]), status: { phase: 'Failed' } },
      ],
      incoming: pod('b', [{ ...small, requests: { cpu: '1', memory: '1Mi' } }]),
    },
    {
      name: 'counts objects of other kinds with count/<resource>',
      objects: [
        quota('objects', { 'count/configmaps': '1' }),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' } },
      ],
      incoming: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'two', namespace: 'default' },
      },
      message:
        'configmaps "two" is forbidden: exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1',
    },
    {
      name: 'counts services under their legacy name',
      objects: [quota('objects', { services: '0' })],
      incoming: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
      },
      message:
        'services "web" is forbidden: exceeded quota: objects, requested: services=1, used: services=0, limited: services=0',
    },
    {
      name: 'applies a BestEffort-scoped quota only to best-effort pods',
      objects: [quota('besteffort', { pods: '0' }, { scopes: ['BestEffort'] })],
      incoming: pod('b', [small]),
    },
    {
      name: 'rejects a best-effort pod under a BestEffort-scoped quota',
      objects: [quota('besteffort', { pods: '0' }, { scopes: ['BestEffort'] })],
      incoming: pod('b'),
      message:
        'pods "b" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=0, limited: pods=0',
    },
    {
      name: 'matches a PriorityClass scope selector',
      objects: [
        quota(
          'critical',
          { pods: '0' },
          {
            scopeSelector: {
              matchExpressions: [
                { scopeName: 'PriorityClass', operator: 'In', values: ['system-node-critical'] },
              ],
            },
          },
        ),
      ],
      incoming: pod('b', [small], { priorityClassName: 'system-node-critical' }),
      message:
        'pods "b" is forbidden: exceeded quota: critical, requested: pods=1, used: pods=0, limited: pods=0',
    },
  ];

  it.each(cases)('$name', ({ objects, incoming, message }) => {
    const result = resourceQuota.validate(createAttrs(incoming), context(objects));
    expect(result?.message).toBe(message);
  });

  it('prefers status.hard, which the quota controller copies from spec', () => {
    const q = { ...quota('pods', { pods: '5' }), status: { hard: { pods: '1' } } };
    expect(resourceQuota.validate(createAttrs(pod('b')), context([q, pod('a')]))?.message).toBe(
      'pods "b" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});
