import './scrubber.css';

import { useState } from 'react';

import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';
import type { UserAction } from '../../store';
import { formatVirtualTime } from './format';

const selectStart = (s: SimulationState) => s.startTime;
const selectHorizon = (s: SimulationState) => s.horizon;
const selectViewTime = (s: SimulationState) => s.viewTime;
const selectActions = (s: SimulationState) => s.actions;

/** What an action on the timeline is called in its tick's tooltip. */
function actionLabel(a: UserAction): string {
  if (a.kind === 'kubectl') return a.shown ?? `kubectl ${a.command}`;
  const f = a.fault as { op: string } & Record<string, unknown>;
  const target = f.node ?? f.component ?? f.pod ?? '';
  return `${f.op} ${String(target)}`.trim();
}

/**
 * The timeline from the end of boot to the furthest point reached, with a tick for each of
 * the user's actions. Dragging back rewinds (the engine replays to that moment); dragging
 * forward runs it on. The move is made when the thumb is let go, not on every pixel.
 */
export function Scrubber() {
  const store = useSimulationStore();
  const start = useSimulation(selectStart);
  const horizon = useSimulation(selectHorizon);
  const viewTime = useSimulation(selectViewTime);
  const actions = useSimulation(selectActions);
  const [draft, setDraft] = useState<number | undefined>(undefined);
  const end = Math.max(horizon, viewTime, start + 1);
  const shown = draft ?? viewTime;
  const commit = () => {
    if (draft !== undefined && draft !== viewTime) store.getState().seek(draft);
    setDraft(undefined);
  };
  const at = (t: number) => `${(((t - start) / (end - start)) * 100).toFixed(3)}%`;
  return (
    <div className="scrubber">
      <input
        type="range"
        aria-label="Timeline"
        aria-valuetext={formatVirtualTime(shown)}
        min={start}
        max={end}
        step={1}
        // whole ms, as the step keeps them: a fractional value is set again on every frame
        value={Math.round(Math.min(shown, end))}
        onChange={(e) => setDraft(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <div className="scrubber-ticks" aria-hidden="true">
        {actions
          .filter((a) => a.at >= start && a.at <= end)
          .map((a, i) => (
            <span
              key={`${a.at} ${i}`}
              className={`scrubber-tick kind-${a.kind}`}
              style={{ left: at(a.at) }}
              title={`${formatVirtualTime(a.at)} ${actionLabel(a)}`}
            />
          ))}
      </div>
    </div>
  );
}
