import type { Timer } from '../../engine/cluster/timers';
import type { Rect } from './geometry';
import type { DiagramLayout } from './layout';

export { activeTimers } from '../../engine/cluster/timers';
/** A running timer of the engine (target, kind, label, startedAt/endsAt in virtual ms). */
export type { Timer };

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
