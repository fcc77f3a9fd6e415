import type { NodeScore } from '../../framework/interface';

/**
 * plugins/helper/normalize_score.go DefaultNormalizeScore: scale scores to [0, maxPriority]
 * relative to the highest (integer division), reversed if asked; all zero stays zero
 * (or becomes maxPriority when reversed).
 */
export function defaultNormalizeScore(
  maxPriority: number,
  reverse: boolean,
  scores: NodeScore[],
): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}

/** DefaultNormalizeScore over a typed row of scores[0..count), with the same steps. */
export function defaultNormalizeScoreRow(
  maxPriority: number,
  reverse: boolean,
  scores: Float64Array,
  count: number,
): void {
  let maxCount = 0;
  for (let i = 0; i < count; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority, 0, count);
    return;
  }
  for (let i = 0; i < count; i++) {
    let score = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}

/**
 * What DefaultNormalizeScore makes of scores that are all `score`: the same steps for one
 * value (the highest is the score itself, or 0 when it is not positive).
 */
export function defaultNormalizeUniform(
  maxPriority: number,
  reverse: boolean,
  score: number,
): number {
  if (!(score > 0)) return reverse ? maxPriority : score;
  const normalized = Math.trunc((maxPriority * score) / score);
  return reverse ? maxPriority - normalized : normalized;
}
