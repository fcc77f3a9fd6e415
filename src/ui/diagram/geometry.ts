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

export const center = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
export const leftMid = (r: Rect): Point => ({ x: r.x, y: r.y + r.height / 2 });
export const rightMid = (r: Rect): Point => ({ x: r.x + r.width, y: r.y + r.height / 2 });
export const topMid = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y });
export const bottomMid = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height });

/** A route in flow coordinates: a polyline (curves are sampled into it). */
export interface Curve {
  points: Point[];
  /** where the path's break mark and focus handle sit, when its middle runs on a stretch other
   *  paths share (a trunk): a stretch only this path runs along */
  mark?: Point;
}

/** Where a path's break mark and focus handle go: its own mark, else its middle. */
export function markPoint(c: Curve): Point {
  return c.mark ?? pointAt(c, 0.5);
}

const SAMPLES = 16;

/** A quadratic Bézier curve from `start` to `end` bending towards `control`, sampled. */
export function quadratic(start: Point, control: Point, end: Point): Curve {
  const points: Point[] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    const t = i / SAMPLES;
    const u = 1 - t;
    points.push({
      x: u * u * start.x + 2 * u * t * control.x + t * t * end.x,
      y: u * u * start.y + 2 * u * t * control.y + t * t * end.y,
    });
  }
  return { points };
}

/** A straight segment. */
export function straight(start: Point, end: Point): Curve {
  return { points: [start, end] };
}

/** Straight segments through the given points. */
export function polyline(...points: Point[]): Curve {
  return { points };
}

/** The point at fraction f (0–1) of the route's length. */
export function pointAt(c: Curve, f: number): Point {
  const pts = c.points;
  const lengths = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
  const total = lengths.reduce((a, b) => a + b, 0);
  let left = Math.min(1, Math.max(0, f)) * total;
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i] || i === lengths.length - 1) {
      const k = lengths[i] === 0 ? 0 : Math.min(1, left / lengths[i]);
      return {
        x: pts[i].x + (pts[i + 1].x - pts[i].x) * k,
        y: pts[i].y + (pts[i + 1].y - pts[i].y) * k,
      };
    }
    left -= lengths[i];
  }
  return pts[0];
}

/** The same route travelled the other way. */
export function reversed(c: Curve): Curve {
  return { points: [...c.points].reverse() };
}

/** SVG path data for the route. */
export function svgPath(c: Curve): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  return c.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${f(p.x)} ${f(p.y)}`).join(' ');
}

/** Whether two rectangles overlap (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
