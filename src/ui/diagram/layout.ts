import type {
  CommunicationPath,
  ComponentView,
  NodeView,
  PodView,
  Topology,
} from '../../engine/view';
import type { Curve, Rect } from './geometry';
import { center } from './geometry';
import { COMPONENT_HEIGHT, GAP, PAD } from './metrics';
import type { Arrangement, RouteContext } from './routes';
import { routePath } from './routes';

export { COMPONENT_HEIGHT } from './metrics';

/** Component boxes: wide enough for `kube-controller-manager` on control planes, narrower on
 *  workers (kubelet, kube-proxy, containerd), so the drawing fits a projector at zoom ≈ 1. */
export const COMPONENT_WIDTH = 258;
export const WORKER_COMPONENT_WIDTH = 200;
export const POD_HEIGHT = 28;
/** Pod chips per node beyond which the last slot becomes a "+N" count. */
export const MAX_POD_CHIPS = 4;
const PODS_PER_ROW = 2;
const HEADER = 36;
const GROUP_GAP = 28;
const COLUMN_GAP = 64;
const NARROW_COLUMN_GAP = 90;
const CLIENT = { width: 140, height: 66 };
// wide enough for "load balancer" on one line above "3 apiservers in rotation"
const LB = { width: 200, height: 66 };
// Single control plane, wide: the gap between kubectl and the control plane, and the one
// between the control plane and the workers where the trunk to the apiserver runs.
const CLIENT_GAP = 64;
const TRUNK_GAP = 56;
// The empty band above each row of workers where their paths to the apiserver run.
const BAND = 44;
// HA on wide screens: gaps between the two rows and between groups of a row, and the room
// above the control planes where the etcd peer arcs run.
const ROW_GAP_X = 64;
const ROW_GAP_Y = 72;
const ETCD_ARC_ROOM = 64;
/** HA control planes share one line between kubelet and kube-proxy and show one line of pod
 *  chips, so kubectl, the load balancer and all three fit a 1280×720 view at 14 px text. */
const SHARED_LINE = ['kubelet', 'kube-proxy'];
/** The CNI plugin is drawn as a badge on containerd, not as a box of its own. */
const BADGE = { width: 42, height: 20, inset: 6 };

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
  /** components drawn as badges on this one (`cni@<node>` on containerd) */
  badges: ComponentView[];
}

export interface PodBox {
  id: string;
  rect: Rect;
  parent: string;
  pod: PodView;
}

/** The "+N" chip standing for a node's pods beyond MAX_POD_CHIPS. */
export interface MorePodsBox {
  id: string;
  rect: Rect;
  parent: string;
  count: number;
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
  morePods: MorePodsBox[];
  /** kubectl, the load balancer, the unscheduled-pods box: outside any node */
  outside: { id: string; rect: Rect; kind: 'client' | 'load-balancer' | 'unscheduled' }[];
  lines: PathLine[];
  /** absolute rectangle of every component (badges included), kubectl and the load balancer */
  boxes: Map<string, Rect>;
  /** absolute rectangles of text a token label must not cover: boxes and group headers */
  labelObstacles: Rect[];
  /** the group (node) each component lives in */
  groupOf: Map<string, string>;
}

/** The id of a node's group in the diagram. */
export const groupId = (name: string) => `node/${name}`;

/** Kinds drawn as a badge on another component of the node, by the host's kind. */
const BADGE_HOST: Record<string, string> = { cni: 'containerd' };

/** Pods a node shows first: the user's before the system's, then by name. */
function podOrder(a: PodView, b: PodView): number {
  const system = (p: PodView) => (p.namespace === 'kube-system' ? 1 : 0);
  return system(a) - system(b) || a.name.localeCompare(b.name);
}

/**
 * Lays out a topology. One control plane, wide screens: kubectl on the left, the control
 * plane beside it, workers in a grid to the right (two columns up to four workers), each
 * worker row with an empty band above where its paths run to the apiserver. Several control
 * planes: control planes in a row on top, kubectl, the load balancer and the workers below.
 * Narrow screens: workers in a column under kubectl. Components stack inside their node,
 * pods as chips below them (at most MAX_POD_CHIPS, the rest counted).
 */
