import type {
  CommunicationPath,
  ComponentView,
  NodeView,
  PodView,
  Topology,
} from '../../engine/view';
import type { Curve, Rect } from './geometry';
import {
  bottomMid,
  center,
  leftMid,
  polyline,
  quadratic,
  rightMid,
  straight,
  topMid,
} from './geometry';

export const COMPONENT_WIDTH = 256;
export const COMPONENT_HEIGHT = 38;
export const POD_WIDTH = 100;
export const POD_HEIGHT = 32;
const GAP = 8;
const PAD = 12;
const HEADER = 42;
const GROUP_WIDTH = COMPONENT_WIDTH + 2 * PAD;
const GROUP_GAP = 28;
const COLUMN_GAP = 130;
// Portrait screens: workers go under kubectl, so the diagram is narrower than it is tall.
const NARROW_COLUMN_GAP = 90;
const CLIENT = { width: 150, height: 64 };
const WORKERS_PER_COLUMN = 3;
// HA on wide screens: gaps between the two rows and between groups of a row, and the room
// above the control planes where the etcd peer arcs run.
const ROW_GAP_X = 40;
const ROW_GAP_Y = 130;
const ETCD_ARC_ROOM = 90;
// The lane beside a node where its paths to the load balancer run.
const LANE = 14;

/** Where one machine of the cluster and its contents are drawn. */
export interface GroupBox {
  id: string;
  rect: Rect;
  node: NodeView;
}

export interface ComponentBox {
  id: string;
  /** relative to the parent group */
  rect: Rect;
  parent: string;
  component: ComponentView;
}

export interface PodBox {
  id: string;
  rect: Rect;
  parent: string;
  pod: PodView;
}

/** A drawn communication path; hops travel along its curve. */
export interface PathLine {
  path: CommunicationPath;
  curve: Curve;
}

/** The whole diagram in flow coordinates: deterministic for a topology. */
export interface DiagramLayout {
  groups: GroupBox[];
  components: ComponentBox[];
  pods: PodBox[];
  /** kubectl, the load balancer, the unscheduled-pods box: outside any node */
  outside: { id: string; rect: Rect; kind: 'client' | 'load-balancer' | 'unscheduled' }[];
  lines: PathLine[];
  /** absolute rectangle of every component, kubectl and the load balancer, by id */
  boxes: Map<string, Rect>;
  /** the group (node) each component lives in */
  groupOf: Map<string, string>;
}

/** The id of a node's group in the diagram. */
export const groupId = (name: string) => `node/${name}`;

/**
 * Lays out a topology: kubectl on the left (then the load balancer), control-plane nodes in
 * a column, workers in columns of three to the right; components stacked inside their node,
 * pods as chips below them. Paths are curves chosen so they do not cross other components.
 */
