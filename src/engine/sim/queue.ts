/** A scheduled callback: runs at `at` (virtual ms); ties run in scheduling order. */
export interface ScheduledEvent {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

/** A binary min-heap of events ordered by (time, insertion sequence): stable for equal times. */
export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, run: () => void): ScheduledEvent {
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

  private removeTop(): ScheduledEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      while (true) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(x: ScheduledEvent, y: ScheduledEvent): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
