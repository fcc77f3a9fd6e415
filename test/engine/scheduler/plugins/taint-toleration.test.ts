import { describe, expect, it } from 'vitest';
import type { NodeScore } from '../../../../src/engine/scheduler/framework/interface';
import { CycleState } from '../../../../src/engine/scheduler/framework/interface';
import type { Taint, Toleration } from '../../../../src/engine/scheduler/framework/types';
import { TaintTolerationPlugin } from '../../../../src/engine/scheduler/plugins/taint-toleration';
import { makeNode, makePod } from '../builders';

const pref = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
const tol = (key: string, value: string, effect = 'PreferNoSchedule'): Toleration => ({
  key,
  operator: 'Equal',
  value,
  effect,
});

// tainttoleration/taint_toleration_test.go TestTaintTolerationScore
const scoreCases: { name: string; tolerations: Toleration[]; taints: Taint[][]; want: number[] }[] =
  [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      tolerations: [tol('foo', 'bar')],
      taints: [[pref('foo', 'bar')], [pref('foo', 'blah')]],
      want: [100, 0],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      tolerations: [tol('cpu-type', 'arm64'), tol('disk-type', 'ssd')],
      taints: [
        [],
        [pref('cpu-type', 'arm64')],
        [pref('cpu-type', 'arm64'), pref('disk-type', 'ssd')],
      ],
      want: [100, 100, 100],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      tolerations: [tol('foo', 'bar')],
      taints: [
        [],
        [pref('cpu-type', 'arm64')],
        [pref('cpu-type', 'arm64'), pref('disk-type', 'ssd')],
      ],
      want: [100, 50, 0],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      tolerations: [tol('cpu-type', 'arm64', 'NoSchedule'), tol('disk-type', 'ssd', 'NoSchedule')],
      taints: [
        [],
        [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }],
        [pref('cpu-type', 'arm64'), pref('disk-type', 'ssd')],
      ],
      want: [100, 100, 0],
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      tolerations: [],
      taints: [[], [pref('cpu-type', 'arm64')]],
      want: [100, 0],
    },
  ];

// TestTaintTolerationFilter (v1.32 wording names the taint)
const filterCases: { name: string; tolerations: Toleration[]; taints: Taint[]; want?: string }[] = [
  {
    name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
    tolerations: [],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {dedicated: user1}',
  },
  {
    name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
    tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
  },
  {
    name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {dedicated: user1}',
  },
  {
    name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
    tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
  },
  {
    name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    ],
    taints: [
      { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
    ],
  },
  {
    name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    want: 'node(s) had untolerated taint {foo: bar}',
  },
  {
    name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
  },
  {
    name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
    tolerations: [],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
  },
];

describe('TaintToleration (upstream TestTaintTolerationScore and TestTaintTolerationFilter)', () => {
  it.each(scoreCases)('scores: $name', (tc) => {
    const plugin = new TaintTolerationPlugin();
    const pod = makePod().tolerations(tc.tolerations).info();
    const nodes = tc.taints.map((t, i) => makeNode(`node${'ABC'[i]}`, {}, { taints: t }));
    const state = new CycleState();
    expect(plugin.preScore(state, pod).code).toBe('Success');
    const scores: NodeScore[] = nodes.map((n) => ({
      name: n.name,
      score: plugin.score(state, pod, n),
    }));
    plugin.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual(tc.want);
  });

  it.each(filterCases)('filters: $name', (tc) => {
    const plugin = new TaintTolerationPlugin();
    const s = plugin.filter(
      new CycleState(),
      makePod().tolerations(tc.tolerations).info(),
      makeNode('nodeA', {}, { taints: tc.taints }),
    );
    if (tc.want) {
      expect(s.code).toBe('UnschedulableAndUnresolvable');
      expect(s.reasons).toEqual([tc.want]);
    } else expect(s.code).toBe('Success');
  });
});
