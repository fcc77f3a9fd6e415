import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalJson, sameJson } from '../../../../src/engine/api/validation/objectmeta';

describe('sameJson', () => {
  it.each([
    { a: { x: 1, y: [1, { z: 'a' }] }, b: { y: [1, { z: 'a' }], x: 1 }, same: true },
    { a: { x: 1 }, b: { x: 1, y: undefined }, same: true },
    { a: [undefined], b: [null], same: true },
    { a: undefined, b: null, same: true },
    { a: Number.NaN, b: null, same: true },
    { a: { x: 1 }, b: { x: 2 }, same: false },
    { a: [1, 2], b: [2, 1], same: false },
    { a: { x: [] }, b: { x: {} }, same: false },
    { a: '1', b: 1, same: false },
  ])('judges $a and $b equal: $same', ({ a, b, same }) => {
    expect(sameJson(a, b)).toBe(same);
  });

  it('agrees with comparing canonical JSON on any JSON values', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
