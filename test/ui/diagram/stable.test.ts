import { describe, expect, it } from 'vitest';

import { StableItems } from '../../../src/ui/diagram/stable';

describe('StableItems', () => {
  it('hands back the previous objects, and the previous array, when nothing changed', () => {
    const cache = new StableItems<{ id: string; n: number }>();
    const first = cache.stable([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
    const again = cache.stable([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ]);
    expect(again).toBe(first);
  });

  it('replaces only the items whose content changed', () => {
    const cache = new StableItems<{ id: string; n: number; onToggle?: () => void }>();
    const first = cache.stable([
      { id: 'a', n: 1, onToggle: () => undefined },
      { id: 'b', n: 2 },
    ]);
    const next = cache.stable([
      // a new function alone is no change: functions are left out of the comparison
      { id: 'a', n: 1, onToggle: () => undefined },
      { id: 'b', n: 3 },
    ]);
    expect(next).not.toBe(first);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).toEqual({ id: 'b', n: 3 });
  });

  it('follows items added, removed and reordered', () => {
    const cache = new StableItems<{ id: string }>();
    const first = cache.stable([{ id: 'a' }, { id: 'b' }]);
    expect(cache.stable([{ id: 'b' }, { id: 'a' }])).toEqual([{ id: 'b' }, { id: 'a' }]);
    const three = cache.stable([{ id: 'b' }, { id: 'a' }, { id: 'c' }]);
    expect(three.map((x) => x.id)).toEqual(['b', 'a', 'c']);
    expect(three[0]).toBe(first[1]);
    expect(cache.stable([])).toEqual([]);
  });
});
