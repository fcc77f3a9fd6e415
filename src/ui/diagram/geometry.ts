/** A rectangle in flow coordinates. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A quadratic Bézier curve from `start` to `end` bending towards `control`. */
export interface Curve {
  start: Point;
  control: Point;
  end: Point;
}

export const center = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
export const leftMid = (r: Rect): Point => ({ x: r.x, y: r.y + r.height / 2 });
export const rightMid = (r: Rect): Point => ({ x: r.x + r.width, y: r.y + r.height / 2 });
export const topMid = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y });
export const bottomMid = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height });

/** A straight segment as a degenerate curve. */
export function straight(start: Point, end: Point): Curve {
  return { start, end, control: { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 } };
}

/** The point at fraction f (0–1) along the curve. */
export function pointAt(c: Curve, f: number): Point {
  const t = Math.min(1, Math.max(0, f));
  const u = 1 - t;
  return {
    x: u * u * c.start.x + 2 * u * t * c.control.x + t * t * c.end.x,
    y: u * u * c.start.y + 2 * u * t * c.control.y + t * t * c.end.y,
  };
}

/** The same curve travelled the other way. */
export function reversed(c: Curve): Curve {
  return { start: c.end, control: c.control, end: c.start };
}

/** SVG path data for the curve. */
export function svgPath(c: Curve): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  return `M ${f(c.start.x)} ${f(c.start.y)} Q ${f(c.control.x)} ${f(c.control.y)} ${f(c.end.x)} ${f(c.end.y)}`;
}

/** Whether two rectangles overlap (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
