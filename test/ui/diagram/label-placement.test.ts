import { describe, expect, it } from 'vitest';

import { placeLabel } from '../../../src/ui/diagram/label-placement';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('placeLabel', () => {
  it.each([
    ['above the dot when nothing is in the way', [], { x: -40, y: -36 }],
    ['below when a component name is above', [box(-100, -60, 200, 40)], { x: -40, y: 12 }],
    [
      'to the right when names are above and below',
      [box(-100, -60, 200, 40), box(-100, 13, 200, 40)],
      { x: 12, y: -12 },
    ],
    [
      'to the left when above, below and right are taken',
      [box(-100, -60, 200, 40), box(-100, 13, 200, 40), box(10, -20, 200, 40)],
      { x: -92, y: -12 },
    ],
  ])('puts the label %s', (_name, obstacles, expected) => {
    expect(placeLabel({ x: 0, y: 0 }, 80, 24, obstacles)).toEqual({
      ...expected,
      width: 80,
      height: 24,
    });
  });

  it('leaves the label out when every spot around the dot would cover a name', () => {
    expect(placeLabel({ x: 0, y: 0 }, 80, 24, [box(-300, -300, 600, 600)])).toBeUndefined();
  });
});
