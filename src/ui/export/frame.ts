/** The projector resolution every export is drawn at. */
export const EXPORT_WIDTH = 1920;
export const EXPORT_HEIGHT = 1080;
/** The strip under the diagram that holds the caption. */
export const CAPTION_HEIGHT = 80;

/** A rectangle in the diagram's own (flow) coordinates. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A React Flow viewport: translate by (x, y), then scale by zoom. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest rectangle holding all of `boxes` (undefined for none). */
export function unionBounds(boxes: readonly Bounds[]): Bounds | undefined {
  if (boxes.length === 0) return undefined;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The viewport that centres `bounds` in a width×height picture with `padding` (a fraction of
 *  the drawing) around it, as React Flow's getViewportForBounds fits a view; the zoom stays
 *  within [minZoom, maxZoom] so a tiny cluster is not blown up past legibility. */
export function fitViewport(
  bounds: Bounds,
  width: number,
  height: number,
  { padding = 0.04, minZoom = 0.1, maxZoom = 2 } = {},
): Viewport {
  const w = Math.max(bounds.width, 1) * (1 + 2 * padding);
  const h = Math.max(bounds.height, 1) * (1 + 2 * padding);
  const zoom = Math.min(Math.max(Math.min(width / w, height / h), minZoom), maxZoom);
  return {
    x: width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: height / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}
