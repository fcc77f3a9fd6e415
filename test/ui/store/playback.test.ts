import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { AdvanceOptions, Timed } from '../../../src/store/playback';

import {
  advanceViewTime,
  advanceViewTimeBySent,
  IN_FLIGHT_RATE,
  nextBoundary,
  PendingHops,
  rateAt,
} from '../../../src/store/playback';

const hop = (sentAt: number, deliveredAt: number) => ({ sentAt, deliveredAt });

describe('advanceViewTime', () => {
  it.each([
    // [start, wall ms, hops, speed, expected]
    ['runs in real time with nothing in flight', 0, 100, [], 1, 100],
    ['runs at the speed multiple between hops', 0, 100, [], 10, 1000],
    ['slows down 250× while a hop is in flight', 0, 250, [hop(0, 5)], 1, 1],
    ['plays a 2 ms hop in half a second at 1×', 0, 500, [hop(0, 2)], 1, 2],
    ['switches back to real time when the hop lands', 0, 600, [hop(0, 2)], 1, 102],
    ['slows down when it reaches the next hop', 0, 50, [hop(10, 12)], 1, 10 + 40 * IN_FLIGHT_RATE],
    ['slows down only 25× for background hops', 0, 25, [{ ...hop(0, 5), background: true }], 1, 1],
    [
      'slows down fully while a request overlaps background hops',
      0,
      250,
      [{ ...hop(0, 5), background: true }, hop(0, 5)],
      1,
      1,
    ],
  ])('%s', (_name, start, wall, hops, speed, expected) => {
    expect(advanceViewTime(start, wall, hops, { speed, limit: 1e9 })).toBeCloseTo(expected, 9);
  });

  it('follows only the focused traces in full slow motion while a command is pending', () => {
    const other = { ...hop(0, 5), trace: 'controller' };
    const mine = { ...hop(0, 5), trace: 'kubectl-1' };
    expect(
      advanceViewTime(0, 25, [other], { speed: 1, limit: 1e9, focus: new Set(['kubectl-1']) }),
    ).toBeCloseTo(1, 9);
    expect(
      advanceViewTime(0, 250, [other, mine], {
        speed: 1,
        limit: 1e9,
        focus: new Set(['kubectl-1']),
      }),
    ).toBeCloseTo(1, 9);
  });

  it('never passes the engine limit', () => {
    expect(advanceViewTime(0, 1000, [], { speed: 1, limit: 40 })).toBe(40);
  });

  it('stops exactly at the step target', () => {
    expect(
      advanceViewTime(0, 10_000, [hop(0, 2), hop(1, 3)], { speed: 1, limit: 1e9, stopAt: 2 }),
    ).toBe(2);
  });

  it('jumps across idle time when skipping idle', () => {
    expect(
      advanceViewTime(0, 1, [hop(5000, 5002)], { speed: 1, limit: 1e9, skipIdle: true }),
    ).toBeCloseTo(5000 + IN_FLIGHT_RATE, 9);
  });
});

describe('nextBoundary', () => {
  it('is the next send or landing after t', () => {
    expect(nextBoundary([hop(0, 4), hop(2, 3)], 1)).toBe(2);
    expect(nextBoundary([hop(0, 4), hop(2, 3)], 2)).toBe(3);
    expect(nextBoundary([hop(0, 4)], 4)).toBe(Infinity);
  });
});

