import { ViewportPortal } from '@xyflow/react';

import { highlightedIds } from '../../scenarios';
import { useSimulation } from '../../store';
import type { SimulationState } from '../../store';
import type { DiagramLayout } from '../diagram/layout';

const selectWalkthrough = (s: SimulationState) => s.walkthrough;

/** Rings around the components the shown walkthrough step is about. */
export function StepHighlights({ layout }: { layout: DiagramLayout }) {
  const w = useSimulation(selectWalkthrough);
  if (!w) return null;
  const ids = highlightedIds(w.scenario.steps[w.viewing], layout.boxes.keys(), w.vars);
  return (
    <ViewportPortal>
      <svg className="step-highlights" aria-hidden="true">
        {ids.map((id) => {
          const b = layout.boxes.get(id)!;
          return (
            <rect
              key={id}
              className="step-highlight"
              data-highlight={id}
              x={b.x - 5}
              y={b.y - 5}
              width={b.width + 10}
              height={b.height + 10}
              rx={10}
            />
          );
        })}
      </svg>
    </ViewportPortal>
  );
}
