import './BreakItMenu.css';

import { useEffect, useState } from 'react';

import type { FaultChoice } from '../../engine/cluster/faults';
import { faultsFor } from '../../engine/cluster/faults';
import { useSimulationStore } from '../../store';
import { useMenuButton } from '../menu/useMenuButton';
import { injectFault } from './inject';

/**
 * "Break it": a menu button listing what can go wrong with the target (and what puts it right),
 * as the engine's faultsFor() offers it. Arrow keys, Home and End move, Enter chooses, Esc
 * closes and returns to the button (the WAI-ARIA menu button pattern). `label` and `menuLabel`
 * rename the button and the menu (the diagram's cluster menu uses them); `statusMs` clears
 * the line saying what was done after that many wall milliseconds (on the diagram it covers
 * the drawing).
 */
export function BreakItMenu({
  target,
  label = 'Break it',
  menuLabel = `What can go wrong with ${target}`,
  className,
  statusMs,
}: {
  target: string;
  label?: string;
  menuLabel?: string;
  className?: string;
  statusMs?: number;
}) {
  const store = useSimulationStore();
  const [choices, setChoices] = useState<FaultChoice[]>([]);
  const [done, setDone] = useState<string>('');
  useEffect(() => {
    if (!done || statusMs === undefined) return;
    const id = setTimeout(() => setDone(''), statusMs);
    return () => clearTimeout(id);
  }, [done, statusMs]);
  const menu = useMenuButton();
  const { open, menuId, button, close } = menu;
  // the menu lists what the engine offers at the moment it opens
  const load = () => {
    const list = faultsFor(store.cluster, target);
    setChoices(list);
    setDone('');
    return list.length;
  };
  const choose = (c: FaultChoice) => {
    if (c.disabled) return;
    const result = injectFault(store, c.fault);
    const out = result ? (result.exitCode === 0 ? result.stdout : result.stderr).trim() : '';
    setDone(out ? `${c.label}: ${out}` : `${c.label}: done.`);
    close();
  };

  if (faultsFor(store.cluster, target).length === 0) return null;
  return (
    <div className={className ? `break-it ${className}` : 'break-it'}>
      <button
        ref={button}
        type="button"
        className="break-it-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : menu.openMenu('first', load()))}
        onKeyDown={(e) => menu.onButtonKey(e, load)}
      >
        <span aria-hidden="true">⚡ </span>
        {label}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <ul
          id={menuId}
          role="menu"
          aria-label={menuLabel}
          className="break-it-menu"
          onKeyDown={menu.onMenuKey}
        >
          {choices.map((c, i) => (
            <li key={c.label} role="none">
              <button
                ref={menu.itemRef(i)}
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
