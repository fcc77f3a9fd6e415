import { useEffect } from 'react';

import { useSimulationStore } from '../../store';

/** Drives the simulation's playback from requestAnimationFrame while mounted. */
export function usePlaybackLoop(): void {
  const store = useSimulationStore();
  useEffect(() => {
    let last: number | undefined;
    let frame = requestAnimationFrame(function loop(now) {
      if (last !== undefined) store.getState().tick(now - last, now);
      last = now;
      frame = requestAnimationFrame(loop);
    });
    return () => cancelAnimationFrame(frame);
  }, [store]);
}

/** Space plays/pauses, → steps, ← steps back, Home/End go to the timeline's ends — unless the
 *  user is typing or on a control. */
export function usePlaybackKeys(): void {
  const store = useSimulationStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest('input, textarea, select, button, a, [contenteditable="true"]')) return;
      if (e.key === ' ') {
        e.preventDefault();
        store.getState().togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        store.getState().step();
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        store.getState().stepBack();
      } else if (e.key === 'Home') {
        e.preventDefault();
        store.getState().seek(store.getState().startTime);
      } else if (e.key === 'End') {
        e.preventDefault();
        store.getState().seek(store.getState().horizon);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
