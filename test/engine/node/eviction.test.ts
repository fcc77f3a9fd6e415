// Node-pressure eviction: memory.available under the 100Mi hard threshold puts the node under
// MemoryPressure (and so the memory-pressure taint) and the kubelet evicts pods as upstream
// ranks them, with its messages.
import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import {
  admitUnderMemoryPressure,
  evictionMessage,
  rankMemoryPressure,
} from '../../../src/engine/node/eviction-manager';
import { createPod } from './helpers';

const MI = 1024 * 1024;

/** A worker with 1Gi of memory, a Guaranteed nginx and a BestEffort stress of `hog`. */
function pressured(hog = '950M'): Cluster {
  const c = createCluster({ seed: 7, workers: [{ memory: '1Gi' }], addons: false });
  const small = { memory: '64Mi', cpu: '100m' };
  createPod(c, 'web', {
    containers: [{ name: 'web', image: 'nginx', resources: { requests: small, limits: small } }],
  });
  createPod(c, 'hog', {
    containers: [
      {
        name: 'stress',
        image: 'polinux/stress',
        args: ['--vm', '1', '--vm-bytes', hog, '--vm-hang', '1'],
      },
    ],
  });
  return c;
}

const condition = (c: Cluster, type: string) =>
  (
    c.get('nodes', 'worker-1', '')!.status as {
      conditions: { type: string; status: string; reason: string; message: string }[];
    }
  ).conditions.find((x) => x.type === type)!;

const taints = (c: Cluster) =>
  (
    (c.get('nodes', 'worker-1', '')!.spec as { taints?: { key: string; effect: string }[] })
      .taints ?? []
  ).map((t) => `${t.key}:${t.effect}`);

const MESSAGE =
  'The node was low on resource: memory. Threshold quantity: 100Mi, available: 74Mi. Container stress was using 950Mi, request is 0, has larger consumption of memory. ';

describe('node-pressure eviction', () => {
  it('reports MemoryPressure, gets the memory-pressure taint and evicts the pod using the memory', () => {
    const c = pressured();
    c.advance(20_000);
    const mp = condition(c, 'MemoryPressure');
    expect([mp.status, mp.reason, mp.message]).toEqual([
      'True',
      'KubeletHasInsufficientMemory',
      'kubelet has insufficient memory available',
    ]);
    expect(taints(c)).toContain('node.kubernetes.io/memory-pressure:NoSchedule');
    const hog = c.get('pods', 'hog')!.status as {
      phase: string;
      reason: string;
      message: string;
      conditions: { type: string; status: string; reason?: string }[];
    };
    expect([hog.phase, hog.reason, hog.message]).toEqual(['Failed', 'Evicted', MESSAGE]);
    expect(hog.conditions.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'TerminationByKubelet',
    });
    const events = c
      .list('events', 'default')
      .map((e) => [
        (e.involvedObject as { kind: string; name: string }).kind,
        (e.involvedObject as { name: string }).name,
        e.type,
        e.reason,
        e.message,
      ]);
    expect(events).toContainEqual(['Pod', 'hog', 'Warning', 'Evicted', MESSAGE]);
    expect(events).toContainEqual([
      'Node',
      'worker-1',
      'Warning',
      'EvictionThresholdMet',
      'Attempting to reclaim memory',
    ]);
    // the Guaranteed pod using less than it asked for stays; the evicted one's container is gone
    expect((c.get('pods', 'web')!.status as { phase: string }).phase).toBe('Running');
    const runtime = c.kubelets.find((k) => k.options.name === 'worker-1')!.options.runtime!;
    expect(
      runtime
        .listContainers()
        .filter((x) => x.state === 'CONTAINER_RUNNING')
        .map((x) => x.name),
    ).toEqual(['web']);
  });

  it('keeps MemoryPressure for the 5 minute transition period after memory is back, then lifts it', () => {
    const c = pressured();
    c.advance(20_000);
    expect(condition(c, 'MemoryPressure').status).toBe('True');
    c.advance(4 * 60_000);
    expect(condition(c, 'MemoryPressure').status).toBe('True');
    c.advance(2 * 60_000);
    expect(condition(c, 'MemoryPressure')).toMatchObject({
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
    });
    expect(taints(c)).not.toContain('node.kubernetes.io/memory-pressure:NoSchedule');
  });

  it('leaves a node alone while memory.available stays above 100Mi', () => {
    const c = pressured('900M');
    c.advance(60_000);
    expect(condition(c, 'MemoryPressure').status).toBe('False');
    expect((c.get('pods', 'hog')!.status as { phase: string }).phase).toBe('Running');
  });

  it('rejects a BestEffort pod at admission while the node is under memory pressure', () => {
    const c = pressured();
    c.advance(20_000);
    createPod(c, 'late', { containers: [{ name: 'app', image: 'nginx' }] });
    const small = { memory: '64Mi' };
    createPod(c, 'sized', {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: small } }],
    });
    c.advance(10_000);
    const late = c.get('pods', 'late')!.status as {
      phase: string;
      reason: string;
      message: string;
    };
    expect([late.phase, late.reason, late.message]).toEqual([
      'Failed',
      'Evicted',
      'Pod was rejected: The node had condition: [MemoryPressure]. ',
    ]);
    expect((c.get('pods', 'sized')!.status as { phase: string }).phase).toBe('Running');
  });
});

