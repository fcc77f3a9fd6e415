import { useEffect } from 'react';

import type { Scenario } from '../scenarios';
import { useSimulationStore } from '../store';
import { askedQuestion, goNext, goPrev } from './walkthrough-nav';

/**
 * Keys of the embedded and presenter views, the ones presentation clickers send:
 * → ↓ PageDown N next step, ← ↑ PageUp P previous, Space play/pause, 1–4 answer a question
 * (N skips it); B blanks the screen and
 * F toggles fullscreen (presenter only); Esc gives focus back to the host page.
 */
export function useStageKeys(
  scenario: Scenario,
  opts: { presenter: boolean; onBlank: () => void },
): void {
  const store = useSimulationStore();
  const { presenter, onBlank } = opts;
  useEffect(() => {
    // 1–4 answer the question the walkthrough asks (`questions=1`)
    const answer = (key: string) => {
      const quiz = askedQuestion(store.getState());
      const choice = Number(key);
      if (!quiz || !/^[1-4]$/.test(key) || choice > quiz.choices.length) return undefined;
      return () => store.getState().predict(choice - 1);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target;
      if (el instanceof Element && el.closest('input, textarea, select, [contenteditable="true"]'))
        return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === 'Escape') {
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        // an embedded page hands focus back to the deck around it
        if (window.parent !== window) window.parent.focus();
        return;
      }
      // a focused button handles Space and Enter itself
      if (key === ' ' && el instanceof Element && el.closest('button, a')) return;
      const action: Record<string, (() => void) | undefined> = {
        ArrowRight: () => goNext(store, scenario),
        ArrowDown: () => goNext(store, scenario),
        PageDown: () => goNext(store, scenario),
        n: () => goNext(store, scenario),
        ArrowLeft: () => goPrev(store),
        ArrowUp: () => goPrev(store),
        PageUp: () => goPrev(store),
        p: () => goPrev(store),
        ' ': () => store.getState().togglePlay(),
        b: presenter ? onBlank : undefined,
        '.': presenter ? onBlank : undefined,
        f: presenter ? toggleFullscreen : undefined,
      };
      const run = action[key] ?? answer(key);
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, scenario, presenter, onBlank]);
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}
