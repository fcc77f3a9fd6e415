import { describe, expect, it } from 'vitest';

import { eventNameSuffixer } from '../../../src/engine/client/event-name';

/** A fixed sequence standing in for the seeded rng. */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('event names', () => {
  it('end in the event time in Unix nanoseconds, in hex, as client-go names them', () => {
    // 2026-01-01T00:00:00.250Z plus 7 ns drawn below the millisecond
    const suffix = eventNameSuffixer(() => 1_767_225_600_250, draws(7, 0));
    const ns = BigInt(`0x${suffix()}`);
    expect(ns).toBe(1_767_225_600_250_000_007n);
  });

  it('sort as the events happened, within one millisecond and across them', () => {
    let now = 1_767_225_600_000;
    const suffix = eventNameSuffixer(() => now, draws(999, 999, 3, 5, 500, 1));
    const names: string[] = [];
    for (const step of [0, 0, 0, 1, 0, 0.5, 1_000]) {
      now += step;
      names.push(suffix());
    }
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
  });

  it('keep the fraction of a millisecond the page advanced the clock by', () => {
    const suffix = eventNameSuffixer(() => 1_767_225_600_000.5, draws(0, 0));
    expect(BigInt(`0x${suffix()}`)).toBe(1_767_225_600_000_500_000n);
  });
});
