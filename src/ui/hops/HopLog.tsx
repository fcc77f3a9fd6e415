import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';

import type { Hop } from '../../engine';
import { useSimulation, useSimulationStore } from '../../store';
import type { SimulationState } from '../../store';
import { shortResource } from '../diagram/labels';
import type { HopFilter } from './hop-filter';
import { filterChoices, filtering, hopFailed, matchesFilter, NO_FILTER } from './hop-filter';
import { HopFilters } from './HopFilters';

/** How many of the newest landed hops the log lists. */
export const HOP_LOG_ROWS = 60;

const selectLog = (s: SimulationState) => s.log;
const selectSelected = (s: SimulationState) => s.selectedSeq;

const OUTCOME_ICON = { delivered: '✓', dropped: '✕', refused: '✕', error: '✕' } as const;

const HopRow = memo(function HopRow(props: {
  hop: Hop;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const { hop, selected, onSelect } = props;
  const failed = hopFailed(hop);
  return (
    <li
      className={`hop-row${failed ? ' hop-failed' : ''}${hop.background ? ' hop-background' : ''}`}
    >
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => onSelect(hop.seq)}
        aria-label={`${hop.from} to ${hop.to}: ${hop.verb} ${hop.resource}, ${hop.outcome}${hop.background ? ', background' : ''}`}
      >
        <span className="hop-route">
          {hop.from} → {hop.to}
        </span>
        <span className="hop-what">
          <span aria-hidden="true" className="hop-outcome">
            {OUTCOME_ICON[hop.outcome]}
          </span>{' '}
          {hop.verb} {shortResource(hop.resource)}
          {hop.status !== undefined ? ` · ${hop.status}` : ''}
        </span>
      </button>
    </li>
  );
});

/** The hops that have landed, newest first, through the learner's filters; choosing one
 *  shows its details. */
export function HopLog() {
  const store = useSimulationStore();
  // hops land nearly every frame in a busy cluster: the log follows in React's spare time
  const log = useDeferredValue(useSimulation(selectLog));
  const selected = useSimulation(selectSelected);
  const [filter, setFilter] = useState<HopFilter>(NO_FILTER);
  const choices = useMemo(() => filterChoices(log), [log]);
  const rows = useMemo(
    () =>
      (filtering(filter) ? log.filter((h) => matchesFilter(h, filter)) : log)
        .slice(-HOP_LOG_ROWS)
        .reverse(),
    [log, filter],
  );
  // one handler for every row, so a landing hop re-renders only the new rows
  const onSelect = useCallback((seq: number) => store.getState().selectHop(seq), [store]);
  return (
    <section className="hop-log" aria-labelledby="hop-log-title">
      <h2 id="hop-log-title">Hop log</h2>
      {log.length > 0 && (
        <HopFilters
          filter={filter}
          onChange={setFilter}
          components={choices.components}
          verbs={choices.verbs}
        />
      )}
      {log.length === 0 ? (
        <p className="muted">No hops yet. Run a kubectl command or press Play.</p>
      ) : rows.length === 0 ? (
        <p className="muted" role="status">
          No hops match the filters.
        </p>
      ) : (
        <ol aria-label="Hops, newest first">
          {rows.map((hop) => (
            <HopRow key={hop.seq} hop={hop} selected={hop.seq === selected} onSelect={onSelect} />
          ))}
        </ol>
      )}
    </section>
  );
}
