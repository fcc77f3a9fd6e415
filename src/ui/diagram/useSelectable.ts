import type { KeyboardEvent, MouseEvent } from 'react';
import { useCallback } from 'react';

import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';

/**
 * Props that make a diagram element choosable for the inspector: a button (click, or Enter
 * and Space when focused) pressed while it is the selection.
 */
export function useSelectable(id: string) {
  const store = useSimulationStore();
  const selected = useSimulation(useCallback((s: SimulationState) => s.selected === id, [id]));
  const choose = useCallback(
    (e: MouseEvent | KeyboardEvent) => {
      e.stopPropagation();
      store.getState().select(id);
    },
    [store, id],
  );
  return {
    selected,
    props: {
      role: 'button',
      tabIndex: 0,
      'aria-pressed': selected,
      onClick: choose,
      onKeyDown: (e: KeyboardEvent) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        choose(e);
      },
    } as const,
  };
}
