import '@xyflow/react/dist/style.css';
import './diagram.css';

import type { ColorMode } from '@xyflow/react';
import { Controls, ReactFlow, useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { Topology } from '../../engine/view';
import type { SimulationState } from '../../store';
import { useSimulationStore } from '../../store';
import { FIT_PADDING, readableViewport } from './fit';
import { hostBoxId, hostLinks } from './host-links';
import type { DiagramLayout, PathLine } from './layout';
import { layoutTopology } from './layout';
import type { LinkState } from './link-state';
import { linkState } from './link-state';
import { LinkHandles, linkName } from './LinkHandles';
import type { DiagramNode } from './nodes';
import { nodeTypes } from './nodes';
import type { PathEdgeType } from './PathEdge';
import { edgeTypes } from './PathEdge';
import { ClusterMenu } from './ClusterMenu';
import { StableItems } from './stable';
import { StepHighlights } from '../walkthrough/StepHighlights';
import { TimerLayer } from './TimerLayer';
import { TokenLayer } from './TokenLayer';
import { useNarrowScreen } from './useMediaQuery';
import { useThrottledSimulation } from './useThrottled';

// The topology and its paths as one value (the same object while neither changes), so the
// throttled diagram never pairs a topology with another moment's paths.
const drawn = new WeakMap<Topology, { topology: Topology; paths: SimulationState['paths'] }>();
const selectDrawn = (s: SimulationState) => {
  const old = drawn.get(s.topology);
  if (old?.paths === s.paths) return old;
  const next = { topology: s.topology, paths: s.paths };
  drawn.set(s.topology, next);
  return next;
};

/** React Flow nodes for a layout: groups first (parents before children), then their contents. */
export function flowNodes(
  layout: DiagramLayout,
  t: Topology,
  fold?: { collapsed: ReadonlySet<string>; onToggle: (name: string) => void },
): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const hostUp = new Map(t.nodes.map((n) => [n.name, n.up]));
  const common = { draggable: false, selectable: false, focusable: false } as const;
  for (const o of layout.outside) {
    const lb = o.kind === 'load-balancer' ? t.loadBalancer : undefined;
    nodes.push({
      ...common,
      id: o.id,
      type: 'outside',
      position: { x: o.rect.x, y: o.rect.y },
      width: o.rect.width,
      height: o.rect.height,
      data: {
        kind: o.kind,
        up: lb ? lb.up : true,
        ...(lb ? { detail: `${lb.inRotation.length} apiservers in rotation` } : {}),
      },
    });
  }
  for (const g of layout.groups)
    nodes.push({
      ...common,
      id: g.id,
      type: 'machine',
      position: { x: g.rect.x, y: g.rect.y },
      width: g.rect.width,
      height: g.rect.height,
      data: {
        node: g.node,
        ...(fold ? { collapsed: fold.collapsed.has(g.node.name), onToggle: fold.onToggle } : {}),
      },
    });
  for (const c of layout.components)
    nodes.push({
      ...common,
      id: c.id,
      type: 'component',
      parentId: c.parent,
      extent: 'parent',
      position: { x: c.rect.x, y: c.rect.y },
      width: c.rect.width,
      height: c.rect.height,
      data: {
        component: c.component,
        hostUp: hostUp.get(c.component.node) ?? true,
        badges: c.badges,
      },
    });
  for (const p of layout.pods)
    nodes.push({
      ...common,
      id: p.id,
      type: 'pod',
      parentId: p.parent,
      extent: 'parent',
      position: { x: p.rect.x, y: p.rect.y },
      width: p.rect.width,
      height: p.rect.height,
      data: { pod: p.pod },
    });
  for (const m of layout.morePods)
    nodes.push({
      ...common,
      id: m.id,
      type: 'morePods',
      parentId: m.parent,
      extent: 'parent',
      position: { x: m.rect.x, y: m.rect.y },
      width: m.rect.width,
      height: m.rect.height,
      data: { count: m.count, node: m.parent.replace(/^node\//, '') },
    });
  return nodes;
}

/** Every line the diagram draws: the layout's paths, then cut links between hosts no path
 *  joins (see hostLinks). */
export function drawnLines(layout: DiagramLayout, t?: Topology): PathLine[] {
  return t ? [...layout.lines, ...hostLinks(layout, t)] : layout.lines;
}

/** Each line's state (ok, cut, down) as the topology says, by path id. */
export function linkStates(lines: readonly PathLine[], t?: Topology): Map<string, LinkState> {
  return new Map(lines.map((l) => [l.path.id, t ? linkState(l.path, t) : 'ok']));
}

/** React Flow edges: one per drawn line, on the layout's curve, cut or down as the topology
 *  says; a click chooses the link (the keyboard uses its LinkHandles). */
export function flowEdges(layout: DiagramLayout, t?: Topology): PathEdgeType[] {
  const lines = drawnLines(layout, t);
  const states = linkStates(lines, t);
  // a cut between two hosts joins their boxes; a path joins its components
  const box = (id: string) => (t && !id.includes('@') ? (hostBoxId(id, layout, t) ?? id) : id);
  return lines.map((l) => {
    const state = states.get(l.path.id) ?? 'ok';
    return {
      id: l.path.id,
      source: box(l.path.source),
      target: box(l.path.target),
      type: 'path',
      zIndex: 1,
      focusable: false,
      selectable: false,
      ariaLabel: linkName(l.path.source, l.path.target, state),
      data: { curve: l.curve, kind: l.path.kind, state },
    };
  });
}

/** Frames the diagram when its shape or the pane's size changes, keeping names readable
 *  (see readableViewport); status changes leave the user's pan and zoom alone. */
function FitOnChange({ shape, layout }: { shape: string; layout: DiagramLayout }) {
  const { setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const latest = useRef(layout);
  latest.current = layout;
  useEffect(() => {
    if (width > 0 && height > 0)
      void setViewport(readableViewport(latest.current, { width, height }));
  }, [shape, width, height, setViewport]);
  return null;
}

// The zoom buttons' "fit view" shows the whole cluster, however small.
const FIT_OPTIONS = {
  padding: {
    top: `${FIT_PADDING.top}px`,
    left: `${FIT_PADDING.left}px`,
    right: `${FIT_PADDING.right}px`,
    bottom: `${FIT_PADDING.bottom}px`,
  },
} as const;

/**
 * The live diagram of the simulated cluster. It re-renders when the topology changes (a
 * component goes down, a pod appears; at most FOLLOW_INTERVAL_MS apart while it keeps
 * changing), never for a hop: hops live in the TokenLayer.
 */
export function Diagram({ colorMode }: { colorMode: ColorMode }) {
  const { topology, paths } = useThrottledSimulation(selectDrawn);
  const direction = useNarrowScreen() ? 'narrow' : 'wide';
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const onToggle = useCallback(
    (name: string) =>
      setCollapsed((old) => {
        const next = new Set(old);
        if (!next.delete(name)) next.add(name);
        return next;
      }),
    [],
  );
  const layout = useMemo(
    () => layoutTopology(topology, paths, direction, collapsed),
    [topology, paths, direction, collapsed],
  );
  // Refit when the drawing's size changes (a node, a pod, the screen's shape), not on status.
  const shape = `${direction} ${layout.groups.map((g) => g.rect.height).join(',')} ${layout.outside.length}`;
  // unchanged nodes and edges keep their objects, so React Flow leaves them alone
  const [stableNodes] = useState(() => new StableItems<DiagramNode>());
  const [stableEdges] = useState(() => new StableItems<PathEdgeType>());
  const nodes = useMemo(
    () => stableNodes.stable(flowNodes(layout, topology, { collapsed, onToggle })),
    [layout, topology, collapsed, onToggle, stableNodes],
  );
  const edges = useMemo(
    () => stableEdges.stable(flowEdges(layout, topology)),
    [layout, topology, stableEdges],
  );
  const lines = useMemo(() => drawnLines(layout, topology), [layout, topology]);
  const states = useMemo(() => linkStates(lines, topology), [lines, topology]);
  const store = useSimulationStore();
  // React Flow lets clicks through to nodes only with a click handler; the "+N pods" chip
  // chooses its node
  const onNodeClick = useCallback(
    (_: unknown, node: DiagramNode) => {
      if (node.type === 'morePods') store.getState().select(node.parentId);
      else if (node.id !== 'unscheduled') store.getState().select(node.id);
    },
    [store],
  );
  const onEdgeClick = useCallback(
    (_: unknown, edge: PathEdgeType) => store.getState().select(`link/${edge.id}`),
    [store],
  );
  return (
    <div className="diagram" role="region" aria-label="Cluster diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={colorMode}
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.2}
        maxZoom={2.5}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        zoomOnDoubleClick={false}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
      >
        <FitOnChange shape={shape} layout={layout} />
        <StepHighlights layout={layout} />
        <TokenLayer layout={layout} />
        <TimerLayer layout={layout} />
        <LinkHandles lines={lines} states={states} />
        <ClusterMenu />
        <Controls showInteractive={false} position="bottom-left" fitViewOptions={FIT_OPTIONS} />
      </ReactFlow>
    </div>
  );
}
