import { describe, expect, it } from 'vitest';

import { Heap } from '../../../../src/engine/scheduler/queue/heap';

interface Item {
  key: string;
  priority: number;
}

const heapOf = (items: Item[]) => {
  const h = new Heap<Item>(
    (i) => i.key,
    (a, b) => a.priority > b.priority,
  );
  for (const i of items) h.addOrUpdate(i);
  return h;
};

const drain = (h: Heap<Item>) => {
  const out: string[] = [];
  for (let i = h.pop(); i; i = h.pop()) out.push(i.key);
  return out;
};

// 40 items with priorities in a scrambled order
const items = Array.from({ length: 40 }, (_, i) => ({ key: `p${i}`, priority: (i * 17) % 40 }));
const byPriority = [...items].sort((a, b) => b.priority - a.priority).map((i) => i.key);

describe('the scheduling queue heap', () => {
  it('pops the highest priority first', () => {
    expect(drain(heapOf(items))).toEqual(byPriority);
  });

  it('deletes by key from anywhere and keeps the order of the rest', () => {
    const h = heapOf(items);
    for (const key of ['p3', 'p0', 'p39', 'p20']) expect(h.delete(key)?.key).toBe(key);
    expect(h.delete('p3')).toBeUndefined();
    expect(h.has('p0')).toBe(false);
    expect(h.length).toBe(36);
    expect(drain(h)).toEqual(byPriority.filter((k) => !['p3', 'p0', 'p39', 'p20'].includes(k)));
  });

  it('moves an updated item to its new place', () => {
    const h = heapOf(items);
    h.addOrUpdate({ key: 'p5', priority: 100 });
    h.addOrUpdate({ key: 'p10', priority: -1 });
    expect(h.get('p5')?.priority).toBe(100);
    const order = drain(h);
    expect(order[0]).toBe('p5');
    expect(order.at(-1)).toBe('p10');
    expect(order).toHaveLength(40);
  });
});
