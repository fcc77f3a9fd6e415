import type { Status } from './status';

const NONE = Object.freeze([]) as unknown as Status[];

/**
 * The statuses one extension point gathers in a cycle (PreFilter's or PreScore's Skips), for
 * the attempt's record. Cycles of like pods gather the same shared statuses, so while they
 * match the previous cycle's, that list itself is the answer: no list is made per cycle.
 * Lists handed out are never changed afterwards.
 */
export class StatusList {
  private last: Status[] = NONE;
  /** this cycle's own list, once it differs from the last one */
  private own?: Status[];
  /** how many of the last list's statuses this cycle has repeated */
  private same = 0;

  /** Starts a cycle's list. */
  begin(): void {
    this.own = undefined;
    this.same = 0;
  }

  push(s: Status): void {
    if (this.own) this.own.push(s);
    else if (this.same < this.last.length && this.last[this.same] === s) this.same++;
    else {
      this.own = this.last.slice(0, this.same);
      this.own.push(s);
    }
  }

  /** The cycle's list (the last one when it is the same), kept as the next cycle's last. */
  end(): Status[] {
    let out = this.own;
    if (!out) out = this.same === this.last.length ? this.last : this.last.slice(0, this.same);
    this.last = out;
    return out;
  }
}
