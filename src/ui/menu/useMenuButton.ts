import type { KeyboardEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';

/**
 * The WAI-ARIA menu button pattern: Enter/click or ↓/↑ on the button opens the menu with focus
 * on its first/last item; ↓ ↑ Home End move; Esc closes and returns to the button; Tab closes.
 */
export function useMenuButton() {
  const [open, setOpen] = useState(false);
  const [initialFocus, setInitialFocus] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const count = useRef(0);
  const menuId = useId();
  // focus moves into the menu once it has rendered
  useEffect(() => {
    if (open) items.current[initialFocus]?.focus();
  }, [open, initialFocus]);

  const focusItem = (i: number) => items.current[i]?.focus();
  /** Opens a menu of `n` items with focus on its first or last. */
  const openMenu = (focus: 'first' | 'last', n: number) => {
    count.current = n;
    setInitialFocus(focus === 'first' ? 0 : n - 1);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const n = count.current;
    const at = items.current.findIndex((el) => el === document.activeElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusItem((at + 1) % n),
      ArrowUp: () => focusItem((at - 1 + n) % n),
      Home: () => focusItem(0),
      End: () => focusItem(n - 1),
      Escape: close,
      Tab: () => setOpen(false),
    };
    const act = keys[e.key];
    if (!act) return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
    act();
  };
  /** ↓/↑ on the button opens the menu; `prepare` readies it and says how many items it has. */
  const onButtonKey = (e: KeyboardEvent, prepare: () => number) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    openMenu(e.key === 'ArrowDown' ? 'first' : 'last', prepare());
  };
  const itemRef = (i: number) => (el: HTMLButtonElement | null) => void (items.current[i] = el);
  return { open, menuId, button, itemRef, openMenu, close, onMenuKey, onButtonKey };
}
