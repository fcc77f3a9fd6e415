import {
  memo,
  useCallback,
  useDeferredValue,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import type { Hop } from '../../engine';
import { useSimulation, useSimulationStore } from '../../store';
import type { SimulationState } from '../../store';
import { shortResource } from '../diagram/labels';
import { useThrottledSimulation } from '../diagram/useThrottled';
import type { HopFilter } from './hop-filter';
import { filterChoices, filtering, hopFailed, matchesFilter, NO_FILTER } from './hop-filter';
import { HopFilters } from './HopFilters';
import type { RowPlacement } from './row-placement';
import { placeRows } from './row-placement';

/** How many of the newest rows are rendered before the list has been laid out (and so while
 *  its height is unknown, as in tests). */
export const HOP_LOG_ROWS = 60;
/** Every row's height in px: two lines, each cut with an ellipsis (details show the rest). */
export const HOP_ROW_HEIGHT = 46;
/** Rows rendered above and below the visible ones, so a quick scroll finds them drawn. */
const OVERSCAN = 6;

const selectLog = (s: SimulationState) => s.log;
const selectSelected = (s: SimulationState) => s.selectedSeq;

const OUTCOME_ICON = { delivered: '✓', dropped: '✕', refused: '✕', error: '✕' } as const;

const HopRow = memo(function HopRow(props: {
  hop: Hop;
  slot: number;
  position: number;
  count: number;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const { hop, selected, onSelect } = props;
  const failed = hopFailed(hop);
  const label = `${hop.from} to ${hop.to}: ${hop.verb} ${hop.resource}, ${hop.outcome}${hop.background ? ', background' : ''}`;
  return (
    <li
      className={`hop-row${failed ? ' hop-failed' : ''}${hop.background ? ' hop-background' : ''}`}
      // a row keeps its place while listed: new rows land below it, none ever moves it
      style={{ top: props.slot * HOP_ROW_HEIGHT, height: HOP_ROW_HEIGHT }}
      aria-posinset={props.position}
      aria-setsize={props.count}
    >
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => onSelect(hop.seq)}
        aria-label={label}
        title={label}
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

/** The part of the list's scroll box in view, in px (height 0 until it has been laid out). */
interface Viewport {
  top: number;
  height: number;
}

/**
 * The hops that have landed, oldest first and newest at the bottom, through the learner's
 * filters; choosing one shows its details. Like a terminal, the list stays scrolled to the
 * newest hop unless the reader has scrolled up, and a landing hop never moves the rows above.
 */
export function HopLog() {
  const store = useSimulationStore();
  // hops land nearly every frame in a busy cluster: the log follows a few times a second
  // while playing (each new row scrolls the list, a layout of the page), in React's spare time
  const log = useDeferredValue(useThrottledSimulation(selectLog));
  const selected = useSimulation(selectSelected);
  const [filter, setFilter] = useState<HopFilter>(NO_FILTER);
  const choices = useMemo(() => filterChoices(log), [log]);
  const rows = useMemo(
    () => (filtering(filter) ? log.filter((h) => matchesFilter(h, filter)) : log),
    [log, filter],
  );
  // a new filter lays the rows out afresh; otherwise each row keeps its slot
  const placed = useRef<{ filter: HopFilter; placement: RowPlacement }>(undefined);
  const placement = useMemo(() => {
    const previous = placed.current?.filter === filter ? placed.current.placement : undefined;
    return placeRows(
      previous,
      rows.map((h) => h.seq),
    );
  }, [rows, filter]);
  useLayoutEffect(() => {
    placed.current = { filter, placement };
  }, [filter, placement]);

  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });
  // following the newest hop until the reader scrolls up, as a terminal does
  const following = useRef(true);
  const [behind, setBehind] = useState(false);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - HOP_ROW_HEIGHT / 2;
    setBehind(!following.current);
    setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, []);
  const toNewest = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    following.current = true;
    el.scrollTop = el.scrollHeight;
  }, []);
  // a new filter starts at the newest matching hop
  useLayoutEffect(() => {
    following.current = true;
    setBehind(false);
  }, [filter]);
  // scrolling (not layout) brings a landing hop into view, before the frame is painted
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (following.current && el.scrollTop + el.clientHeight < el.scrollHeight)
      el.scrollTop = el.scrollHeight;
    if (el.scrollTop !== viewport.top || el.clientHeight !== viewport.height)
      setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, [placement, viewport]);

  const shown = useMemo(() => {
    const { slots, first, end } = placement;
    if (viewport.height === 0) return rows.slice(-HOP_LOG_ROWS);
    const from = Math.max(first, Math.floor(viewport.top / HOP_ROW_HEIGHT) - OVERSCAN);
    const to = Math.min(
      end,
      Math.ceil((viewport.top + viewport.height) / HOP_ROW_HEIGHT) + OVERSCAN,
    );
    return rows.filter((h) => {
      const slot = slots.get(h.seq) ?? -1;
      return slot >= from && slot < to;
    });
  }, [rows, placement, viewport]);

  // one handler for every row, so a landing hop re-renders only the new rows
  const onSelect = useCallback((seq: number) => store.getState().selectHop(seq), [store]);
  const positionOf = useMemo(() => new Map(rows.map((h, i) => [h.seq, i + 1])), [rows]);
  return (
    <section className="hop-log" aria-labelledby="hop-log-title">
      <h2 id="hop-log-title">Hop log (newest last)</h2>
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
        <div className="hop-log-view">
          <div className="hop-log-scroll" ref={scroller} onScroll={onScroll}>
            <ol aria-label="Hops, newest last" style={{ height: placement.end * HOP_ROW_HEIGHT }}>
              {shown.map((hop) => (
                <HopRow
                  key={hop.seq}
                  hop={hop}
                  slot={placement.slots.get(hop.seq) ?? 0}
                  position={positionOf.get(hop.seq) ?? 0}
                  count={rows.length}
                  selected={hop.seq === selected}
                  onSelect={onSelect}
                />
              ))}
            </ol>
          </div>
          {behind && (
            <button type="button" className="hop-log-newest" onClick={toNewest}>
              <span aria-hidden="true">↓</span> Newest hops
            </button>
          )}
        </div>
      )}
    </section>
  );
}