/** A pod with one container `app` asking for `request` memory, at `priority`. */
function pod(name: string, request?: string, priority = 0): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name },
    spec: {
      priority,
      containers: [
        { name: 'app', ...(request ? { resources: { requests: { memory: request } } } : {}) },
      ],
    },
  };
}

describe('rankMemoryPressure', () => {
  it.each([
    {
      what: 'usage over requests before usage within them',
      pods: [
        ['within', '500Mi', 0, 400],
        ['over', '10Mi', 0, 20],
      ],
      order: ['over', 'within'],
    },
    {
      what: 'lower priority first among pods over their requests',
      pods: [
        ['high', undefined, 1000, 600],
        ['low', undefined, 0, 100],
      ],
      order: ['low', 'high'],
    },
    {
      what: 'the most usage above requests first, whatever the QoS class',
      pods: [
        ['besteffort', undefined, 0, 400],
        ['burstable', '100Mi', 0, 600],
      ],
      order: ['burstable', 'besteffort'],
    },
  ] as { what: string; pods: [string, string | undefined, number, number][]; order: string[] }[])(
    'ranks $what',
    ({ pods, order }) => {
      const candidates = pods.map(([name, request, priority]) => ({
        pod: pod(name, request, priority),
        isStatic: false,
        evict: () => undefined,
      }));
      const usage = pods.map(([name, , , mi]) => ({
        podUid: name,
        container: 'app',
        workingSetBytes: mi * MI,
      }));
      expect(rankMemoryPressure(candidates, usage).map((c) => c.pod.metadata.name)).toEqual(order);
    },
  );

  it('names each container using more than its request in the eviction message', () => {
    const usage = [{ podUid: 'p', container: 'app', workingSetBytes: 300 * MI }];
    expect(evictionMessage(pod('p', '128Mi'), usage, 90 * MI + 512 * 1024)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92672Ki. Container app was using 300Mi, request is 128Mi, has larger consumption of memory. ',
    );
    expect(evictionMessage(pod('p', '512Mi'), usage, 50 * MI)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ',
    );
  });
});

describe('admission under memory pressure', () => {
  const withSpec = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'app' }], ...spec },
  });
  it.each([
    { what: 'a BestEffort pod', spec: {}, admitted: false },
    {
      what: 'a Burstable pod',
      spec: { containers: [{ name: 'app', resources: { requests: { cpu: '10m' } } }] },
      admitted: true,
    },
    {
      what: 'a BestEffort pod tolerating memory-pressure',
      spec: {
        tolerations: [{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' }],
      },
      admitted: true,
    },
    {
      what: 'a BestEffort pod tolerating only disk-pressure',
      spec: { tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' }] },
      admitted: false,
    },
    { what: 'a system-critical pod', spec: { priority: 2_000_000_000 }, admitted: true },
  ])('admits $what: $admitted', ({ spec, admitted }) => {
    const r = admitUnderMemoryPressure(withSpec(spec), true);
    expect(r === undefined).toBe(admitted);
    if (r)
      expect(r).toEqual({
        reason: 'Evicted',
        message: 'The node had condition: [MemoryPressure]. ',
      });
    expect(admitUnderMemoryPressure(withSpec(spec), false)).toBeUndefined();
  });
});
