import { describe, expect, it } from 'vitest';

import type { ScheduledEvent } from '../../../src/engine/sim/queue';
import { EventQueue } from '../../../src/engine/sim';

/** Pops everything left, returning the labels in run order. */
function drain(q: EventQueue, order: string[]): string[] {
  for (let e = q.pop(); e; e = q.pop()) e.run();
  return order;
}

describe('event queue sweeps', () => {
  it('drops cancelled timers once the heap doubles, keeping only the live ones', () => {
    const q = new EventQueue();
    const order: string[] = [];
    // request timeouts: a minute out and nearly all cancelled when their response arrives
    for (let i = 0; i < 4096; i++) {
      const timeout = q.push(60_000 + i, () => order.push(`timeout ${i}`));
      if (i % 64 !== 0) timeout.cancelled = true;
    }
    expect(q.size).toBe(4096);
    q.push(1, () => order.push('first'));
    // 64 live timeouts and the new event: the 4,032 cancelled ones are gone
    expect(q.size).toBe(65);
    expect(drain(q, order)).toEqual([
      'first',
      ...Array.from({ length: 64 }, (_, i) => `timeout ${i * 64}`),
    ]);
  });

  it('runs the same events in the same order as a plain sorted list, ties in scheduling order', () => {
    const q = new EventQueue();
    const order: string[] = [];
    const want: string[] = [];
    // the reference: every pushed event, the earliest live one taken out by each pop
    const pending: { event: ScheduledEvent; at: number; seq: number; label: string }[] = [];
    const popModel = () => {
      let best = -1;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i];
        if (p.event.cancelled) continue;
        const b = pending[best];
        if (best < 0 || p.at < b.at || (p.at === b.at && p.seq < b.seq)) best = i;
      }
      if (best >= 0) want.push(pending.splice(best, 1)[0].label);
    };
    let seq = 0;
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (let round = 0; round < 40; round++) {
      const pushed = [];
      for (let i = 0; i < 500; i++) {
        // times repeat, so ties are common
        const at = round * 10 + (next() % 400);
        const label = `${round}.${i}`;
        const event = q.push(at, () => order.push(label));
        pushed.push({ event, at, seq: seq++, label });
      }
      // cancel most, as responses arrive before their timeouts
      for (const p of pushed) if (next() % 10 < 8) p.event.cancelled = true;
      pending.push(...pushed.filter((p) => !p.event.cancelled));
      // run a few of the earliest, as the clock moves on
      for (let i = 0; i < 20; i++) {
        q.pop()?.run();
        popModel();
      }
    }
    drain(q, order);
    while (pending.length > 0) popModel();
    expect(order).toEqual(want);
    expect(order.length).toBeGreaterThan(3000);
  });
});
