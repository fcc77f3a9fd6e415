import type { Point } from './geometry';
import type { Timer } from './countdown';
import { countdown } from './countdown';

const R = 12;
const RING = 2 * Math.PI * R;
const KIND_WORDS: Record<Timer['kind'], string> = {
  'node-grace': 'node grace period',
  toleration: 'eviction toleration',
  'crashloop-backoff': 'CrashLoopBackOff',
  'raft-election': 'Raft election timeout',
  'leader-lease': 'leader lease',
};

/**
 * A countdown on the diagram: a ring that fills as the timer runs, the seconds left, and the
 * timer's label, at `at` (flow coordinates, the badge's left edge).
 */
export function CountdownBadge({ timer, now, at }: { timer: Timer; now: number; at: Point }) {
  const { secondsLeft, elapsed } = countdown(timer, now);
  const text = `${timer.label}: ${secondsLeft} s`;
  return (
    <g
      className={`countdown countdown-${timer.kind}`}
      transform={`translate(${at.x} ${at.y})`}
      role="img"
      aria-label={`${KIND_WORDS[timer.kind]} on ${timer.target}: ${timer.label}, ${secondsLeft} s left`}
    >
      <rect
        className="countdown-pill"
        x={-4}
        y={-R - 4}
        height={2 * R + 8}
        rx={R + 4}
        width={text.length * 8.4 + 2 * R + 16}
      />
      <circle className="countdown-track" cx={R} cy={0} r={R} />
      <circle
        className="countdown-ring"
        cx={R}
        cy={0}
        r={R}
        strokeDasharray={`${RING * elapsed} ${RING}`}
        transform={`rotate(-90 ${R} 0)`}
      />
      <text className="countdown-text" x={2 * R + 6} y={0} dominantBaseline="central">
        {text}
      </text>
    </g>
  );
}
