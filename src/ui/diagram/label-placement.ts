import type { Point, Rect } from './geometry';
import { overlaps } from './geometry';

// How far a label sits from the token's dot.
const OFFSET = 12;

/**
 * Where a token's label goes: the first spot around the dot (above, below, right, left, then
 * the diagonals) where it covers no component name or node header. Undefined when every spot
 * would cover one: the dot then travels without its label.
 *
 *   placeLabel({ x: 0, y: 0 }, 80, 24, []); // { x: -40, y: -36, width: 80, height: 24 }
 */
export function placeLabel(
  dot: Point,
  width: number,
  height: number,
  obstacles: readonly Rect[],
): Rect | undefined {
  const candidates: Rect[] = [
    { x: dot.x - width / 2, y: dot.y - OFFSET - height },
    { x: dot.x - width / 2, y: dot.y + OFFSET },
    { x: dot.x + OFFSET, y: dot.y - height / 2 },
    { x: dot.x - OFFSET - width, y: dot.y - height / 2 },
    { x: dot.x + OFFSET, y: dot.y - OFFSET - height },
    { x: dot.x - OFFSET - width, y: dot.y - OFFSET - height },
    { x: dot.x + OFFSET, y: dot.y + OFFSET },
    { x: dot.x - OFFSET - width, y: dot.y + OFFSET },
  ].map((p) => ({ ...p, width, height }));
  return candidates.find((c) => !obstacles.some((o) => overlaps(c, o)));
}
