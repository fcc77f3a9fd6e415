import { describe, expect, it } from 'vitest';

import type { Topology } from '../../../src/engine/view';
import { TopologyHistory } from '../../../src/store/topology-history';

/** A topology with one worker holding the given pods (by name). */
function topology(...pods: string[]): Topology {
  return {
    client: { id: 'kubectl' },
    nodes: [
      {
        name: 'worker-1',
        role: 'worker',
        ip: '10.0.0.11',
        up: true,
        partitioned: false,
        ready: 'True',
        components: [],
        pods: pods.map((name) => ({
          id: `pod/default/${name}`,
          namespace: 'default',
          name,
          node: 'worker-1',
          phase: 'Running',
        })),
      },
    ],
    unscheduledPods: [],
  };
}

const podsAt = (h: TopologyHistory, t: number) =>
  h.shownAt(t).topology.nodes[0].pods.map((p) => p.name);

describe('TopologyHistory', () => {
  it.each([
    [0, []],
    [9.5, []],
    [10, ['a']],
    [19, ['a']],
    [20, ['a', 'b']],
    [1e9, ['a', 'b']],
  ])('at view time %d shows the newest snapshot taken by then: %j', (t, pods) => {
    const h = new TopologyHistory(0, topology());
    h.record(10, topology('a'));
    h.record(20, topology('a', 'b'));
    expect(podsAt(h, t)).toEqual(pods);
  });

  it('records a snapshot only when the topology changed, keeping the shown object', () => {
    const h = new TopologyHistory(0, topology('a'));
    const shown = h.shownAt(0).topology;
    expect(h.record(10, topology('a'))).toBe(false);
    expect(h.size).toBe(1);
    expect(h.shownAt(15).topology).toBe(shown);
    expect(h.record(20, topology())).toBe(true);
    expect(h.shownAt(20).topology).not.toBe(shown);
  });

  it('drops the snapshots the view has passed', () => {
    const h = new TopologyHistory(0, topology());
    h.record(10, topology('a'));
    h.record(20, topology('b'));
    h.record(30, topology('c'));
    h.shownAt(25);
    expect(h.size).toBe(2);
    expect(podsAt(h, 26)).toEqual(['b']);
  });

  it('over its limit forgets the oldest snapshot ahead of the view, so a change shows late, never early', () => {
    const h = new TopologyHistory(0, topology(), 3);
    h.record(10, topology('a'));
    h.record(20, topology('b'));
    h.record(30, topology('c'));
    expect(h.size).toBe(3);
    expect(podsAt(h, 15)).toEqual([]);
    expect(podsAt(h, 20)).toEqual(['b']);
  });

  it('shows the newest topology at once for the user’s own action', () => {
    const h = new TopologyHistory(0, topology());
    h.record(110, topology('a'));
    const s = h.latestFrom(5);
    expect(s.at).toBe(5);
    expect(podsAt(h, 5)).toEqual(['a']);
    expect(h.size).toBe(1);
  });
});
