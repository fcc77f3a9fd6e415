/**
 * Where each hop log row sits: a slot number that never changes while the row is listed, so a
 * landing hop adds a slot below the others and a hop leaving the log empties its slot, and no
 * listed row ever moves (moving rows are what Lighthouse counts as layout shift).
 */
export interface RowPlacement {
  /** each listed hop's slot, by hop seq */
  readonly slots: ReadonlyMap<number, number>;
  /** the first slot of a listed hop (the slots above it are empty) */
  readonly first: number;
  /** one past the last slot handed out */
  readonly end: number;
}

/** Slots handed out before the empty space above the rows is given back (about 4.6 M px of
 *  46 px rows, well inside what browsers lay out): only a very long session gets here. */
export const MAX_SLOTS = 100_000;

/**
 * Places `seqs` (oldest first) after `previous`: rows already placed keep their slot, new rows
 * take the next slots. Without `previous`, or when a row would land above an already placed one
 * (the filter changed), or past MAX_SLOTS, the rows are placed afresh from slot 0.
 */
export function placeRows(
  previous: RowPlacement | undefined,
  seqs: readonly number[],
): RowPlacement {
  if (previous && seqs.length > 0 && continues(previous, seqs)) {
    const slots = new Map<number, number>();
    let end = previous.end;
    for (const seq of seqs) slots.set(seq, previous.slots.get(seq) ?? end++);
    const first = slots.get(seqs[0]) ?? 0;
    if (end <= MAX_SLOTS) return { slots, first, end };
  }
  return { slots: new Map(seqs.map((seq, i) => [seq, i])), first: 0, end: seqs.length };
}

/** Whether `seqs` is `previous` with hops gone from the front and new ones after the rest. */
function continues(previous: RowPlacement, seqs: readonly number[]): boolean {
  let placed = true;
  let last = -1;
  for (const seq of seqs) {
    const slot = previous.slots.get(seq);
    if (slot === undefined) placed = false;
    // a placed row after a new one, or out of order, cannot keep its slot
    else if (!placed || slot <= last) return false;
    else last = slot;
  }
  return true;
}
