import type { Cluster } from '../../engine';
import type { Rect } from './geometry';
import type { DiagramLayout } from './layout';

/**
 * A running timer of the engine, as `activeTimers(cluster)` (src/engine/cluster/timers.ts)
 * describes it: what it is on, which real timer, and when it started and ends (virtual ms).
 */
export interface Timer {
  target: string;
  kind: 'node-grace' | 'toleration' | 'crashloop-backoff' | 'raft-election' | 'leader-lease';
  label: string;
  startedAt: number;
  endsAt: number;
}

type TimersModule = { activeTimers?: (c: Cluster) => Timer[] };
// The engine's timers module is being written alongside: read it when it is there (Vite
// resolves the glob at build time), show no countdowns until then.
const found = import.meta.glob<TimersModule>('../../engine/cluster/timers.ts', { eager: true });
const fromEngine = Object.values(found)[0]?.activeTimers;

/** The engine's running timers, or none when the engine does not report them yet. */
export function activeTimers(c: Cluster): Timer[] {
  return fromEngine ? fromEngine(c) : [];
}

/** What a badge shows at view time `now`: whole seconds left (rounded up) and how far along. */
export function countdown(t: Timer, now: number): { secondsLeft: number; elapsed: number } {
  const span = Math.max(1, t.endsAt - t.startedAt);
  return {
    secondsLeft: Math.max(0, Math.ceil((t.endsAt - now) / 1000)),
    elapsed: Math.min(1, Math.max(0, (now - t.startedAt) / span)),
  };
}

/** The timers running at view time `now` (started, not yet ended). */
export function runningAt(timers: readonly Timer[], now: number): Timer[] {
  return timers.filter((t) => t.startedAt <= now && now < t.endsAt);
}

/** Where a diagram id is drawn, in flow coordinates: a component, a node group, a pod chip. */
export function targetRect(layout: DiagramLayout, id: string): Rect | undefined {
  const box = layout.boxes.get(id);
  if (box) return box;
  const group = layout.groups.find((g) => g.id === id);
  if (group) return group.rect;
  const pod = layout.pods.find((p) => p.id === id);
  if (!pod) return undefined;
  const parent =
    layout.groups.find((g) => g.id === pod.parent)?.rect ??
    layout.outside.find((o) => o.id === pod.parent)?.rect;
  return parent && { ...pod.rect, x: parent.x + pod.rect.x, y: parent.y + pod.rect.y };
}
