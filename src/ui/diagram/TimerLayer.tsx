import { ViewportPortal } from '@xyflow/react';
import { useMemo } from 'react';

import type { Cluster } from '../../engine';
import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';
import { CountdownBadge } from './CountdownBadge';
import type { Timer } from './countdown';
import { activeTimers, runningAt, targetRect } from './countdown';
import type { DiagramLayout } from './layout';

// How often (view time) the engine's timers are read again; the seconds follow every frame.
const READ_EVERY_MS = 250;
const BADGE_ROW = 30;

const selectViewTime = (s: SimulationState) => s.viewTime;
const selectTopology = (s: SimulationState) => s.topology;

/** The badges of the timers running at view time, above their targets (stacked per target). */
export function TimerBadges(props: {
  layout: DiagramLayout;
  timers: readonly Timer[];
  now: number;
}) {
  const { layout, timers, now } = props;
  const stacked = new Map<string, number>();
  return (
    <svg className="timer-layer">
      {runningAt(timers, now).map((t) => {
        const rect = targetRect(layout, t.target);
        if (!rect) return null;
        const row = stacked.get(t.target) ?? 0;
        stacked.set(t.target, row + 1);
        const at = { x: rect.x + 6, y: rect.y - 18 - row * BADGE_ROW };
        return (
          <CountdownBadge key={`${t.target}/${t.kind}/${t.label}`} timer={t} now={now} at={at} />
        );
      })}
    </svg>
  );
}

/**
 * Countdown badges for the real timers while they run (grace period, tolerations,
 * CrashLoopBackOff, Raft election, leader leases), driven by the view's virtual time.
 */
export function TimerLayer({
  layout,
  read = activeTimers,
}: {
  layout: DiagramLayout;
  read?: (c: Cluster) => Timer[];
}) {
  const store = useSimulationStore();
  const now = useSimulation(selectViewTime);
  const topology = useSimulation(selectTopology);
  const tick = Math.floor(now / READ_EVERY_MS);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const timers = useMemo(() => read(store.cluster), [store, read, tick, topology]);
  if (timers.length === 0) return null;
  return (
    <ViewportPortal>
      <TimerBadges layout={layout} timers={timers} now={now} />
    </ViewportPortal>
  );
}
