// Loaded on demand (dynamic import) by the Export menu: html-to-image stays out of the initial
// bundle.
import { toSvg } from 'html-to-image';

import type { Bounds } from './frame';
import { CAPTION_HEIGHT, EXPORT_HEIGHT, EXPORT_WIDTH, fitViewport, unionBounds } from './frame';
import { inlineSvgStyles } from './svg-styles';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DIAGRAM_HEIGHT = EXPORT_HEIGHT - CAPTION_HEIGHT;
const CAPTION_FONT_SIZE = 30;
const CAPTION_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** What to draw: the page's diagram and the words under it. */
export interface ExportRequest {
  /** the diagram's region (holds one React Flow) */
  diagram: HTMLElement;
  caption: string;
}

/** The first colour that is not transparent, from `el` up to the page. */
function backgroundOf(el: Element | null): string {
  for (let at = el; at; at = at.parentElement) {
    const bg = getComputedStyle(at).backgroundColor;
    if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/** Where each drawn node sits in flow coordinates: React Flow places every node (children
 *  too) at its absolute position with a translate on the node's wrapper. */
function nodeBounds(viewport: HTMLElement): Bounds | undefined {
  const boxes = [...viewport.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => {
    const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
    return { x: m.m41, y: m.m42, width: el.offsetWidth, height: el.offsetHeight };
  });
  return unionBounds(boxes);
}

/** The diagram's parts for drawing: its viewport (nodes, edges, tokens; no controls, minimap
 *  or attribution, which live outside it), the options that refit it, and the theme's colours. */
function prepare({ diagram }: ExportRequest) {
  const flow = diagram.querySelector<HTMLElement>('.react-flow');
  const viewport = diagram.querySelector<HTMLElement>('.react-flow__viewport');
  if (!flow || !viewport) throw new Error('There is no diagram to export.');
  const bounds = nodeBounds(viewport) ?? { x: 0, y: 0, width: EXPORT_WIDTH, height: 1 };
  const fit = fitViewport(bounds, EXPORT_WIDTH, DIAGRAM_HEIGHT);
  const background = backgroundOf(flow);
  const color = getComputedStyle(flow).color || getComputedStyle(document.body).color;
  const options = {
    width: EXPORT_WIDTH,
    height: DIAGRAM_HEIGHT,
    backgroundColor: background,
    pixelRatio: 1,
    // the page uses system fonts only: nothing to fetch and inline
    skipFonts: true,
    style: {
      width: `${EXPORT_WIDTH}px`,
      height: `${DIAGRAM_HEIGHT}px`,
      transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})`,
    },
  };
  return { viewport, options, background, color };
}

/** The caption cut to fit the width, with an ellipsis when it had to be. */
function fitCaption(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  let s = text;
  while (s.length > 1 && !fits(`${s}…`)) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

const CAPTION_MARGIN = 40;

/** The caption as it fits the picture's width (measured in the caption's font). */
function captionLine(ctx: CanvasRenderingContext2D, text: string): string {
  ctx.font = `600 ${CAPTION_FONT_SIZE}px ${CAPTION_FONT}`;
  return fitCaption(text, (s) => ctx.measureText(s).width <= EXPORT_WIDTH - 2 * CAPTION_MARGIN);
}

/** A 2D context to draw on (or measure with). */
function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the export.');
  return ctx;
}

/** The SVG text inside an html-to-image data URL. */
function svgOfDataUrl(url: string): string {
  return decodeURIComponent(url.slice(url.indexOf(',') + 1));
}

/** The whole 1920×1080 picture as SVG text: the background, the diagram's HTML in a
 *  foreignObject (as html-to-image draws it) and the caption as plain SVG text. */
async function drawSvg(request: ExportRequest): Promise<string> {
  const { viewport, options, background, color } = prepare(request);
  const inner = new DOMParser().parseFromString(
    svgOfDataUrl(await toSvg(viewport, options)),
    'image/svg+xml',
  ).documentElement;
  if (inner.nodeName !== 'svg') throw new Error('The diagram could not be drawn as SVG.');
  // the viewport's copy is the foreignObject's one child
  const copy = inner.querySelector('foreignObject > *');
  if (copy) inlineSvgStyles(viewport, copy);
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  const set = (el: Element, attrs: Record<string, string | number>) => {
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  };
  set(svg, {
    width: EXPORT_WIDTH,
    height: EXPORT_HEIGHT,
    viewBox: `0 0 ${EXPORT_WIDTH} ${EXPORT_HEIGHT}`,
  });
  const rect = doc.createElementNS(SVG_NS, 'rect');
  set(rect, { width: EXPORT_WIDTH, height: EXPORT_HEIGHT, fill: background });
  svg.append(rect);
  const drawing = doc.importNode(inner, true);
  set(drawing, { x: 0, y: 0 });
  svg.append(drawing);
  const caption = doc.createElementNS(SVG_NS, 'text');
  set(caption, {
    x: CAPTION_MARGIN,
    y: DIAGRAM_HEIGHT + CAPTION_HEIGHT / 2,
    'dominant-baseline': 'middle',
    fill: color,
    'font-family': CAPTION_FONT,
    'font-size': CAPTION_FONT_SIZE,
    'font-weight': 600,
  });
  // plain text, never markup: a caption carries names the user typed
  caption.textContent = captionLine(context2d(document.createElement('canvas')), request.caption);
  svg.append(caption);
  return new XMLSerializer().serializeToString(doc);
}

/** The diagram as a 1920×1080 SVG with its caption. */
export async function renderSvg(request: ExportRequest): Promise<Blob> {
  return new Blob([await drawSvg(request)], { type: 'image/svg+xml' });
}

/** The diagram as a 1920×1080 PNG with its caption: the SVG picture drawn on a canvas. */
export async function renderPng(request: ExportRequest): Promise<Blob> {
  const picture = new Image();
  // a data: URL, as the page's Content-Security-Policy allows for images
  picture.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await drawSvg(request))}`;
  await picture.decode();
  const canvas = document.createElement('canvas');
  canvas.width = EXPORT_WIDTH;
  canvas.height = EXPORT_HEIGHT;
  context2d(canvas).drawImage(picture, 0, 0, EXPORT_WIDTH, EXPORT_HEIGHT);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))),
      'image/png',
    ),
  );
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has the blob once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
