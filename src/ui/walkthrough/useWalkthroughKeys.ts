import { useEffect } from 'react';

import type { Scenario } from '../../scenarios';
import { useSimulationStore } from '../../store';

/** N / PageDown: next step (the first starts `scenario`; while a question is asked, skips it);
 *  P / PageUp: previous; 1–4: answer the question asked. Presentation clickers send
 *  PageUp/PageDown; Space and the arrows stay with playback. Ignored while typing. */
export function useWalkthroughKeys(scenario: Scenario): void {
  const store = useSimulationStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target;
      if (el instanceof Element && el.closest('input, textarea, select, [contenteditable="true"]'))
        return;
      const w = store.getState().walkthrough;
      if (e.key === 'n' || e.key === 'N' || e.key === 'PageDown') {
        e.preventDefault();
        if (w) store.getState().nextStep();
        else store.getState().startWalkthrough(scenario);
      } else if (w && (e.key === 'p' || e.key === 'P' || e.key === 'PageUp')) {
        e.preventDefault();
        store.getState().previousStep();
      } else if (w && /^[1-4]$/.test(e.key)) {
        const quiz = w.quizzes?.[w.scenario.steps[w.index].id];
        if (quiz?.phase !== 'asking' || Number(e.key) > quiz.choices.length) return;
        e.preventDefault();
        store.getState().predict(Number(e.key) - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, scenario]);
}
