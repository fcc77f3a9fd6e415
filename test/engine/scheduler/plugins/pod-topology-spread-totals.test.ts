import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../../src/engine/api/types';
import { SchedulerCache } from '../../../../src/engine/scheduler/cache';
import { CycleState } from '../../../../src/engine/scheduler/framework/interface';
import type { PodInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import { podInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import { PodTopologySpreadPlugin } from '../../../../src/engine/scheduler/plugins/pod-topology-spread';
import { makePod } from '../builders';

const ZONE = 'topology.kubernetes.io/zone';

function node(name: string, zone?: string): KubeObject {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (zone) labels[ZONE] = zone;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  };
}

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-rs', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } } },
};

/** A pod of web-rs (the system default constraints select it), optionally on a node. */
function web(name: string, nodeName?: string, extra: Partial<KubeObject['metadata']> = {}) {
  const b = makePod().name(name).labels({ app: 'web' });
  if (nodeName) b.node(nodeName);
  const pod = b.obj();
  return Object.freeze({
    ...pod,
    metadata: {
      ...pod.metadata,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'rs', controller: true },
      ],
      ...extra,
    },
  }) as KubeObject;
}

/** Every node's raw PodTopologySpread score for the pod, and the PreScore status code. */
function rawScores(plugin: PodTopologySpreadPlugin, cache: SchedulerCache, pod: PodInfo) {
  const nodes = cache.nodeInfos();
  const state = new CycleState();
  const code = plugin.preScore(state, pod, nodes).code;
  const out = new Float64Array(nodes.length);
  plugin.scoreNodes(state, pod, nodes, nodes.length, out, 0);
  return { code, scores: [...out] };
}

describe('PodTopologySpread running totals', () => {
  // Each step changes the cache; after it, the plugin keeping running totals between cycles
  // must score every node exactly as one that recounts every node's pods each cycle.
  const steps: [string, (cache: SchedulerCache) => void][] = [
    [
      'pods land in two zones',
      (c) => ['a1', 'a1', 'b1', 'b2'].forEach((n, i) => c.addPod(web(`w${i}`, n))),
    ],
    ['a pod is assumed', (c) => c.assumePod(podInfo(web('w9')), 'b2')],
    ['the assumed pod is forgotten', (c) => c.forgetPod(podInfo(web('w9')))],
    ['a pod is deleted', (c) => c.removePod(web('w0', 'a1'))],
    ['the last selected pod leaves a node', (c) => c.removePod(web('w2', 'b1'))],
    ['that node changes again', (c) => c.addPod(makePod().name('db0').node('b1').obj())],
    [
      'a pod of another namespace and an unselected pod land',
      (c) => {
        c.addPod(web('x', 'a1', { namespace: 'other' }));
        c.addPod(Object.freeze({ ...makePod().name('db').labels({ app: 'db' }).node('a1').obj() }));
      },
    ],
    [
      'a pod starts terminating',
      (c) => c.updatePod(web('w1', 'a1', { deletionTimestamp: '2025-01-01T00:00:00Z' })),
    ],
    ['a node moves to another zone', (c) => c.updateNode(node('b1', 'a'))],
    ['a node loses its zone label', (c) => c.updateNode(node('b2'))],
    ['a node with pods is removed', (c) => c.removeNode(node('a1', 'a'))],
    [
      'a node joins and gets pods',
      (c) => {
        c.addNode(node('c1', 'c'));
        c.addPod(web('w5', 'c1'));
      },
    ],
  ];

  it('score every node as a full recount does after each cache change', () => {
    const cache = new SchedulerCache();
    for (const [n, z] of [
      ['a1', 'a'],
      ['b1', 'b'],
      ['b2', 'b'],
    ])
      cache.addNode(node(n, z));
    const lister = (r: string) => (r === 'replicasets' ? [replicaSet] : []);
    const running = new PodTopologySpreadPlugin({
      lister,
      nodeInfos: () => cache.nodeInfos(),
      nodesChangedSince: (g) => cache.nodesChangedSince(g),
    });
    const recount = new PodTopologySpreadPlugin({ lister, nodeInfos: () => cache.nodeInfos() });
    const pending = podInfo(web('incoming'));
    const seen: string[] = [];
    for (const [name, step] of steps) {
      step(cache);
      const want = rawScores(recount, cache, pending);
      expect(want.code).toBe('Success');
      expect(rawScores(running, cache, pending), name).toEqual(want);
      seen.push(want.scores.join(' '));
    }
    // the steps do change the scores, so the comparison is not between constant rows
    expect(new Set(seen).size).toBeGreaterThan(4);
  });
});

describe('SchedulerCache.nodesChangedSince', () => {
  it('lists the nodes changed after a generation, the last changed first', () => {
    const cache = new SchedulerCache();
    for (const n of ['n1', 'n2', 'n3']) cache.addNode(node(n));
    const names = (g: number) => cache.nodesChangedSince(g).map((n) => n.name);
    const mark = Math.max(...cache.nodeInfos().map((n) => n.generation));
    expect(names(0)).toEqual(['n3', 'n2', 'n1']);
    expect(names(mark)).toEqual([]);
    cache.addPod(web('p1', 'n1'));
    cache.updateNode(node('n2', 'a'));
    cache.addPod(web('p2', 'n1'));
    expect(names(mark)).toEqual(['n1', 'n2']);
    cache.removeNode(node('n1'));
    expect(names(mark)).toEqual(['n2']);
  });
});