export function layoutTopology(
  t: Topology,
  paths: readonly CommunicationPath[],
  direction: 'wide' | 'narrow' = 'wide',
  collapsed: ReadonlySet<string> = new Set(),
): DiagramLayout {
  const groups: GroupBox[] = [];
  const components: ComponentBox[] = [];
  const pods: PodBox[] = [];
  const morePods: MorePodsBox[] = [];
  const boxes = new Map<string, Rect>();
  const groupOf = new Map<string, string>();
  const labelObstacles: Rect[] = [];

  const place = (node: NodeView, x: number, y: number, compact = false): Rect => {
    const id = groupId(node.name);
    const width = node.role === 'worker' ? WORKER_COMPONENT_WIDTH : COMPONENT_WIDTH;
    if (collapsed.has(node.name)) {
      // a collapsed node is its header: its components' paths and hops end there
      const rect = { x, y, width: width + 2 * PAD, height: HEADER + 4 };
      for (const c of node.components) {
        boxes.set(c.id, rect);
        groupOf.set(c.id, id);
      }
      groups.push({ id, rect, node });
      labelObstacles.push(rect);
      return rect;
    }
    const drawn = node.components.filter((c) => !BADGE_HOST[c.kind]);
    const lines = compact ? sharedLines(drawn) : drawn.map((c) => [c]);
    lines.forEach((line, i) => {
      const each = (width - (line.length - 1) * GAP) / line.length;
      line.forEach((component, j) => {
        const rect = {
          x: PAD + j * (each + GAP),
          y: HEADER + i * (COMPONENT_HEIGHT + GAP),
          width: each,
          height: COMPONENT_HEIGHT,
        };
        const absolute = { ...rect, x: x + rect.x, y: y + rect.y };
        const badges = node.components.filter((c) => BADGE_HOST[c.kind] === component.kind);
        components.push({ id: component.id, rect, parent: id, component, badges });
        boxes.set(component.id, absolute);
        groupOf.set(component.id, id);
        labelObstacles.push(absolute);
        badges.forEach((badge, k) => {
          const b = {
            x: absolute.x + absolute.width - (k + 1) * (BADGE.width + BADGE.inset),
            y: absolute.y + (COMPONENT_HEIGHT - BADGE.height) / 2,
            width: BADGE.width,
            height: BADGE.height,
          };
          boxes.set(badge.id, b);
          groupOf.set(badge.id, id);
        });
      });
    });
    const podsTop = HEADER + lines.length * (COMPONENT_HEIGHT + GAP);
    const podWidth = (width - (PODS_PER_ROW - 1) * GAP) / PODS_PER_ROW;
    const sorted = [...node.pods].sort(podOrder);
    const maxChips = compact ? PODS_PER_ROW : MAX_POD_CHIPS;
    const overflow = sorted.length > maxChips;
    const shown = overflow ? sorted.slice(0, maxChips - 1) : sorted;
    const slot = (i: number) => ({
      x: PAD + (i % PODS_PER_ROW) * (podWidth + GAP),
      y: podsTop + Math.floor(i / PODS_PER_ROW) * (POD_HEIGHT + GAP),
      width: podWidth,
      height: POD_HEIGHT,
    });
    shown.forEach((pod, i) => pods.push({ id: pod.id, rect: slot(i), parent: id, pod }));
    if (overflow)
      morePods.push({
        id: `${id}/more-pods`,
        rect: slot(shown.length),
        parent: id,
        count: sorted.length - shown.length,
      });
    const slots = shown.length + (overflow ? 1 : 0);
    const podRows = Math.ceil(slots / PODS_PER_ROW);
    const height = podsTop + podRows * (POD_HEIGHT + GAP) + PAD - GAP;
    const rect = { x, y, width: width + 2 * PAD, height: Math.max(height, HEADER + PAD) };
    groups.push({ id, rect, node });
    labelObstacles.push({ x, y, width: rect.width, height: HEADER });
    return rect;
  };

  const narrow = direction === 'narrow';
  const hasLb = t.loadBalancer !== undefined;
  const controlPlanes = t.nodes.filter((n) => n.role === 'control-plane');
  const workers = t.nodes
    .filter((n) => n.role === 'worker')
    .map((n) => ({ ...n, components: kubeletNextToRuntime(n.components) }));
  const outside: DiagramLayout['outside'] = [];
  const putOutside = (id: string, kind: 'client' | 'load-balancer', x: number, y: number) => {
    const rect = { x, y, ...(kind === 'load-balancer' ? LB : CLIENT) };
    outside.push({ id, rect, kind });
    boxes.set(id, rect);
    labelObstacles.push(rect);
  };
  const cpWidth = COMPONENT_WIDTH + 2 * PAD;
  const workerWidth = WORKER_COMPONENT_WIDTH + 2 * PAD;
  let cpBottom = 0;
  let unscheduledY = 0;
  const bands: number[] = [];
  let trunkX = 0;
  const arrangement: Arrangement = narrow ? 'narrow' : hasLb ? 'rows' : 'columns';

  if (arrangement === 'rows') {
    // HA, wide: control planes side by side (apiserver at the bottom of each, etcd on top so
    // the Raft peers arc above); kubectl, the load balancer and the workers in a row below.
    controlPlanes.forEach((node, i) => {
      const ordered = { ...node, components: apiServerLast(node.components) };
      const rect = place(ordered, i * (cpWidth + ROW_GAP_X), ETCD_ARC_ROOM, true);
      cpBottom = Math.max(cpBottom, rect.y + rect.height);
    });
    const rowY = cpBottom + ROW_GAP_Y;
    putOutside(t.client.id, 'client', 0, rowY);
    putOutside(t.loadBalancer!.id, 'load-balancer', CLIENT.width + 50, rowY);
    let x = CLIENT.width + 50 + LB.width + ROW_GAP_X;
    for (const node of workers) x += place(node, x, rowY).width + ROW_GAP_X;
    unscheduledY = rowY + CLIENT.height + 40;
    bands.push(cpBottom + ROW_GAP_Y / 2);
  } else if (arrangement === 'columns') {
    // kubectl faces the apiserver at the top of the control plane; workers in a grid to the
    // right, a band above each row for their paths to the apiserver.
    const cpX = CLIENT.width + CLIENT_GAP;
    let y = BAND / 2;
    for (const node of controlPlanes) {
      const rect = place(node, cpX, y);
      y = rect.y + rect.height + GROUP_GAP;
    }
    cpBottom = y - GROUP_GAP;
    trunkX = cpX + cpWidth + TRUNK_GAP / 2;
    const workerX = cpX + cpWidth + TRUNK_GAP;
    const columns = Math.max(2, Math.ceil(Math.sqrt(workers.length)));
    let rowTop = BAND / 2;
    for (let r = 0; r * columns < workers.length; r++) {
      bands.push(rowTop - BAND / 2);
      let rowBottom = rowTop;
      workers.slice(r * columns, (r + 1) * columns).forEach((node, c) => {
        const rect = place(node, workerX + c * (workerWidth + COLUMN_GAP), rowTop);
        rowBottom = Math.max(rowBottom, rect.y + rect.height);
      });
      rowTop = rowBottom + BAND;
    }
    const firstApi = controlPlanes[0]?.components.find((c) => c.kind === 'kube-apiserver');
    const clientY = firstApi ? center(boxes.get(firstApi.id)!).y - CLIENT.height / 2 : 0;
    putOutside(t.client.id, 'client', 0, clientY);
    unscheduledY = clientY + CLIENT.height + 60;
  } else {
    // Narrow: kubectl (then the load balancer) on top, the control planes in a column on the
    // right, workers in a column under kubectl.
    const firstColumn = workerWidth;
    const gap = NARROW_COLUMN_GAP;
    const lbX = firstColumn + gap / 2 + 20;
    const cpX = hasLb ? lbX + LB.width + gap : firstColumn + gap;
    const workerTop = CLIENT.height + 50;
    let y = 0;
    for (const node of controlPlanes) {
      const rect = place(node, cpX, y);
      y = rect.y + rect.height + GROUP_GAP;
    }
    cpBottom = y - GROUP_GAP;
    let wy = workerTop;
    for (const node of workers) {
      const rect = place(node, 0, wy);
      wy = rect.y + rect.height + GROUP_GAP;
    }
    putOutside(t.client.id, 'client', 0, 0);
    if (t.loadBalancer) putOutside(t.loadBalancer.id, 'load-balancer', lbX, 0);
    unscheduledY = Math.max(wy, workerTop);
  }

  if (t.unscheduledPods.length) {
    const width = CLIENT.width + 40;
    const rect = {
      x: 0,
      y: unscheduledY,
      width,
      height: HEADER + t.unscheduledPods.length * (POD_HEIGHT + GAP) + PAD - GAP,
    };
    outside.push({ id: 'unscheduled', rect, kind: 'unscheduled' });
    labelObstacles.push(rect);
    t.unscheduledPods.forEach((pod, i) =>
      pods.push({
        id: pod.id,
        rect: {
          x: PAD,
          y: HEADER + i * (POD_HEIGHT + GAP),
          width: width - 2 * PAD,
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
    workerGroups: new Set(workers.map((n) => groupId(n.name))),
    bands,
    trunkX,
  };
  const folded = (p: CommunicationPath) => {
    const g = groupOf.get(p.source);
    return g !== undefined && g === groupOf.get(p.target) && collapsed.has(g.slice('node/'.length));
  };
  const lines = paths
    .filter((p) => boxes.has(p.source) && boxes.has(p.target) && !folded(p))
    .map((path) => ({ path, curve: routePath(path, boxes, groupOf, context) }));
  return { groups, components, pods, morePods, outside, lines, boxes, labelObstacles, groupOf };
}

/** The apiserver last, so the load balancer below reaches it without crossing the others. */
function apiServerLast(components: ComponentView[]): ComponentView[] {
  return [
    ...components.filter((c) => c.kind !== 'kube-apiserver'),
    ...components.filter((c) => c.kind === 'kube-apiserver'),
  ];
}

/** The components line by line: kubelet and kube-proxy share the kubelet's line. */
function sharedLines(components: ComponentView[]): ComponentView[][] {
  const shared = components.filter((c) => SHARED_LINE.includes(c.kind));
  if (shared.length < 2) return components.map((c) => [c]);
  const lines: ComponentView[][] = [];
  for (const c of components) {
    if (c === shared[0]) lines.push(shared);
    else if (!shared.includes(c)) lines.push([c]);
  }
  return lines;
}

/** kube-proxy first on workers, so the kubelet sits next to its container runtime. */
function kubeletNextToRuntime(components: ComponentView[]): ComponentView[] {
  return [
    ...components.filter((c) => c.kind === 'kube-proxy'),
    ...components.filter((c) => c.kind !== 'kube-proxy'),
  ];
}
