import type { Rect } from './geometry';
import type { DiagramLayout } from './layout';

/** The component names' font size in flow units (diagram.css `.component-name`). */
export const NAME_FONT_PX = 17;
/** The smallest text the page allows at 1280×720 (issue 5: at least 14 px). */
export const MIN_TEXT_PX = 14;
/** The smallest zoom at which the component names still render at MIN_TEXT_PX. */
export const READABLE_ZOOM = Math.ceil((MIN_TEXT_PX / NAME_FONT_PX) * 1000) / 1000;
/** The largest zoom a fit uses: a small cluster on a large screen is not blown up further. */
export const MAX_FIT_ZOOM = 1.5;
/** Room for the zoom buttons (left) and the in-flight counter (top), in screen px. */
export const FIT_PADDING = { top: 44, left: 52, right: 12, bottom: 12 } as const;
/** Panes narrower than this (phones) fit the whole cluster, however small; a pinch zooms. */
export const READABLE_MIN_PANE_WIDTH = 700;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest rectangle holding all of `rects`. */
export function boundsOf(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Everything drawn: node groups, kubectl, the load balancer and unscheduled pods (paths
 *  bulge a little past them, into the padding). */
export function drawingBounds(layout: DiagramLayout): Rect {
  return boundsOf([...layout.groups.map((g) => g.rect), ...layout.outside.map((o) => o.rect)]);
}

/** The part a walkthrough mostly plays in: kubectl, the load balancer and the control planes. */
export function activeBounds(layout: DiagramLayout): Rect {
  return boundsOf([
    ...layout.groups.filter((g) => g.node.role === 'control-plane').map((g) => g.rect),
    ...layout.outside.filter((o) => o.kind !== 'unscheduled').map((o) => o.rect),
  ]);
}

/**
 * The viewport showing the diagram in a pane of `pane` screen px: the whole drawing when it
 * fits with its names at MIN_TEXT_PX or more (or the pane is a phone's). Otherwise the names
 * stay at MIN_TEXT_PX and the view starts at the drawing's top left, moved just enough to hold
 * the active part (kubectl, the load balancer, the control planes); the rest is a pan away.
 */
export function readableViewport(
  layout: DiagramLayout,
  pane: { width: number; height: number },
): Viewport {
  const availW = Math.max(pane.width - FIT_PADDING.left - FIT_PADDING.right, 1);
  const availH = Math.max(pane.height - FIT_PADDING.top - FIT_PADDING.bottom, 1);
  const all = drawingBounds(layout);
  const whole = Math.min(
    availW / Math.max(all.width, 1),
    availH / Math.max(all.height, 1),
    MAX_FIT_ZOOM,
  );
  if (whole >= READABLE_ZOOM || pane.width < READABLE_MIN_PANE_WIDTH)
    return {
      x: FIT_PADDING.left + (availW - all.width * whole) / 2 - all.x * whole,
      y: FIT_PADDING.top + (availH - all.height * whole) / 2 - all.y * whole,
      zoom: whole,
    };
  const zoom = READABLE_ZOOM;
  const focus = activeBounds(layout);
  // the flow coordinate at the view's left (top) edge: the drawing's, unless the active part
  // would end past the far edge; never past the active part's own start
  const start = (drawn: number, from: number, size: number, avail: number) =>
    Math.min(Math.max(drawn, from + size - avail / zoom), from);
  return {
    x: FIT_PADDING.left - start(all.x, focus.x, focus.width, availW) * zoom,
    y: FIT_PADDING.top - start(all.y, focus.y, focus.height, availH) * zoom,
    zoom,
  };
}
