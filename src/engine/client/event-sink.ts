import type { ApiRequest } from '../api/types';
import type { RestClient, RestResult } from './rest-client';

// client-go tools/record/event.go: an event is tried 12 times, 10 s apart (the first wait a
// random part of that), and the broadcaster holds at most 1,000 events (DropIfChannelFull).
export const MAX_TRIES_PER_EVENT = 12;
export const EVENT_RETRY_SLEEP_MS = 10_000;
export const MAX_QUEUED_EVENTS = 1000;

interface Queued {
  req: ApiRequest;
  trace: string | undefined;
  done?: (res: RestResult) => void;
}

/**
 * The event broadcaster's sink (StartRecordingToSink): one goroutine writes the events one
 * after another, each to the end (recordToSink), so a count patch never overtakes an earlier
 * one; a write that fails in transport (the apiserver unreachable) is tried again later, one
 * the server answered (even with an error) is done.
 */
export class EventSink {
  private readonly queue: Queued[] = [];
  private head = 0;
  private busy = false;

  constructor(
    private readonly client: RestClient,
    private readonly after: (ms: number, run: () => void) => void,
    private readonly random: () => number,
  ) {}

  /** Queues a POST or PATCH of an event; `done` hears the server's answer, if any comes. */
  send(req: ApiRequest, trace: string | undefined, done?: (res: RestResult) => void): void {
    // watch.DropIfChannelFull: past the queue's length new events are dropped
    if (this.queue.length - this.head >= MAX_QUEUED_EVENTS) return;
    this.queue.push({ req, trace, done });
    this.next();
  }

  private next(): void {
    if (this.busy) return;
    const item = this.queue[this.head];
    if (!item) return;
    this.queue[this.head++] = undefined as unknown as Queued;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.busy = true;
    this.write(item, 1);
  }

  private write(item: Queued, tries: number): void {
    this.client.request(
      item.req,
      (res) => {
        if (!res.ok && tries < MAX_TRIES_PER_EVENT) {
          // recordToSink: a random part of the sleep before the second try, whole ones after
          const wait =
            tries === 1 ? Math.floor(this.random() * EVENT_RETRY_SLEEP_MS) : EVENT_RETRY_SLEEP_MS;
          this.after(wait, () => this.write(item, tries + 1));
          return;
        }
        this.busy = false;
        item.done?.(res);
        this.next();
      },
      { trace: item.trace },
    );
  }
}
