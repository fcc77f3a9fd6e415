import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import { CycleState } from '../../../../src/engine/scheduler/framework/interface';
import { podInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import { NodeResourcesFitPlugin } from '../../../../src/engine/scheduler/plugins/node-resources-fit';
import type { ResourceSpec } from '../../../../src/engine/scheduler/plugins/resource-allocation';
import { makeNode, makePod, place } from '../builders';

const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const cap = (cpu: string, memory: string) => ({ cpu, memory });
const twoContainers = () =>
  makePod().req({ cpu: '1000', memory: '2000' }).req({ cpu: '2000', memory: '3000' });

// noderesources/least_allocated_test.go TestLeastAllocatedScoringStrategy
const cases: {
  name: string;
  pod: KubeObject;
  nodes: [string, Record<string, string>][];
  existing: KubeObject[];
  resources?: ResourceSpec[];
  want: number[];
}[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: makePod().obj(),
    nodes: [
      ['node1', cap('4000', '10000')],
      ['node2', cap('4000', '10000')],
    ],
    existing: [],
    want: [100, 100],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: twoContainers().obj(),
    nodes: [
      ['node1', cap('4000', '10000')],
      ['node2', cap('6000', '10000')],
    ],
    existing: [],
    want: [37, 50],
  },
  {
    name: 'no resources requested, pods scheduled',
    pod: makePod().obj(),
    nodes: [
      ['node1', cap('4000', '10000')],
      ['node2', cap('4000', '10000')],
    ],
    existing: [
      makePod().node('node1').obj(),
      makePod().node('node1').obj(),
      makePod().node('node2').obj(),
      makePod().node('node2').obj(),
    ],
    want: [100, 100],
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    pod: makePod().obj(),
    nodes: [
      ['node1', cap('10000', '20000')],
      ['node2', cap('10000', '20000')],
    ],
    existing: [
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
    ],
    want: [70, 57],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: twoContainers().obj(),
    nodes: [
      ['node1', cap('10000', '20000')],
      ['node2', cap('10000', '20000')],
    ],
    existing: [
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
    ],
    want: [57, 45],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: twoContainers().obj(),
    nodes: [
      ['node1', cap('10000', '20000')],
      ['node2', cap('10000', '50000')],
    ],
    existing: [
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
    ],
    want: [57, 60],
  },
  {
    name: 'requested resources exceed node capacity',
    pod: makePod().req({ cpu: '3000', memory: '0' }).obj(),
    nodes: [
      ['node1', cap('4000', '10000')],
      ['node2', cap('4000', '10000')],
    ],
    existing: [
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
    ],
    want: [50, 25],
  },
  {
    name: 'zero node resources, pods scheduled with resources',
    pod: makePod().obj(),
    nodes: [
      ['node1', {}],
      ['node2', {}],
    ],
    existing: [
      makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
      makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
    ],
    want: [0, 0],
  },
  {
    name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
    pod: twoContainers().node('node1').obj(),
    nodes: [
      ['node1', cap('4000', '10000')],
      ['node2', cap('6000', '10000')],
    ],
    existing: [],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    want: [41, 50],
  },
];

describe('NodeResourcesFit LeastAllocated (upstream TestLeastAllocatedScoringStrategy)', () => {
  it.each(cases)('scores $name as upstream does', (tc) => {
    const plugin = new NodeResourcesFitPlugin({
      scoringStrategy: { type: 'LeastAllocated', resources: tc.resources ?? defaultResources },
    });
    const nodes = place(
      tc.nodes.map(([n, a]) => makeNode(n, a)),
      tc.existing,
    );
    const state = new CycleState();
    const info = podInfo(tc.pod);
    plugin.preScore(state, info);
    expect(nodes.map((n) => plugin.score(state, info, n))).toEqual(tc.want);
  });

  it.each(cases)('scores $name as upstream does when a cycle scores its nodes at once', (tc) => {
    const plugin = new NodeResourcesFitPlugin({
      scoringStrategy: { type: 'LeastAllocated', resources: tc.resources ?? defaultResources },
    });
    const nodes = place(
      tc.nodes.map(([n, a]) => makeNode(n, a)),
      tc.existing,
    );
    const state = new CycleState();
    const info = podInfo(tc.pod);
    plugin.preScore(state, info);
    const out = new Float64Array(nodes.length + 1).fill(-1);
    plugin.scoreNodes(state, info, nodes, nodes.length, out, 1);
    expect([...out]).toEqual([-1, ...tc.want]);
  });

  it('weighs cpu and memory as configured when a cycle scores its nodes at once', () => {
    const plugin = new NodeResourcesFitPlugin({
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'cpu', weight: 3 },
          { name: 'memory', weight: 1 },
        ],
      },
    });
    const nodes = [
      makeNode('node1', cap('4000', '10000')),
      makeNode('node2', cap('6000', '10000')),
    ];
    const state = new CycleState();
    const info = podInfo(twoContainers().obj());
    plugin.preScore(state, info);
    const out = new Float64Array(2);
    plugin.scoreNodes(state, info, nodes, 2, out, 0);
    // cpu (4000−3000)/4000 → 25, memory 5000/10000 → 50: (25×3 + 50)/4 ⇒ 31; cpu 50 ⇒ 50
    expect([...out]).toEqual([31, 50]);
  });

  it('scores with MostAllocated when configured: the used share instead of the free one', () => {
    const plugin = new NodeResourcesFitPlugin({
      scoringStrategy: { type: 'MostAllocated', resources: defaultResources },
    });
    const nodes = [
      makeNode('node1', cap('4000', '10000')),
      makeNode('node2', cap('6000', '10000')),
    ];
    const state = new CycleState();
    const info = podInfo(twoContainers().obj());
    plugin.preScore(state, info);
    // cpu 3000/4000 → 75, memory 5000/10000 → 50 ⇒ 62; cpu 3000/6000 → 50 ⇒ 50
    expect(nodes.map((n) => plugin.score(state, info, n))).toEqual([62, 50]);
  });
});
