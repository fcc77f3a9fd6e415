import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/engine/api/types';
import { CycleState } from '../../../../src/engine/scheduler/framework/interface';
import { podInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import { BalancedAllocationPlugin } from '../../../../src/engine/scheduler/plugins/balanced-allocation';
import type { ResourceSpec } from '../../../../src/engine/scheduler/plugins/resource-allocation';
import { makeNode, makePod, place } from '../builders';

// noderesources/balanced_allocation_test.go TestNodeResourcesBalancedAllocation
const cpuAndMemory = (node?: string) => {
  const b = makePod().req({ cpu: '1000m', memory: '2000' }).req({ cpu: '2000m', memory: '3000' });
  return node ? b.node(node) : b;
};
const cpuOnly = (node: string) =>
  makePod().node(node).req({ cpu: '1000m', memory: '0' }).req({ cpu: '2000m', memory: '0' });
const cpuAndMemoryAndGPU = (node: string) =>
  makePod()
    .node(node)
    .req({ cpu: '1000m', memory: '2000' })
    .req({ cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' });
const node = (name: string, milliCPU: number, memory: number, gpu?: number) =>
  makeNode(name, {
    cpu: `${milliCPU}m`,
    memory: String(memory),
    ...(gpu ? { 'nvidia.com/gpu': String(gpu) } : {}),
  });
const withGPU: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
  { name: 'nvidia.com/gpu', weight: 1 },
];

const cases: {
  name: string;
  pod: KubeObject;
  nodes: ReturnType<typeof node>[];
  pods: KubeObject[];
  resources?: ResourceSpec[];
  want: number[];
}[] = [
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: cpuAndMemory('node2').obj(),
    nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)],
    pods: [],
    want: [87, 100],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: cpuAndMemory('node2').obj(),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    pods: [cpuOnly('node1').obj(), cpuAndMemory('node2').obj()],
    want: [82, 95],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: cpuAndMemory('node2').obj(),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 50000)],
    pods: [cpuOnly('node1').obj(), cpuAndMemory('node2').obj()],
    want: [82, 80],
  },
  {
    name: 'requested resources at node capacity',
    pod: cpuOnly('node1').obj(),
    nodes: [node('node1', 6000, 10000), node('node2', 6000, 10000)],
    pods: [cpuOnly('node1').obj(), cpuAndMemory('node2').obj()],
    want: [50, 75],
  },
  {
    name: 'include scalar resource on a node for balanced resource allocation',
    pod: makePod().req({ memory: '0', 'nvidia.com/gpu': '1' }).obj(),
    nodes: [node('node1', 3500, 40000, 8), node('node2', 3500, 40000, 8)],
    pods: [cpuAndMemory('node2').obj(), cpuAndMemoryAndGPU('node1').obj()],
    resources: withGPU,
    want: [70, 65],
  },
  {
    name: 'node without the scalar resource should skip the scalar resource',
    pod: cpuAndMemory('node2').obj(),
    nodes: [node('node1', 3500, 40000, 8), node('node2', 3500, 40000)],
    pods: [],
    resources: withGPU,
    want: [63, 63],
  },
];

describe('NodeResourcesBalancedAllocation (upstream TestNodeResourcesBalancedAllocation)', () => {
  it.each(cases)('scores $name as upstream does', (tc) => {
    const plugin = new BalancedAllocationPlugin(tc.resources);
    const nodes = place(tc.nodes, tc.pods);
    const state = new CycleState();
    const pod = podInfo(tc.pod);
    expect(plugin.preScore(state, pod).code).toBe('Success');
    expect(nodes.map((n) => plugin.score(state, pod, n))).toEqual(tc.want);
  });

  it('skips best-effort pods in PreScore so they do not pile onto one node', () => {
    const plugin = new BalancedAllocationPlugin();
    expect(plugin.preScore(new CycleState(), makePod().info()).code).toBe('Skip');
  });
});
