import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/engine/api/types';
import { SchedulerCache } from '../../../src/engine/scheduler/cache';

function node(name: string, spec: Record<string, unknown> = {}, images = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec,
    status: {
      allocatable: { cpu: '1', memory: '1Gi', pods: '110' },
      images: images ? [{ names: ['nginx:1.27'], sizeBytes: 50_000_000 }] : [],
    },
  };
}

const taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

// Plugins skip their per-node work when no node has what they look at; the counts they read
// must follow every node event.
describe('the scheduler cache node counts', () => {
  it('count tainted, cordoned and image-holding nodes through adds, updates and deletes', () => {
    const cache = new SchedulerCache();
    cache.addNode(node('cp', { taints: [taint] }));
    cache.addNode(node('w1', {}, true));
    cache.addNode(node('w2', { unschedulable: true }));
    expect(cache.counts).toEqual({ tainted: 1, unschedulable: 1, withImages: 1 });
    cache.updateNode(node('cp'));
    cache.updateNode(node('w2', { unschedulable: true, taints: [taint] }, true));
    expect(cache.counts).toEqual({ tainted: 1, unschedulable: 1, withImages: 2 });
    cache.removeNode(node('w2'));
    cache.removeNode(node('w1'));
    expect(cache.counts).toEqual({ tainted: 0, unschedulable: 0, withImages: 0 });
  });
});
