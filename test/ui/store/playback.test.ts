import { describe, expect, it } from 'vitest';

import { advanceViewTime, IN_FLIGHT_RATE, nextBoundary } from '../../../src/store/playback';

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
