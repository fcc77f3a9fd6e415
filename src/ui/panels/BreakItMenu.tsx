import type { KeyboardEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';

import type { FaultChoice } from '../../engine/cluster/faults';
import { faultsFor } from '../../engine/cluster/faults';
import { useSimulationStore } from '../../store';
import { injectFault } from './inject';

/**
 * "Break it": a menu button listing what can go wrong with the target (and what puts it right),
 * as the engine's faultsFor() offers it. Arrow keys, Home and End move, Enter chooses, Esc
 * closes and returns to the button (the WAI-ARIA menu button pattern).
 */
export function BreakItMenu({ target }: { target: string }) {
  const store = useSimulationStore();
  const [choices, setChoices] = useState<FaultChoice[] | undefined>(undefined);
  const [done, setDone] = useState<string>('');
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  const open = choices !== undefined;
  // which item takes focus once the menu has rendered
  const [initialFocus, setInitialFocus] = useState(0);
  useEffect(() => {
    if (choices) items.current[initialFocus]?.focus();
  }, [choices, initialFocus]);

  const focusItem = (i: number) => items.current[i]?.focus();
  const openMenu = (focus: 'first' | 'last') => {
    const list = faultsFor(store.cluster, target);
    setInitialFocus(focus === 'first' ? 0 : list.length - 1);
    setChoices(list);
    setDone('');
  };
  const close = () => {
    setChoices(undefined);
    button.current?.focus();
  };
  const choose = (c: FaultChoice) => {
    if (c.disabled) return;
    const result = injectFault(store, c.fault);
    const out = result ? (result.exitCode === 0 ? result.stdout : result.stderr).trim() : '';
    setDone(out ? `${c.label}: ${out}` : `${c.label}: done.`);
    close();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const n = choices?.length ?? 0;
    const at = items.current.findIndex((el) => el === document.activeElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusItem((at + 1) % n),
      ArrowUp: () => focusItem((at - 1 + n) % n),
      Home: () => focusItem(0),
      End: () => focusItem(n - 1),
      Escape: close,
      Tab: () => setChoices(undefined),
    };
    const act = keys[e.key];
    if (!act) return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
    act();
  };

  if (faultsFor(store.cluster, target).length === 0) return null;
  return (
    <div className="break-it">
      <button
        ref={button}
        type="button"
        className="break-it-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : openMenu('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openMenu(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        <span aria-hidden="true">⚡ </span>Break it
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <ul
          id={menuId}
          role="menu"
          aria-label={`What can go wrong with ${target}`}
          className="break-it-menu"
          onKeyDown={onMenuKey}
        >
          {choices.map((c, i) => (
            <li key={c.label} role="none">
              <button
                ref={(el) => void (items.current[i] = el)}
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={c.disabled ? true : undefined}
                title={c.disabled}
                onClick={() => choose(c)}
              >
                {c.label}
                {c.disabled && <span className="muted break-it-why"> — {c.disabled}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="break-it-done" role="status">
        {done}
      </p>
    </div>
  );
}
