import type { Hop } from '../../engine';
import type { Curve, Rect } from './geometry';
import { leftMid, reversed, rightMid, straight } from './geometry';
import type { PathLine } from './layout';

/** At most this many tokens move at once; more in-flight pairs are counted instead. */
export const MAX_TOKENS = 12;

/** One moving token: the hops in flight between one sender and one receiver. */
export interface Token {
  key: string;
  from: string;
  to: string;
  hops: Hop[];
  curve: Curve;
  /** 0–1 along the curve (the oldest hop's progress) */
  progress: number;
  failed: boolean;
  dropped: boolean;
  background: boolean;
}

/** Where a hop from `from` to `to` travels: its path's curve (either way) or a straight line. */
export function curveFor(
  from: string,
  to: string,
  lines: Map<string, PathLine>,
  boxes: Map<string, Rect>,
): Curve | undefined {
  const forward = lines.get(`${from}--${to}`);
  if (forward) return forward.curve;
  const back = lines.get(`${to}--${from}`);
  if (back) return reversed(back.curve);
  const a = boxes.get(from);
  const b = boxes.get(to);
  if (!a || !b) return undefined;
  return a.x <= b.x ? straight(rightMid(a), leftMid(b)) : straight(leftMid(a), rightMid(b));
}

/**
 * Groups in-flight hops into tokens (one per sender→receiver pair, so bursts aggregate),
 * oldest first, capped at `max`; returns the tokens and how many pairs were left out.
 */
export function tokensAt(
  inFlight: readonly Hop[],
  t: number,
  lines: Map<string, PathLine>,
  boxes: Map<string, Rect>,
  max = MAX_TOKENS,
): { tokens: Token[]; hidden: number } {
  const byPair = new Map<string, Hop[]>();
  for (const hop of inFlight) {
    const key = `${hop.from}>${hop.to}`;
    const list = byPair.get(key) ?? [];
    list.push(hop);
    byPair.set(key, list);
  }
  const tokens: Token[] = [];
  for (const [key, hops] of byPair) {
    const first = hops[0];
    const curve = curveFor(first.from, first.to, lines, boxes);
    if (!curve) continue;
    const span = Math.max(first.deliveredAt - first.sentAt, 1e-9);
    const dropped = hops.every((h) => h.outcome === 'dropped');
    const raw = (t - first.sentAt) / span;
    tokens.push({
      key,
      from: first.from,
      to: first.to,
      hops,
      curve,
      // a lost packet never arrives: it stops part-way
      progress: Math.min(Math.max(raw, 0), dropped ? 0.6 : 1),
      failed: hops.some((h) => h.outcome !== 'delivered'),
      dropped,
      background: hops.every((h) => h.background),
    });
  }
  return { tokens: tokens.slice(0, max), hidden: Math.max(0, tokens.length - max) };
}
