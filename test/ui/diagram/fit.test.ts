import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { clusterTopology, communicationPaths } from '../../../src/engine/view';
import {
  activeBounds,
  drawingBounds,
  MIN_TEXT_PX,
  NAME_FONT_PX,
  readableViewport,
} from '../../../src/ui/diagram/fit';
import type { Rect } from '../../../src/ui/diagram/geometry';
import { layoutTopology } from '../../../src/ui/diagram/layout';

/** The diagram's pane at 1280×720: the window less the side panel, the one-line header and the
 *  bottom strip (measured in Chromium: 960×481). */
const PROJECTOR_PANE = { width: 960, height: 480 };
const PHONE_PANE = { width: 390, height: 490 };

const layoutOf = (controlPlaneNodes: number, workers: number) => {
  const t = clusterTopology(createCluster({ seed: 1, controlPlaneNodes, workers }));
  return layoutTopology(t, communicationPaths(t));
};

/** A flow rectangle where the viewport puts it on screen. */
const onScreen = (r: Rect, v: { x: number; y: number; zoom: number }): Rect => ({
  x: r.x * v.zoom + v.x,
  y: r.y * v.zoom + v.y,
  width: r.width * v.zoom,
  height: r.height * v.zoom,
});

const inside = (r: Rect, pane: { width: number; height: number }) =>
  r.x >= 0 && r.y >= 0 && r.x + r.width <= pane.width && r.y + r.height <= pane.height;

describe('fitting the diagram to its pane', () => {
  it.each([
    ['1 control plane + 3 workers', 1, 3],
    ['3 control planes (HA) + 3 workers', 3, 3],
    ['1 control plane + 10 workers', 1, 10],
    ['3 control planes (HA) + 10 workers', 3, 10],
  ])('keeps component names at 14 px or more at 1280×720: %s', (_, cps, workers) => {
    const v = readableViewport(layoutOf(cps, workers), PROJECTOR_PANE);
    expect(NAME_FONT_PX * v.zoom).toBeGreaterThanOrEqual(MIN_TEXT_PX);
  });

  it('shows the whole single-control-plane cluster at 1280×720', () => {
    const layout = layoutOf(1, 3);
    const v = readableViewport(layout, PROJECTOR_PANE);
    expect(inside(onScreen(drawingBounds(layout), v), PROJECTOR_PANE)).toBe(true);
  });

  it('frames the three control planes, kubectl and the load balancer in HA at 1280×720', () => {
    const layout = layoutOf(3, 3);
    const v = readableViewport(layout, PROJECTOR_PANE);
    expect(v.zoom).toBeCloseTo(0.824, 3);
    expect(inside(onScreen(activeBounds(layout), v), PROJECTOR_PANE)).toBe(true);
    const named = layout.groups.filter((g) => g.node.role === 'control-plane');
    expect(named.map((g) => g.node.name)).toEqual([
      'control-plane-1',
      'control-plane-2',
      'control-plane-3',
    ]);
    for (const o of layout.outside) expect(inside(onScreen(o.rect, v), PROJECTOR_PANE)).toBe(true);
  });

  it('lets a phone see the whole cluster, however small, rather than a corner of it', () => {
    const layout = layoutOf(3, 3);
    const v = readableViewport(layout, PHONE_PANE);
    expect(NAME_FONT_PX * v.zoom).toBeLessThan(MIN_TEXT_PX);
    expect(inside(onScreen(drawingBounds(layout), v), PHONE_PANE)).toBe(true);
  });

  it('does not blow a small cluster up past 1.5× on a large screen', () => {
    expect(readableViewport(layoutOf(1, 1), { width: 2400, height: 1400 }).zoom).toBe(1.5);
  });
});
