// The pure DaemonSet rules: which nodes run a daemon pod, the tolerations and node affinity
// its pods get, and one rolling-update step.
import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import { planRollingUpdate } from '../../../src/engine/controllers/daemonset-update';
import {
  addOrUpdateDaemonPodTolerations,
  getTargetNodeName,
  nodeShouldRunDaemonPod,
  replaceNodeNameNodeAffinity,
} from '../../../src/engine/controllers/util/daemonset-util';

const node = (
  name: string,
  taints: { key: string; effect: string; value?: string }[] = [],
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints },
});
const ds = (podSpec: Record<string, unknown> = {}, strategy: unknown = undefined): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'ds', namespace: 'default', uid: 'u1' },
  spec: {
    selector: { matchLabels: { app: 'ds' } },
    template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [], ...podSpec } },
    updateStrategy: strategy ?? {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    },
  },
});
const taint = (key: string, effect: string, value?: string) => ({
  key,
  effect,
  ...(value ? { value } : {}),
});

describe('nodeShouldRunDaemonPod', () => {
  const cases: [string, ReturnType<typeof node>, KubeObject, boolean, boolean][] = [
    ['an untainted node', node('n1'), ds(), true, true],
    [
      'an untolerated NoSchedule taint keeps running pods',
      node('n1', [taint('role', 'NoSchedule')]),
      ds(),
      false,
      true,
    ],
    [
      'an untolerated NoExecute taint evicts',
      node('n1', [taint('role', 'NoExecute')]),
      ds(),
      false,
      false,
    ],
    [
      'a tolerated NoSchedule taint',
      node('n1', [taint('role', 'NoSchedule', 'x')]),
      ds({ tolerations: [{ key: 'role', value: 'x', effect: 'NoSchedule' }] }),
      true,
      true,
    ],
    [
      'a PreferNoSchedule taint does not count',
      node('n1', [taint('role', 'PreferNoSchedule')]),
      ds(),
      true,
      true,
    ],
    [
      'unschedulable is tolerated by every daemon pod',
      node('n1', [taint('node.kubernetes.io/unschedulable', 'NoSchedule')]),
      ds(),
      true,
      true,
    ],
    [
      'not-ready NoExecute is tolerated by every daemon pod',
      node('n1', [taint('node.kubernetes.io/not-ready', 'NoExecute')]),
      ds(),
      true,
      true,
    ],
    [
      'unreachable NoExecute is tolerated by every daemon pod',
      node('n1', [taint('node.kubernetes.io/unreachable', 'NoExecute')]),
      ds(),
      true,
      true,
    ],
    [
      'network-unavailable blocks pods off the host network',
      node('n1', [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]),
      ds(),
      false,
      true,
    ],
    [
      'network-unavailable is tolerated with hostNetwork',
      node('n1', [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]),
      ds({ hostNetwork: true }),
      true,
      true,
    ],
    [
      'a nodeSelector that matches',
      node('n1', [], { disk: 'ssd' }),
      ds({ nodeSelector: { disk: 'ssd' } }),
      true,
      true,
    ],
    [
      'a nodeSelector that does not match',
      node('n1'),
      ds({ nodeSelector: { disk: 'ssd' } }),
      false,
      false,
    ],
    ['spec.nodeName of another node', node('n1'), ds({ nodeName: 'n2' }), false, false],
    [
      'a required node affinity for another node',
      node('n1'),
      ds({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
              ],
            },
          },
        },
      }),
      false,
      false,
    ],
    [
      'a required node affinity on labels that matches',
      node('n1', [], { zone: 'a' }),
      ds({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
              ],
            },
          },
        },
      }),
      true,
      true,
    ],
  ];
  it.each(cases)('%s', (_name, n, d, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual({ shouldRun, shouldContinueRunning });
  });
});

