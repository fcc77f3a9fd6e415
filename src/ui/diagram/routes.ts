import type { CommunicationPath } from '../../engine/view';
import type { Curve, Rect } from './geometry';
import { bottomMid, leftMid, polyline, quadratic, rightMid, straight, topMid } from './geometry';
import { COMPONENT_HEIGHT, GAP, LANE, PAD } from './metrics';

/** How the layout placed things, which decides how paths run. */
export type Arrangement = 'columns' | 'rows' | 'narrow';

/** Where groups are, for routes that leave a group by a lane beside it. */
export interface RouteContext {
  arrangement: Arrangement;
  groupRects: Map<string, Rect>;
  workerGroups: Set<string>;
  /** y of the empty bands: between the rows (rows), above each worker row (columns) */
  bands: number[];
  /** columns: x of the vertical trunk between the control plane and the workers */
  trunkX: number;
}

/** The band just above a group (columns arrangement). */
function bandAbove(bands: number[], g: Rect): number {
  return bands.filter((b) => b < g.y).reduce((a, b) => Math.max(a, b), -Infinity);
}

/**
 * The route of one path, chosen so it crosses no other component: components of one node are
 * joined by a curve bending out of the node (to the right on workers of a wide layout, where
 * no lane runs; else to the left); etcd peers stacked in a column bend out to the left, peers
 * side by side arc above. In the columns arrangement a worker's component reaches the
 * apiserver by the lane left of its node, the band above its row and the trunk beside the
 * control plane; in the rows arrangement it reaches the load balancer by its lane and the band
 * between the rows, and the load balancer reaches each apiserver from below; everything else
 * runs straight between the facing sides.
 */
export function routePath(
  path: CommunicationPath,
  boxes: Map<string, Rect>,
  groupOf: Map<string, string>,
  ctx: RouteContext,
): Curve {
  const a = boxes.get(path.source)!;
  const b = boxes.get(path.target)!;
  const group = groupOf.get(path.source);
  if (group !== undefined && group === groupOf.get(path.target)) {
    const rowsApart = Math.round(Math.abs(a.y - b.y) / (COMPONENT_HEIGHT + GAP));
    const bulge = 30 + 14 * rowsApart;
    if (ctx.arrangement !== 'narrow' && ctx.workerGroups.has(group)) {
      const s = rightMid(a);
      const e = rightMid(b);
      return quadratic(s, { x: s.x + bulge, y: (s.y + e.y) / 2 }, e);
    }
    const s = leftMid(a);
    const e = leftMid(b);
    return quadratic(s, { x: s.x - bulge, y: (s.y + e.y) / 2 }, e);
  }
  if (Math.abs(a.x - b.x) < 1) {
    const s = leftMid(a);
    const e = leftMid(b);
    return quadratic(s, { x: s.x - 40 - Math.abs(s.y - e.y) / 5, y: (s.y + e.y) / 2 }, e);
  }
  const lane = group !== undefined ? ctx.groupRects.get(group)!.x - LANE : 0;
  if (ctx.arrangement === 'columns' && group !== undefined && ctx.workerGroups.has(group)) {
    // out by the lane left of the node, along the band above its row, down the trunk
    const s = leftMid(a);
    const e = rightMid(b);
    const band = bandAbove(ctx.bands, ctx.groupRects.get(group)!);
    const route = polyline(
      s,
      { x: lane, y: s.y },
      { x: lane, y: band },
      { x: ctx.trunkX, y: band },
      { x: ctx.trunkX, y: e.y },
      e,
    );
    // the stub out of the component is the only stretch no other path shares
    return { ...route, mark: { x: (s.x + lane) / 2, y: s.y } };
  }
  if (ctx.arrangement === 'rows') {
    if (path.kind === 'raft') {
      const s = topMid(a);
      const e = topMid(b);
      const lift = 50 + Math.abs(s.x - e.x) / 8;
      return quadratic(s, { x: (s.x + e.x) / 2, y: Math.min(s.y, e.y) - lift }, e);
    }
    if (path.kind === 'load-balancing') return straight(topMid(a), bottomMid(b));
    if (path.target === 'load-balancer' && group !== undefined) {
      // out of the node by the lane on its left (its right, for the right half of a shared
      // line), along the band, down into the balancer
      const g = ctx.groupRects.get(group)!;
      const right = a.x > g.x + PAD + 1;
      const s = right ? rightMid(a) : leftMid(a);
      const side = right ? g.x + g.width + LANE : lane;
      const e = topMid(b);
      const band = ctx.bands[0];
      const route = polyline(s, { x: side, y: s.y }, { x: side, y: band }, { x: e.x, y: band }, e);
      return { ...route, mark: { x: (s.x + side) / 2, y: s.y } };
    }
  }
  return a.x < b.x ? straight(rightMid(a), leftMid(b)) : straight(leftMid(a), rightMid(b));
}
