import type {
  CommunicationPath,
  ComponentView,
  NodeView,
  PodView,
  Topology,
} from '../../engine/view';
import type { Curve, Rect } from './geometry';
import { bottomMid, center, leftMid, rightMid, straight } from './geometry';

export const COMPONENT_WIDTH = 236;
export const COMPONENT_HEIGHT = 52;
export const POD_WIDTH = 100;
export const POD_HEIGHT = 32;
const GAP = 10;
const PAD = 12;
const HEADER = 44;
const GROUP_WIDTH = COMPONENT_WIDTH + 2 * PAD;
const GROUP_GAP = 28;
const COLUMN_GAP = 170;
// Portrait screens: workers go under kubectl, so the diagram is narrower than it is tall.
const NARROW_COLUMN_GAP = 90;
const CLIENT = { width: 150, height: 64 };
const WORKERS_PER_COLUMN = 3;

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
  const gap = narrow ? NARROW_COLUMN_GAP : COLUMN_GAP;
  const hasLb = t.loadBalancer !== undefined;
  const firstColumn = narrow ? GROUP_WIDTH : CLIENT.width;
  const lbX = firstColumn + gap / 2 + 20;
  const cpX = hasLb ? lbX + CLIENT.width + gap : firstColumn + gap;
  const workerX = narrow ? 0 : cpX + GROUP_WIDTH + gap;
  const workerTop = narrow ? CLIENT.height + 50 : 0;

  let y = 0;
  const controlPlanes = t.nodes.filter((n) => n.role === 'control-plane');
  for (const node of controlPlanes) {
    const rect = place(node, cpX, y);
    y = rect.y + rect.height + GROUP_GAP;
  }
  const cpBottom = y - GROUP_GAP;

  const workers = t.nodes.filter((n) => n.role === 'worker');
  let wy = 0;
  workers.forEach((node, i) => {
    const column = Math.floor(i / WORKERS_PER_COLUMN);
    if (i % WORKERS_PER_COLUMN === 0 && !narrow) wy = workerTop;
    if (i === 0) wy = workerTop;
    const x = narrow ? workerX : workerX + column * (GROUP_WIDTH + GROUP_GAP);
    const rect = place(node, x, wy);
    wy += rect.height + GROUP_GAP;
  });

  // kubectl (and the load balancer) face the first apiserver, or the middle of the column.
  const outside: DiagramLayout['outside'] = [];
  const firstApi = controlPlanes[0]?.components.find((c) => c.kind === 'kube-apiserver');
  const apiY = firstApi ? center(boxes.get(firstApi.id)!).y - CLIENT.height / 2 : 0;
  const anchorY = narrow ? 0 : hasLb ? Math.max(0, cpBottom / 2 - CLIENT.height / 2) : apiY;
  const lbY = narrow && hasLb ? Math.max(0, cpBottom / 2 - CLIENT.height / 2) : anchorY;
  const client = { x: 0, y: anchorY, ...CLIENT };
  outside.push({ id: t.client.id, rect: client, kind: 'client' });
  boxes.set(t.client.id, client);
  if (t.loadBalancer) {
    const lb = { x: lbX, y: lbY, ...CLIENT };
    outside.push({ id: t.loadBalancer.id, rect: lb, kind: 'load-balancer' });
    boxes.set(t.loadBalancer.id, lb);
  }
  if (t.unscheduledPods.length) {
    const below = narrow ? Math.max(wy, CLIENT.height + 50) : anchorY + CLIENT.height + 60;
    const rect = {
      x: 0,
      y: below,
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
          width: POD_WIDTH + 20,
          height: POD_HEIGHT,
        },
        parent: 'unscheduled',
        pod,
      }),
    );
  }

  const lines = paths
    .filter((p) => boxes.has(p.source) && boxes.has(p.target))
    .map((path) => ({ path, curve: routePath(path, boxes, groupOf, cpBottom) }));
  return { groups, components, pods, outside, lines, boxes, groupOf };
}

/**
 * The curve of one path: components of one node are joined by a curve bending out to the
 * left; etcd peers of different nodes bend out to the left;
 * worker traffic to the load balancer dips under the control-plane column; everything else
 * runs straight between the facing sides.
 */
export function routePath(
  path: CommunicationPath,
  boxes: Map<string, Rect>,
  groupOf: Map<string, string>,
  cpBottom: number,
): Curve {
  const a = boxes.get(path.source)!;
  const b = boxes.get(path.target)!;
  const sameGroup =
    groupOf.get(path.source) !== undefined && groupOf.get(path.source) === groupOf.get(path.target);
  const rowsApart = Math.round(Math.abs(a.y - b.y) / (COMPONENT_HEIGHT + GAP));
  if (sameGroup) {
    // bend out to the left, farther for rows farther apart, so tokens have room to travel
    const s = leftMid(a);
    const e = leftMid(b);
    return { start: s, end: e, control: { x: s.x - 30 - 14 * rowsApart, y: (s.y + e.y) / 2 } };
  }
  if (Math.abs(a.x - b.x) < 1) {
    // same column, different nodes (etcd peers): bend out to the left
    const s = leftMid(a);
    const e = leftMid(b);
    return {
      start: s,
      end: e,
      control: { x: s.x - 40 - Math.abs(s.y - e.y) / 5, y: (s.y + e.y) / 2 },
    };
  }
  if (path.target === 'load-balancer' && a.x > b.x) {
    const s = leftMid(a);
    const e = bottomMid(b);
    return { start: s, end: e, control: { x: (s.x + e.x) / 2, y: cpBottom + 140 } };
  }
  return a.x < b.x ? straight(rightMid(a), leftMid(b)) : straight(leftMid(a), rightMid(b));
}