describe('PendingHops', () => {
  const q = (seq: number, sentAt: number, deliveredAt: number) => ({ seq, sentAt, deliveredAt });
  const seqs = (hops: readonly { seq: number }[]) => hops.map((h) => h.seq);

  it('lands the hops delivered by the view time and keeps the rest in flight in send order', () => {
    const pending = new PendingHops(0);
    for (const hop of [q(1, 1, 3), q(2, 2, 8), q(3, 2, 4), q(4, 6, 7)]) pending.add(hop);
    expect(seqs(pending.moveTo(2))).toEqual([]);
    expect(seqs(pending.sent())).toEqual([1, 2, 3]);
    expect(seqs(pending.moveTo(5))).toEqual([1, 3]);
    expect(seqs(pending.sent())).toEqual([2]);
    expect(seqs(pending.moveTo(7))).toEqual([4]);
    expect(seqs(pending.all())).toEqual([2]);
  });

  it('keeps equal send times in record order, also for a hop recorded after the view passed its send', () => {
    const pending = new PendingHops(0);
    pending.add(q(1, 5, 9));
    pending.add(q(2, 5, 6));
    pending.moveTo(5);
    pending.add(q(3, 4, 10));
    pending.add(q(4, 5, 12));
    expect(seqs(pending.sent())).toEqual([3, 1, 2, 4]);
    expect(seqs(pending.moveTo(9))).toEqual([1, 2]);
  });

  it('returns the same in-flight array and version while nothing is sent or lands', () => {
    const pending = new PendingHops(0);
    pending.add(q(1, 1, 10));
    pending.add(q(2, 20, 30));
    pending.moveTo(2);
    const [sent, version] = [pending.sent(), pending.version];
    pending.moveTo(9);
    expect(pending.sent()).toBe(sent);
    expect(pending.version).toBe(version);
    pending.moveTo(10);
    expect(pending.version).toBe(version + 1);
  });

  it('never changes an in-flight array it handed out: late hops and new sends go to a copy', () => {
    const pending = new PendingHops(0);
    pending.add(q(1, 1, 10));
    pending.add(q(2, 5, 12));
    pending.moveTo(2);
    const handed = pending.sent();
    // hops recorded after the view passed their send, then a send: one new array for them all
    pending.add(q(3, 1, 11));
    pending.add(q(4, 2, 11));
    pending.moveTo(6);
    expect(seqs(handed)).toEqual([1]);
    expect(seqs(pending.sent())).toEqual([1, 3, 4, 2]);
    expect(pending.sent()).not.toBe(handed);
  });

  it('gives the frame only the hops in flight or sent by its end', () => {
    const pending = new PendingHops(0);
    for (const hop of [q(1, 1, 5), q(2, 3, 4), q(3, 8, 9), q(4, 12, 13)]) pending.add(hop);
    pending.moveTo(2);
    expect(seqs([...pending.until(8)])).toEqual([1, 2, 3]);
    expect(seqs([...pending.until(7)])).toEqual([1, 2]);
  });

  it('puts hops sent after the view time back in the queue when the view moves backwards', () => {
    const pending = new PendingHops(0);
    for (const hop of [q(1, 1, 9), q(2, 4, 9), q(3, 6, 9)]) pending.add(hop);
    pending.moveTo(5);
    expect(seqs(pending.moveTo(3))).toEqual([]);
    expect(seqs(pending.sent())).toEqual([1]);
    expect(seqs(pending.all())).toEqual([1, 2, 3]);
  });

  it('plays like a frame over every pending hop when reading only the frame’s hops in send order', () => {
    const hops = Array.from({ length: 400 }, (_, i) => q(i, i * 0.7, i * 0.7 + 1 + (i % 5)));
    const pending = new PendingHops(0);
    for (const hop of hops) pending.add(hop);
    let t = 0;
    for (let frame = 0; frame < 50; frame++) {
      const options = { speed: 10, limit: t + 20 };
      const all = pending.all();
      const next = advanceViewTimeBySent(t, 16, pending.until(options.limit), options);
      expect(next).toBe(advanceViewTime(t, 16, all, options));
      pending.moveTo(next);
      t = next;
    }
    expect(t).toBeGreaterThan(5);
  });
});

/** advanceViewTime as a scan of every hop at every boundary (what the sweep must equal). */
function scanningAdvance(t: number, wallMs: number, hops: Timed[], options: AdvanceOptions) {
  const end = Math.min(options.limit, options.stopAt ?? Infinity);
  let budget = wallMs;
  for (let guard = 0; guard < 10_000 && t < end; guard++) {
    const base = rateAt(hops, t, options.focus);
    const boundary = Math.min(nextBoundary(hops, t), end);
    if (base === 1 && options.skipIdle && boundary !== Infinity) {
      t = boundary;
      continue;
    }
    if (budget <= 0) break;
    const rate = options.speed * base;
    if (t + budget * rate < boundary) return t + budget * rate;
    budget -= (boundary - t) / rate;
    t = boundary;
  }
  return Math.min(t, end);
}

describe('advanceViewTime over many hops', () => {
  const hopArb = fc
    .record({
      sentAt: fc.integer({ min: 0, max: 400 }),
      flight: fc.integer({ min: 0, max: 40 }),
      background: fc.boolean(),
      trace: fc.constantFrom(undefined, 'kubectl-1', 'controller'),
    })
    .map(({ sentAt, flight, background, trace }) => ({
      sentAt: sentAt / 4,
      deliveredAt: (sentAt + flight) / 4,
      background,
      ...(trace ? { trace } : {}),
    }));

  it('moves exactly as a scan of every hop at every boundary, in any hop order', () => {
    fc.assert(
      fc.property(
        fc.array(hopArb, { maxLength: 150 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom(0.1, 1, 10, 100),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        (hops, start, wall, speed, skipIdle, focused, stopAt) => {
          const options: AdvanceOptions = {
            speed,
            limit: 110,
            skipIdle,
            ...(stopAt === undefined ? {} : { stopAt }),
            ...(focused ? { focus: new Set(['kubectl-1']) } : {}),
          };
          expect(advanceViewTime(start, wall, hops, options)).toBe(
            scanningAdvance(start, wall, hops, options),
          );
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });
});
