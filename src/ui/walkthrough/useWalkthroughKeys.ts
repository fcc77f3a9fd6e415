import { useEffect } from 'react';

import type { Scenario } from '../../scenarios';
import { useSimulationStore } from '../../store';

/** N / PageDown: next step (the first starts `scenario`); P / PageUp: previous. Presentation
 *  clickers send PageUp/PageDown; Space and the arrows stay with playback. Ignored while typing. */
export function useWalkthroughKeys(scenario: Scenario): void {
  const store = useSimulationStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target;
      if (el instanceof Element && el.closest('input, textarea, select, [contenteditable="true"]'))
        return;
      const started = store.getState().walkthrough !== undefined;
      if (e.key === 'n' || e.key === 'N' || e.key === 'PageDown') {
        e.preventDefault();
        if (started) store.getState().nextStep();
        else store.getState().startWalkthrough(scenario);
      } else if (started && (e.key === 'p' || e.key === 'P' || e.key === 'PageUp')) {
        e.preventDefault();
        store.getState().previousStep();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, scenario]);
}
