/** A scheduled callback: runs at `at` (virtual ms); ties run in scheduling order. */
export interface ScheduledEvent {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

// Smallest heap worth sweeping for cancelled events.
const MIN_SWEEP_SIZE = 4096;

/**
 * A binary min-heap of events ordered by (time, insertion sequence): stable for equal times.
 * Cancelled events stay in the heap until they reach the top or the heap doubles since the last
 * sweep, which drops them all: request timeouts are nearly all cancelled, and a minute-long one
 * would otherwise hold its callback (and the request it closes over) for that minute.
 */
export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private seq = 0;
  private sweepAt = MIN_SWEEP_SIZE;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, run: () => void): ScheduledEvent {
    if (this.heap.length >= this.sweepAt) this.sweep();
    const event: ScheduledEvent = { at, seq: this.seq++, run, cancelled: false };
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** Time of the next live event, or undefined when nothing is scheduled. */
  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].at : undefined;
  }

  pop(): ScheduledEvent | undefined {
    this.dropCancelled();
    return this.removeTop();
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  /**
   * Drops every cancelled event and rebuilds the heap (Floyd's heapify); (time, sequence) is a
   * total order, so events still run exactly as before.
   */
  private sweep(): void {
    const heap = this.heap.filter((e) => !e.cancelled);
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, heap[i]);
    this.heap = heap;
    this.sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * heap.length);
  }

  private removeTop(): ScheduledEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) siftDown(heap, 0, last);
    return top;
  }
}

/** Places `event` at `i` or below, moving smaller children up. */
function siftDown(heap: ScheduledEvent[], i: number, event: ScheduledEvent): void {
  const n = heap.length;
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && before(heap[r], heap[l]) ? r : l;
    if (!before(heap[child], event)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = event;
}

function before(x: ScheduledEvent, y: ScheduledEvent): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
