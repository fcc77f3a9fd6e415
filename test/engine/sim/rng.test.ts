import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/engine/sim';

describe('Rng', () => {
  // the sequence every seeded history (elections, tie-breaks, names) depends on
  it('draws the same sfc32 sequence for a seed as it always has', () => {
    const r = new Rng(1);
    const words = Array.from({ length: 5 }, () => r.nextUint32());
    expect(words).toEqual([1828152527, 3394835397, 2967886022, 2251045104, 4148684523]);
    expect([r.next(), r.next(), r.next()]).toEqual([
      0.9442867799662054, 0.7507600616663694, 0.8593415473587811,
    ]);
    expect(new Rng(42).int(1000, 2000)).toBe(1239);
  });

  it('gives the same version-4 UUIDs for a seed as it always has', () => {
    const r = new Rng(1);
    expect([r.uuid(), r.uuid()]).toEqual([
      'ca5913c5-b0e6-4862-9f74-f1bcc746c031',
      '4267b0a3-2005-4121-b57c-a9fa6c9c0a4b',
    ]);
    for (let i = 0; i < 100; i++)
      expect(r.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });
});
