import type { Edge, EdgeProps } from '@xyflow/react';
import { BaseEdge } from '@xyflow/react';
import { memo } from 'react';

import type { PathKind } from '../../engine/view';
import type { Curve } from './geometry';
import { svgPath } from './geometry';

export type PathEdgeType = Edge<{ curve: Curve; kind: PathKind }, 'path'>;

/** A communication path, drawn along the layout's curve (not React Flow's handle routing). */
export const PathEdge = memo(function PathEdge({ id, data }: EdgeProps<PathEdgeType>) {
  if (!data) return null;
  return <BaseEdge id={id} path={svgPath(data.curve)} className={`path path-${data.kind}`} />;
});

export const edgeTypes = { path: PathEdge };
