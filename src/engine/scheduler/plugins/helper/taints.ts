import type { Taint, Toleration } from '../../framework/types';
import { toleratesTaint, tolerationsTolerateTaint } from '../../../api/tolerations';

/** The first taint passing `filter` that no toleration tolerates (FindMatchingUntoleratedTaint). */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

// The toleration rules live in api/tolerations.ts; re-exported for this module's users.
export { toleratesTaint, tolerationsTolerateTaint };
