import { ReactFlow } from '@xyflow/react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { Topology } from '../../../src/engine/view';
import { createSimulationStore } from '../../../src/store';
import type { Timer } from '../../../src/ui/diagram/countdown';
import { countdown, runningAt, targetRect } from '../../../src/ui/diagram/countdown';
import { layoutTopology } from '../../../src/ui/diagram/layout';
import { TimerBadges, TimerLayer } from '../../../src/ui/diagram/TimerLayer';
import { renderWithSimulation } from '../components/render';

vi.setConfig({ testTimeout: 60_000 });

const grace: Timer = {
  target: 'node/worker-1',
  kind: 'node-grace',
  label: 'Ready → Unknown',
  startedAt: 10_000,
  endsAt: 50_000,
};

const topology: Topology = {
  client: { id: 'kubectl' },
  nodes: [
    {
      name: 'worker-1',
      role: 'worker',
      ip: '10.0.1.11',
      up: false,
      partitioned: false,
      ready: 'True',
      components: [{ id: 'kubelet@worker-1', kind: 'kubelet', node: 'worker-1', up: false }],
      pods: [
        {
          id: 'pod/default/web',
          namespace: 'default',
          name: 'web',
          node: 'worker-1',
          phase: 'Running',
        },
      ],
    },
  ],
  unscheduledPods: [],
};
const layout = layoutTopology(topology, []);

describe('countdown', () => {
  it.each([
    [10_000, 40, 0],
    [20_000, 30, 0.25],
    [49_001, 1, 0.975025],
    [50_000, 0, 1],
    [60_000, 0, 1],
  ])('at view time %i shows %i s left, %f of the way', (now, seconds, elapsed) => {
    const c = countdown(grace, now);
    expect(c.secondsLeft).toBe(seconds);
    expect(c.elapsed).toBeCloseTo(elapsed, 5);
  });

  it('keeps only the timers that have started and not ended by view time', () => {
    expect(runningAt([grace], 9_999)).toEqual([]);
    expect(runningAt([grace], 10_000)).toEqual([grace]);
    expect(runningAt([grace], 50_000)).toEqual([]);
  });

  it('finds where a node, a component and a pod chip are drawn', () => {
    const group = layout.groups[0].rect;
    expect(targetRect(layout, 'node/worker-1')).toEqual(group);
    expect(targetRect(layout, 'kubelet@worker-1')).toEqual(layout.boxes.get('kubelet@worker-1'));
    const pod = targetRect(layout, 'pod/default/web')!;
    expect(pod.x).toBe(group.x + layout.pods[0].rect.x);
    expect(pod.y).toBe(group.y + layout.pods[0].rect.y);
    expect(targetRect(layout, 'pod/default/missing')).toBeUndefined();
  });
});

describe('countdown badges', () => {
  it('show the seconds left at view time, with the timer named for screen readers', () => {
    const { rerender } = render(<TimerBadges layout={layout} timers={[grace]} now={20_000} />);
    expect(
      screen.getByRole('img', {
        name: 'node grace period on node/worker-1: Ready → Unknown, 30 s left',
      }),
    ).toHaveTextContent('Ready → Unknown: 30 s');
    rerender(<TimerBadges layout={layout} timers={[grace]} now={44_500} />);
    expect(screen.getByRole('img')).toHaveTextContent('Ready → Unknown: 6 s');
    rerender(<TimerBadges layout={layout} timers={[grace]} now={50_000} />);
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it("follow the store's view time, not the engine's clock", () => {
    const store = createSimulationStore({ playing: false });
    const start = store.getState().viewTime;
    const timer: Timer = {
      ...grace,
      startedAt: start,
      endsAt: start + 300_000,
      kind: 'toleration',
      label: 'evict web',
    };
    renderWithSimulation(
      <div style={{ width: 800, height: 600 }}>
        <ReactFlow nodes={[]} edges={[]}>
          <TimerLayer layout={layout} read={() => [timer]} />
        </ReactFlow>
      </div>,
      store,
    );
    expect(screen.getByRole('img')).toHaveTextContent('evict web: 300 s');
    act(() => store.cluster.advance(60_000));
    expect(screen.getByRole('img')).toHaveTextContent('evict web: 300 s');
    act(() => store.setState({ viewTime: start + 120_000 }));
    expect(screen.getByRole('img')).toHaveTextContent('evict web: 180 s');
  });
});
