import { describe, expect, it } from 'vitest';

import type { RowPlacement } from '../../../src/ui/hops/row-placement';
import { MAX_SLOTS, placeRows } from '../../../src/ui/hops/row-placement';

/** Places each list of seqs after the one before; returns every step's slots by seq. */
function placeAll(
  ...steps: number[][]
): { slots: [number, number][]; first: number; end: number }[] {
  let placement: RowPlacement | undefined;
  return steps.map((seqs) => {
    placement = placeRows(placement, seqs);
    return { slots: [...placement.slots], first: placement.first, end: placement.end };
  });
}

describe('hop log row placement', () => {
  it.each([
    {
      name: 'new hops take the slots below the listed ones, which keep theirs',
      steps: [
        [1, 2, 3],
        [1, 2, 3, 4, 5],
      ],
      last: {
        slots: [
          [1, 0],
          [2, 1],
          [3, 2],
          [4, 3],
          [5, 4],
        ],
        first: 0,
        end: 5,
      },
    },
    {
      name: 'a hop leaving the log empties its slot instead of moving the rows below it up',
      steps: [
        [1, 2, 3],
        [2, 3, 4],
      ],
      last: {
        slots: [
          [2, 1],
          [3, 2],
          [4, 3],
        ],
        first: 1,
        end: 4,
      },
    },
    {
      name: 'when every listed hop has left, the new ones still go below the emptied slots',
      steps: [
        [1, 2],
        [7, 8],
      ],
      last: {
        slots: [
          [7, 2],
          [8, 3],
        ],
        first: 2,
        end: 4,
      },
    },
    {
      name: 'a hop that would land above a listed one (the filter changed) starts afresh',
      steps: [
        [5, 9],
        [5, 7, 9],
      ],
      last: {
        slots: [
          [5, 0],
          [7, 1],
          [9, 2],
        ],
        first: 0,
        end: 3,
      },
    },
    {
      name: 'an empty list starts afresh',
      steps: [[1, 2], [], [3]],
      last: { slots: [[3, 0]], first: 0, end: 1 },
    },
  ])('$name', ({ steps, last }) => {
    expect(placeAll(...steps).at(-1)).toEqual(last);
  });

  it('gives the empty slots back once MAX_SLOTS would be passed', () => {
    let placement = placeRows(undefined, [0]);
    for (let seq = 1; seq < MAX_SLOTS; seq++) placement = placeRows(placement, [seq]);
    expect([placement.first, placement.end]).toEqual([MAX_SLOTS - 1, MAX_SLOTS]);
    placement = placeRows(placement, [MAX_SLOTS - 1, MAX_SLOTS]);
    expect([...placement.slots]).toEqual([
      [MAX_SLOTS - 1, 0],
      [MAX_SLOTS, 1],
    ]);
  });
});
