import type { Edge, EdgeProps } from '@xyflow/react';
import { BaseEdge } from '@xyflow/react';
import { memo, useCallback } from 'react';

import type { PathKind } from '../../engine/view';
import type { SimulationState } from '../../store';
import { useSimulation } from '../../store';
import type { Curve } from './geometry';
import { markPoint, svgPath } from './geometry';
import type { LinkState } from './link-state';

export type PathEdgeType = Edge<{ curve: Curve; kind: PathKind; state?: LinkState }, 'path'>;

/** A communication path, drawn along the layout's curve (not React Flow's handle routing); a
 *  cut path is dashed with a ✂ mark on a stretch of its own (markPoint), a dead one faint and
 *  dotted, the one chosen for the inspector thick. A 20 px invisible stroke takes the clicks. */
export const PathEdge = memo(function PathEdge({ id, data }: EdgeProps<PathEdgeType>) {
  const chosen = useSimulation(
    useCallback((s: SimulationState) => s.selected === `link/${id}`, [id]),
  );
  if (!data) return null;
  const state = data.state ?? 'ok';
  const mid = state === 'cut' ? markPoint(data.curve) : undefined;
  return (
    <>
      <BaseEdge
        id={id}
        path={svgPath(data.curve)}
        className={`path path-${data.kind}${state === 'ok' ? '' : ` path-${state}`}${chosen ? ' path-chosen' : ''}`}
        interactionWidth={20}
      />
      {mid && (
        <g className="path-break" transform={`translate(${mid.x} ${mid.y})`} aria-hidden="true">
          <circle r="9" />
          <text textAnchor="middle" dominantBaseline="central">
            ✂
          </text>
        </g>
      )}
    </>
  );
});

export const edgeTypes = { path: PathEdge };
