import { useCallback, useSyncExternalStore } from 'react';

// One MediaQueryList per query: React reads the snapshot on every render of every user (the
// token layer renders each frame), and matchMedia builds a new list each call.
const lists = new Map<string, MediaQueryList>();

function mediaQueryList(query: string): MediaQueryList | undefined {
  if (typeof window.matchMedia !== 'function') return undefined;
  let mq = lists.get(query);
  if (!mq) lists.set(query, (mq = window.matchMedia(query)));
  return mq;
}

/** Follows a CSS media query (false where matchMedia is missing, as in jsdom). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const mq = mediaQueryList(query);
      if (!mq) return () => {};
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    [query],
  );
  const snapshot = () => mediaQueryList(query)?.matches ?? false;
  return useSyncExternalStore(subscribe, snapshot, () => false);
}

/** Whether the user asked the system for reduced motion. */
export function usePrefersReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}

/** Phone-sized screens, where the page stacks (same breakpoint as styles.css). */
export function useNarrowScreen(): boolean {
  return useMediaQuery('(max-width: 820px)');
}
