import { useEffect, useState } from 'react';

import type { SimulationState } from '../../store';
import { useSimulationStore } from '../../store';

/** How often the diagram and the hop log follow a busy cluster at most, in wall ms (4 per s). */
export const FOLLOW_INTERVAL_MS = 250;

/**
 * useSimulation for views too big to redraw every frame: a change after a quiet spell (or while
 * the view is stopped) shows at once, changes that follow within `intervalMs` of it while it
 * plays show together at the end of that time.
 * With 300 pods starting, the topology and the log change nearly every frame; redrawing the
 * diagram's hundred nodes that often is what made frames long, and the eye cannot follow more.
 * `selector` must be stable (a module-level function).
 */
export function useThrottledSimulation<T>(
  selector: (s: SimulationState) => T,
  intervalMs = FOLLOW_INTERVAL_MS,
): T {
  const store = useSimulationStore();
  const [shown, setShown] = useState(() => ({ store, value: selector(store.getState()) }));
  useEffect(() => {
    let shownAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      timer = undefined;
      shownAt = performance.now();
      const value = selector(store.getState());
      setShown((old) =>
        old.store === store && Object.is(old.value, value) ? old : { store, value },
      );
    };
    const unsubscribe = store.subscribe((s, prev) => {
      // a view that stops (paused, or a step reached) shows where it stopped at once
      const stopped = !s.playing && s.stepTarget === undefined;
      if (stopped && timer !== undefined) {
        clearTimeout(timer);
        return show();
      }
      if (Object.is(selector(s), selector(prev))) return;
      if (stopped) return show();
      if (timer !== undefined) return;
      const wait = shownAt + intervalMs - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    // the store may have moved between the render and this subscription
    show();
    shownAt = -Infinity;
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, selector, intervalMs]);
  // a replaced store (a rewind) is read at once, not a frame later
  return shown.store === store ? shown.value : selector(store.getState());
}
