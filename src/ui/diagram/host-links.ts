import type { Topology } from '../../engine/view';
import type { Point, Rect } from './geometry';
import { center, polyline } from './geometry';
import type { DiagramLayout, PathLine } from './layout';
import { hostOf } from './link-state';

/** The diagram box a host is drawn as: its node's group, kubectl's box, the load balancer. */
export function hostBoxId(host: string, layout: DiagramLayout, t: Topology): string | undefined {
  const id =
    host === hostOf(t.client.id, t) ? t.client.id : host === t.loadBalancer?.id ? host : undefined;
  if (id) return layout.outside.some((o) => o.id === id) ? id : undefined;
  return layout.groups.find((g) => g.node.name === host)?.id;
}

/**
 * Cut links between hosts no drawn path joins (two workers, kubectl's machine and a worker):
 * each as a straight line between the two boxes' borders, named `<hostA>--<hostB>`, so the
 * diagram shows every cut and each can be chosen and restored.
 */
export function hostLinks(layout: DiagramLayout, t: Topology): PathLine[] {
  if (!t.cutLinks) return [];
  const joined = new Set(
    layout.lines.map((l) => [hostOf(l.path.source, t), hostOf(l.path.target, t)].sort().join('|')),
  );
  const rectOf = (host: string) => {
    const id = hostBoxId(host, layout, t);
    const box = layout.groups.find((g) => g.id === id) ?? layout.outside.find((o) => o.id === id);
    return box?.rect;
  };
  return t.cutLinks.flatMap(([a, b]) => {
    if (joined.has([a, b].sort().join('|'))) return [];
    const ra = rectOf(a);
    const rb = rectOf(b);
    if (!ra || !rb) return [];
    const start = borderToward(ra, center(rb));
    const end = borderToward(rb, center(ra));
    const curve = polyline(start, end);
    return [{ path: { id: `${a}--${b}`, source: a, target: b, kind: 'client' }, curve }];
  });
}

/** Where the line from the rectangle's centre toward `p` leaves it. */
function borderToward(r: Rect, p: Point): Point {
  const c = center(r);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  const t = Math.min(
    dx === 0 ? Infinity : r.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : r.height / 2 / Math.abs(dy),
  );
  return t === Infinity ? c : { x: c.x + dx * t, y: c.y + dy * t };
}