describe('daemon pod tolerations and node affinity', () => {
  it('adds the daemon tolerations after the template ones, replacing a timed not-ready one', () => {
    const spec = addOrUpdateDaemonPodTolerations({
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
        { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
      ],
      hostNetwork: true,
    });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('replaces only the required node affinity terms and keeps the preferred ones', () => {
    const preferred = [
      {
        weight: 1,
        preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      },
    ];
    const a = replaceNodeNameNodeAffinity(
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
        },
      },
      'worker-1',
    );
    expect(a).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
      },
    });
  });

  it.each([
    [
      'spec.nodeName wins',
      { nodeName: 'n1', affinity: replaceNodeNameNodeAffinity(undefined, 'n2') },
      'n1',
    ],
    [
      'a pending pod targets its affinity node',
      { affinity: replaceNodeNameNodeAffinity(undefined, 'n2') },
      'n2',
    ],
    ['no affinity, no node', {}, undefined],
    [
      'two values are not a target',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] },
              ],
            },
          },
        },
      },
      undefined,
    ],
  ])('getTargetNodeName: %s', (_name, spec, want) => {
    expect(
      getTargetNodeName({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }),
    ).toBe(want);
  });
});

describe('planRollingUpdate', () => {
  const nodes = [node('n1'), node('n2'), node('n3')] as KubeObject[];
  const NOW = Date.parse('2026-01-01T10:00:00Z');
  const pod = (name: string, nodeName: string, hash: string, ready: boolean): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { 'controller-revision-hash': hash },
      creationTimestamp: '2026-01-01T09:00:00Z',
    },
    spec: { nodeName },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: '2026-01-01T09:00:00Z',
        },
      ],
    },
  });
  const byNode = (...pods: KubeObject[]) => {
    const m = new Map<string, KubeObject[]>();
    for (const p of pods) {
      const n = (p.spec as { nodeName: string }).nodeName;
      m.set(n, [...(m.get(n) ?? []), p]);
    }
    return m;
  };

  it.each([
    [
      'deletes one old available pod at a time',
      [pod('a', 'n1', 'old', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)],
      ['a'],
      [],
    ],
    [
      'waits while a new pod is not yet available',
      [pod('a', 'n1', 'new', false), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)],
      [],
      [],
    ],
    [
      'moves on once the new pod is available',
      [pod('a', 'n1', 'new', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)],
      ['b'],
      [],
    ],
    [
      'always replaces an old pod that is not available',
      [pod('a', 'n1', 'new', false), pod('b', 'n2', 'old', false), pod('c', 'n3', 'old', true)],
      ['b'],
      [],
    ],
    [
      'counts a node without a pod as unavailable',
      [pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)],
      [],
      [],
    ],
  ])('without surge: %s', (_name, pods, podsToDelete, nodesToCreate) => {
    expect(planRollingUpdate(ds(), nodes, byNode(...pods), 'new', NOW)).toEqual({
      podsToDelete,
      nodesToCreate,
    });
  });

  const surge = ds(
    {},
    { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
  );
  it.each([
    [
      'creates a new pod beside an old one',
      [pod('a', 'n1', 'old', true), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', true)],
      [],
      ['n1'],
    ],
    [
      'waits for the surged pod',
      [
        pod('a', 'n1', 'old', true),
        pod('a2', 'n1', 'new', false),
        pod('b', 'n2', 'old', true),
        pod('c', 'n3', 'old', true),
      ],
      [],
      [],
    ],
    [
      'deletes the old pod once the surged one is available',
      [
        pod('a', 'n1', 'old', true),
        pod('a2', 'n1', 'new', true),
        pod('b', 'n2', 'old', true),
        pod('c', 'n3', 'old', true),
      ],
      ['a'],
      ['n2'],
    ],
  ])('with surge: %s', (_name, pods, podsToDelete, nodesToCreate) => {
    expect(planRollingUpdate(surge, nodes, byNode(...pods), 'new', NOW)).toEqual({
      podsToDelete,
      nodesToCreate,
    });
  });
});
