import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { clusterTopology, communicationPaths } from '../../../src/engine/view';
import type { Rect } from '../../../src/ui/diagram/geometry';
import { overlaps, pointAt } from '../../../src/ui/diagram/geometry';
import { layoutTopology } from '../../../src/ui/diagram/layout';

const single = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 1, workers: 3 }));
const ha = clusterTopology(createCluster({ seed: 1, controlPlaneNodes: 3, workers: 3 }));

const cases = [
  ['1 control plane, wide', single, 'wide'],
  ['1 control plane, narrow', single, 'narrow'],
  ['3 control planes, wide', ha, 'wide'],
  ['3 control planes, narrow', ha, 'narrow'],
] as const;

describe('layoutTopology', () => {
  it.each(cases)('%s: no two boxes overlap', (_name, topology, direction) => {
    const layout = layoutTopology(topology, communicationPaths(topology), direction);
    const top: [string, Rect][] = [
      ...layout.groups.map((g): [string, Rect] => [g.id, g.rect]),
      ...layout.outside.map((o): [string, Rect] => [o.id, o.rect]),
    ];
    const pairs = top.flatMap(([a, ra], i) =>
      top
        .slice(i + 1)
        .filter(([, rb]) => overlaps(ra, rb))
        .map(([b]) => `${a} × ${b}`),
    );
    expect(pairs).toEqual([]);
    const inside = [...layout.components, ...layout.pods];
    const clashes = inside.flatMap((a, i) =>
      inside
        .slice(i + 1)
        .filter((b) => a.parent === b.parent && overlaps(a.rect, b.rect))
        .map((b) => `${a.id} × ${b.id}`),
    );
    expect(clashes).toEqual([]);
    for (const c of inside) {
      const parent = [...layout.groups, ...layout.outside].find((g) => g.id === c.parent)!;
      expect(c.rect.x + c.rect.width).toBeLessThanOrEqual(parent.rect.width);
      expect(c.rect.y + c.rect.height).toBeLessThanOrEqual(parent.rect.height);
    }
  });

  it.each(cases)(
    '%s: every path is drawn and no path runs through a third component',
    (_name, topology, direction) => {
      const paths = communicationPaths(topology);
      const layout = layoutTopology(topology, paths, direction);
      expect(layout.lines.map((l) => l.path.id)).toEqual(paths.map((p) => p.id));
      const crossings: string[] = [];
      for (const line of layout.lines) {
        for (const [id, box] of layout.boxes) {
          if (id === line.path.source || id === line.path.target) continue;
          const inner = {
            x: box.x + 2,
            y: box.y + 2,
            width: box.width - 4,
            height: box.height - 4,
          };
          for (let f = 0.02; f < 0.98; f += 0.02) {
            const p = pointAt(line.curve, f);
            if (
              p.x > inner.x &&
              p.x < inner.x + inner.width &&
              p.y > inner.y &&
              p.y < inner.y + inner.height
            ) {
              crossings.push(`${line.path.id} through ${id}`);
              break;
            }
          }
        }
      }
      expect(crossings).toEqual([]);
    },
  );

  it('is the same for the same topology', () => {
    const a = layoutTopology(single, communicationPaths(single));
    const b = layoutTopology(single, communicationPaths(single));
    expect(a.groups.map((g) => g.rect)).toEqual(b.groups.map((g) => g.rect));
    expect(a.lines.map((l) => l.curve)).toEqual(b.lines.map((l) => l.curve));
  });
});
