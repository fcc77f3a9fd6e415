import { Panel, ViewportPortal } from '@xyflow/react';
import { useMemo } from 'react';

import type { Hop } from '../../engine';
import { useSimulation } from '../../store';
import type { SimulationState } from '../../store';
import type { Point, Rect } from './geometry';
import { pointAt, svgPath } from './geometry';
import { placeLabel } from './label-placement';
import type { DiagramLayout, PathLine } from './layout';
import { hopLabel } from './labels';
import type { Token } from './tokens';
import { tokensAt } from './tokens';
import { usePrefersReducedMotion } from './useMediaQuery';

const selectInFlight = (s: SimulationState) => s.inFlight;
const selectViewTime = (s: SimulationState) => s.viewTime;
const selectArrivals = (s: SimulationState) => s.arrivals;

/**
 * The moving hops, drawn over the diagram in flow coordinates. It alone follows the clock
 * every frame; the diagram's nodes and edges do not re-render for a hop.
 */
export function TokenLayer({ layout }: { layout: DiagramLayout }) {
  const inFlight = useSimulation(selectInFlight);
  const viewTime = useSimulation(selectViewTime);
  const arrivals = useSimulation(selectArrivals);
  const reduced = usePrefersReducedMotion();
  const lines = useMemo(
    () => new Map<string, PathLine>(layout.lines.map((l) => [l.path.id, l])),
    [layout],
  );
  const { tokens, hidden } = tokensAt(inFlight, viewTime, lines, layout.boxes);

  return (
    <>
      <ViewportPortal>
        <svg className="token-layer" aria-hidden="true">
          {!reduced &&
            arrivals.map((a) => {
              const box = layout.boxes.get(a.to);
              if (!box) return null;
              return (
                <rect
                  key={a.seq}
                  className={`pulse${a.failed ? ' pulse-failed' : ''}`}
                  x={box.x - 3}
                  y={box.y - 3}
                  width={box.width + 6}
                  height={box.height + 6}
                  rx={10}
                />
              );
            })}
          {tokens.map((token) =>
            reduced ? (
              <StepHighlight key={token.key} token={token} layout={layout} />
            ) : (
              <MovingToken key={token.key} token={token} obstacles={layout.labelObstacles} />
            ),
          )}
        </svg>
      </ViewportPortal>
      <Panel position="top-right" className="inflight-panel">
        <span role="status" aria-live="off">
          {inFlight.length === 0
            ? 'no messages in flight'
            : `${inFlight.length} in flight${hidden ? ` (+${hidden} more pairs not drawn)` : ''}`}
        </span>
      </Panel>
    </>
  );
}

// A hop's label, worked out once: tokens are drawn every frame.
const labels = new WeakMap<Hop, string>();

function tokenText(token: Token): string {
  const count = token.hops.length;
  const first = token.hops[0];
  let label = labels.get(first);
  if (label === undefined) labels.set(first, (label = hopLabel(first)));
  return `${label}${count > 1 ? ` ×${count}` : ''}`;
}

function tokenClass(token: Token, showFailure: boolean): string {
  return [
    'token',
    token.background ? 'token-background' : '',
    token.failed && showFailure ? 'token-failed' : '',
  ].join(' ');
}

// Average glyph width of the 15px semibold label font, for the pill behind it.
const CHAR_WIDTH = 9.2;
const PILL_HEIGHT = 24;

/** A label on a pill beside the dot, placed where it covers no component name (or none). */
function Label({ text, at, obstacles }: { text: string; at: Point; obstacles: readonly Rect[] }) {
  const width = text.length * CHAR_WIDTH + 14;
  const spot = placeLabel(at, width, PILL_HEIGHT, obstacles);
  if (!spot) return null;
  return (
    <g transform={`translate(${spot.x} ${spot.y})`}>
      <rect className="token-pill" width={width} height={PILL_HEIGHT} rx={12} />
      <text className="token-label" x={width / 2} y={17} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** A dot with its label moving along the path; red with an ✕ as a failing hop nears its end. */
function MovingToken({ token, obstacles }: { token: Token; obstacles: readonly Rect[] }) {
  const p = pointAt(token.curve, token.progress);
  const showFailure = token.progress >= (token.dropped ? 0.35 : 0.6);
  return (
    <g className={tokenClass(token, showFailure)}>
      <g transform={`translate(${p.x} ${p.y})`}>
        {token.failed && showFailure ? (
          <path className="token-cross" d="M -7 -7 L 7 7 M 7 -7 L -7 7" />
        ) : (
          <circle r={8} className="token-dot" />
        )}
      </g>
      <Label text={tokenText(token)} at={p} obstacles={obstacles} />
    </g>
  );
}

/** Reduced motion: light up the sender, then the path, then the receiver, without moving. */
function StepHighlight({ token, layout }: { token: Token; layout: DiagramLayout }) {
  const phase = token.progress < 1 / 3 ? 0 : token.progress < 2 / 3 ? 1 : 2;
  const box = layout.boxes.get(phase === 0 ? token.from : token.to);
  const mid = pointAt(token.curve, 0.5);
  const failed = token.failed && phase === 2;
  return (
    <g className={tokenClass(token, failed)}>
      {phase === 1 ? (
        <path className="highlight-path" d={svgPath(token.curve)} />
      ) : (
        box && (
          <rect
            className="highlight-box"
            x={box.x - 4}
            y={box.y - 4}
            width={box.width + 8}
            height={box.height + 8}
            rx={10}
          />
        )
      )}
      <Label
        text={`${failed ? '✕ ' : ''}${tokenText(token)}`}
        at={mid}
        obstacles={layout.labelObstacles}
      />
    </g>
  );
}