export function layoutTopology(
  t: Topology,
  paths: readonly CommunicationPath[],
  direction: 'wide' | 'narrow' = 'wide',
): DiagramLayout {
  const groups: GroupBox[] = [];
  const components: ComponentBox[] = [];
  const pods: PodBox[] = [];
  const boxes = new Map<string, Rect>();
  const groupOf = new Map<string, string>();

  const place = (node: NodeView, x: number, y: number): Rect => {
    const id = groupId(node.name);
    node.components.forEach((component, i) => {
      const rect = {
        x: PAD,
        y: HEADER + i * (COMPONENT_HEIGHT + GAP),
        width: COMPONENT_WIDTH,
        height: COMPONENT_HEIGHT,
      };
      components.push({ id: component.id, rect, parent: id, component });
      boxes.set(component.id, { ...rect, x: x + rect.x, y: y + rect.y });
      groupOf.set(component.id, id);
    });
    const podsTop = HEADER + node.components.length * (COMPONENT_HEIGHT + GAP);
    node.pods.forEach((pod, i) => {
      const rect = {
        x: PAD + (i % 2) * (POD_WIDTH + GAP),
        y: podsTop + Math.floor(i / 2) * (POD_HEIGHT + GAP),
        width: POD_WIDTH,
        height: POD_HEIGHT,
      };
      pods.push({ id: pod.id, rect, parent: id, pod });
    });
    const podRows = Math.ceil(node.pods.length / 2);
    const height = podsTop + podRows * (POD_HEIGHT + GAP) + PAD - GAP;
    const rect = { x, y, width: GROUP_WIDTH, height: Math.max(height, HEADER + PAD) };
    groups.push({ id, rect, node });
    return rect;
  };

  const narrow = direction === 'narrow';
  const hasLb = t.loadBalancer !== undefined;
  const controlPlanes = t.nodes.filter((n) => n.role === 'control-plane');
  const workers = t.nodes.filter((n) => n.role === 'worker');
  const outside: DiagramLayout['outside'] = [];
  const putOutside = (id: string, kind: 'client' | 'load-balancer', x: number, y: number) => {
    const rect = { x, y, ...CLIENT };
    outside.push({ id, rect, kind });
    boxes.set(id, rect);
  };
  let cpBottom = 0;
  let unscheduledY = 0;
  const arrangement: Arrangement = narrow ? 'narrow' : hasLb ? 'rows' : 'columns';

  if (arrangement === 'rows') {
    // HA, wide: control planes side by side (apiserver at the bottom of each, etcd on top so
    // the Raft peers arc above); kubectl, the load balancer and the workers in a row below.
    controlPlanes.forEach((node, i) => {
      const ordered = { ...node, components: apiServerLast(node.components) };
      const rect = place(ordered, i * (GROUP_WIDTH + ROW_GAP_X), ETCD_ARC_ROOM);
      cpBottom = Math.max(cpBottom, rect.y + rect.height);
    });
    const rowY = cpBottom + ROW_GAP_Y;
    putOutside(t.client.id, 'client', 0, rowY);
    putOutside(t.loadBalancer!.id, 'load-balancer', CLIENT.width + 60, rowY);
    let x = 2 * CLIENT.width + 60 + ROW_GAP_X;
    for (const node of workers) x += place(node, x, rowY).width + ROW_GAP_X;
    unscheduledY = rowY + CLIENT.height + 40;
  } else {
    // kubectl on the left (then the load balancer), control planes in a column, workers in
    // columns of three to the right, or (narrow screens) under kubectl.
    const gap = narrow ? NARROW_COLUMN_GAP : COLUMN_GAP;
    const firstColumn = narrow ? GROUP_WIDTH : CLIENT.width;
    const lbX = firstColumn + gap / 2 + 20;
    const cpX = hasLb ? lbX + CLIENT.width + gap : firstColumn + gap;
    const workerX = narrow ? 0 : cpX + GROUP_WIDTH + gap;
    const workerTop = narrow ? CLIENT.height + 50 : 0;
    let y = 0;
    for (const node of controlPlanes) {
      const rect = place(node, cpX, y);
      y = rect.y + rect.height + GROUP_GAP;
    }
    cpBottom = y - GROUP_GAP;
    let wy = workerTop;
    workers.forEach((node, i) => {
      const column = narrow ? 0 : Math.floor(i / WORKERS_PER_COLUMN);
      if (!narrow && i % WORKERS_PER_COLUMN === 0) wy = workerTop;
      const rect = place(node, workerX + column * (GROUP_WIDTH + GROUP_GAP), wy);
      wy += rect.height + GROUP_GAP;
    });
    // kubectl faces the first apiserver (the load balancer the middle of the column)
    const firstApi = controlPlanes[0]?.components.find((c) => c.kind === 'kube-apiserver');
    const apiY = firstApi ? center(boxes.get(firstApi.id)!).y - CLIENT.height / 2 : 0;
    // on narrow screens the balancer sits beside kubectl, above the workers
    const lbY = narrow ? 0 : Math.max(0, cpBottom / 2 - CLIENT.height / 2);
    const clientY = narrow ? 0 : hasLb ? lbY : apiY;
    putOutside(t.client.id, 'client', 0, clientY);
    if (t.loadBalancer) putOutside(t.loadBalancer.id, 'load-balancer', lbX, lbY);
    unscheduledY = narrow ? Math.max(wy, CLIENT.height + 50) : clientY + CLIENT.height + 60;
  }

  if (t.unscheduledPods.length) {
    const rect = {
      x: 0,
      y: unscheduledY,
      width: CLIENT.width + 30,
      height: HEADER + t.unscheduledPods.length * (POD_HEIGHT + GAP) + PAD - GAP,
    };
    outside.push({ id: 'unscheduled', rect, kind: 'unscheduled' });
    t.unscheduledPods.forEach((pod, i) =>
      pods.push({
        id: pod.id,
        rect: {
          x: PAD,
          y: HEADER + i * (POD_HEIGHT + GAP),
          width: CLIENT.width + 30 - 2 * PAD,
          height: POD_HEIGHT,
        },
        parent: 'unscheduled',
        pod,
      }),
    );
  }

  const context: RouteContext = {
    arrangement,
    groupRects: new Map(groups.map((g) => [g.id, g.rect])),
    bandY: cpBottom + ROW_GAP_Y / 2,
  };
  const lines = paths
    .filter((p) => boxes.has(p.source) && boxes.has(p.target))
    .map((path) => ({ path, curve: routePath(path, boxes, groupOf, context) }));
  return { groups, components, pods, outside, lines, boxes, groupOf };
}

/** The apiserver last, so the load balancer below reaches it without crossing the others. */
function apiServerLast(components: ComponentView[]): ComponentView[] {
  return [
    ...components.filter((c) => c.kind !== 'kube-apiserver'),
    ...components.filter((c) => c.kind === 'kube-apiserver'),
  ];
}

/** How the layout placed things, which decides how paths run. */
export type Arrangement = 'columns' | 'rows' | 'narrow';

/** Where groups are, for routes that leave a group by a lane beside it. */
interface RouteContext {
  arrangement: Arrangement;
  groupRects: Map<string, Rect>;
  /** y of the empty band between the rows (rows arrangement) */
  bandY: number;
}

/**
 * The route of one path, chosen so it crosses no other component: components of one node
 * are joined by a curve bending out to the left; etcd peers stacked in a column bend out to
 * the left, peers side by side arc above; in the rows arrangement a component reaches the
 * load balancer by the lane left of its node and the band between the rows, and the load
 * balancer reaches each apiserver from below; everything else runs straight between the
 * facing sides.
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
    const s = leftMid(a);
    const e = leftMid(b);
    return quadratic(s, { x: s.x - 30 - 14 * rowsApart, y: (s.y + e.y) / 2 }, e);
  }
  if (Math.abs(a.x - b.x) < 1) {
    const s = leftMid(a);
    const e = leftMid(b);
    return quadratic(s, { x: s.x - 40 - Math.abs(s.y - e.y) / 5, y: (s.y + e.y) / 2 }, e);
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
      // out of the node by the lane on its left, along the band, down into the balancer
      const g = ctx.groupRects.get(group)!;
      const lane = g.x - LANE;
      const s = leftMid(a);
      const e = topMid(b);
      return polyline(
        s,
        { x: lane, y: s.y },
        { x: lane, y: ctx.bandY },
        { x: e.x, y: ctx.bandY },
        e,
      );
    }
  }
  return a.x < b.x ? straight(rightMid(a), leftMid(b)) : straight(leftMid(a), rightMid(b));
}
