import { ViewportPortal } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';

import type { Cluster } from '../../engine';
import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';
import { CountdownBadge } from './CountdownBadge';
import type { Timer } from './countdown';
import { activeTimers, runningAt, targetRect } from './countdown';
import type { DiagramLayout } from './layout';

// How often (wall ms) the engine's timers are read again while the view moves; the seconds
// follow view time every frame. Reading lists every pod and node from etcd, so it is not done
// per frame (at 10× a view-time cadence read on every other frame).
const READ_EVERY_MS = 1000;
const BADGE_ROW = 30;

const selectViewTime = (s: SimulationState) => s.viewTime;

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
  const now = useSimulation(selectViewTime);
  const timers = useEngineTimers(read);
  if (timers.length === 0) return null;
  return (
    <ViewportPortal>
      <TimerBadges layout={layout} timers={timers} now={now} />
    </ViewportPortal>
  );
}

/** The engine's running timers, read on mount and then every READ_EVERY_MS of wall time in
 *  which the view moved. */
function useEngineTimers(read: (c: Cluster) => Timer[]): Timer[] {
  const store = useSimulationStore();
  const [timers, setTimers] = useState(() => read(store.cluster));
  const readAt = useRef(store.getState().viewTime);
  useEffect(() => {
    const id = setInterval(() => {
      const t = store.getState().viewTime;
      if (t === readAt.current) return;
      readAt.current = t;
      setTimers(read(store.cluster));
    }, READ_EVERY_MS);
    return () => clearInterval(id);
  }, [store, read]);
  return timers;
}
