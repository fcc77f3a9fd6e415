import type { Edge, EdgeProps } from '@xyflow/react';
import { BaseEdge } from '@xyflow/react';
import { memo } from 'react';

import type { PathKind } from '../../engine/view';
import type { Curve } from './geometry';
import { pointAt, svgPath } from './geometry';
import type { LinkState } from './link-state';

export type PathEdgeType = Edge<{ curve: Curve; kind: PathKind; state?: LinkState }, 'path'>;

/** A communication path, drawn along the layout's curve (not React Flow's handle routing); a
 *  cut path is dashed with a break mark at its middle, a dead one faint and dotted. */
export const PathEdge = memo(function PathEdge({ id, data }: EdgeProps<PathEdgeType>) {
  if (!data) return null;
  const state = data.state ?? 'ok';
  const mid = state === 'cut' ? pointAt(data.curve, 0.5) : undefined;
  return (
    <>
      <BaseEdge
        id={id}
        path={svgPath(data.curve)}
        className={`path path-${data.kind}${state === 'ok' ? '' : ` path-${state}`}`}
      />
      {mid && (
        <g className="path-break" transform={`translate(${mid.x} ${mid.y})`} aria-hidden="true">
          <circle r="11" />
          <text textAnchor="middle" dominantBaseline="central">
            ✂
          </text>
        </g>
      )}
    </>
  );
});

export const edgeTypes = { path: PathEdge };
