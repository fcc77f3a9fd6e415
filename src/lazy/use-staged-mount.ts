import { startTransition, useEffect, useState } from 'react';

import { afterFirstPaint } from './after-paint';

/**
 * Mounts a page in `stages` steps, one per paint: returns the stage reached so far (0 on the
 * first render, then 1, 2, … up to `stages`), each after the browser has painted the previous
 * one. A big page's first render and commit (DOM, effects, measurements) is then several short
 * tasks instead of one long one, and what is rendered first paints first.
 */
export function useStagedMount(stages: number, nextPaint = afterFirstPaint): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= stages) return;
    let mounted = true;
    void nextPaint().then(() => {
      // a transition: React may yield inside the stage's render too
      if (mounted) startTransition(() => setStage((s) => Math.min(s + 1, stages)));
    });
    return () => void (mounted = false);
  }, [stage, stages, nextPaint]);
  return stage;
}
