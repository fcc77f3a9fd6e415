import type { Envelope } from '../sim/network';
import type { Outgoing } from '../sim/process';
import type { WatchHandle } from './mvcc/store';
import type { MvccStore } from './mvcc/store';
import type { MvccEvent, WatchBatch } from './mvcc/types';
import type { EtcdReply, ResponseHeader, WatchRequest, WatchResponse } from './protocol';
import { ErrNoLeader } from './protocol';
import { eventsSummary } from './summaries';

/** What the watch server needs from its member. */
export interface WatchServerHost {
  store(): MvccStore;
  header(): ResponseHeader;
  push(streamId: number, to: string, env: Omit<Outgoing, 'to'>): void;
  respond(req: Envelope, reply: Omit<Envelope, 'from' | 'to' | 'callId' | 'isResponse'>): void;
  isOpen(streamId: number): boolean;
  hasLeader(): boolean;
  /** the client story that wrote a revision */
  traceOf(revision: number): string | undefined;
}

interface ServedWatch {
  streamId: number;
  client: string;
  req: WatchRequest;
  watchId: number;
  handle?: WatchHandle;
  /** the next revision this watch needs (to re-register after a snapshot install) */
  nextRev: number;
  lastPushAt: number;
  done: boolean;
}

// server/embed/config.go: DefaultExperimentalWatchProgressNotifyInterval = 10 * time.Minute
const PROGRESS_NOTIFY_MS = 10 * 60 * 1000;
// api/v3rpc/interceptor.go maxNoLeaderCnt: streams requiring a leader end after 3 election timeouts
const MAX_NO_LEADER_CNT = 3;

/** The member's side of watch streams (api/v3rpc/watch.go): one stream serves one watch. */
export class WatchServer {
  private watches = new Map<number, ServedWatch>();
  private nextWatchId = 0;
  private noLeaderCnt = 0;
  private now = 0;

  constructor(private readonly host: WatchServerHost) {}

  get size(): number {
    return this.watches.size;
  }

  open(env: Envelope): void {
    const req = env.payload as WatchRequest;
    if (req.requireLeader && !this.host.hasLeader()) {
      const payload: EtcdReply = { ok: false, error: ErrNoLeader };
      this.host.respond(env, {
        verb: 'Watch',
        resource: req.key,
        summary: ErrNoLeader,
        payload,
        status: 503,
      });
      return;
    }
    const w: ServedWatch = {
      streamId: env.streamId!,
      client: env.from,
      req,
      watchId: this.nextWatchId++,
      nextRev: req.startRevision ?? 0,
      lastPushAt: this.now,
      done: false,
    };
    this.watches.set(w.streamId, w);
    const payload = { ok: true, header: this.host.header(), watchId: w.watchId, created: true };
    this.host.respond(env, {
      verb: 'Watch',
      resource: req.key,
      summary: `watch ${rangeText(req)}`,
      payload,
    });
    this.register(w);
  }

  /** Called every election timeout: progress notifications and the no-leader check. */
  tick(now: number, hasLeader: boolean): void {
    this.now = now;
    this.noLeaderCnt = hasLeader ? 0 : this.noLeaderCnt + 1;
    for (const w of this.watches.values()) {
      if (!this.host.isOpen(w.streamId)) {
        this.drop(w);
      } else if (w.req.requireLeader && this.noLeaderCnt >= MAX_NO_LEADER_CNT) {
        this.send(
          w,
          {
            header: this.host.header(),
            watchId: w.watchId,
            events: [],
            canceled: true,
            cancelReason: ErrNoLeader,
          },
          ErrNoLeader,
        );
        this.drop(w);
      } else if (w.req.progressNotify && now - w.lastPushAt >= PROGRESS_NOTIFY_MS) {
        const header = this.host.header();
        this.send(
          w,
          { header, watchId: w.watchId, events: [] },
          `progress, revision ${header.revision}`,
          true,
        );
      }
    }
  }

  /** After a snapshot replaced the store: watch the new store from where each watch was. */
  restore(): void {
    for (const w of this.watches.values()) {
      w.handle?.cancel();
      this.register(w);
    }
  }

  /** The member died: its streams are gone and its store watchers must go too. */
  closeAll(): void {
    for (const w of this.watches.values()) w.handle?.cancel();
    this.watches.clear();
  }

  private register(w: ServedWatch): void {
    const { key, rangeEnd, prevKv } = w.req;
    w.handle = this.host
      .store()
      .watch(key, rangeEnd, w.nextRev, prevKv ?? false, (batch) => this.deliver(w, batch));
  }

  private deliver(w: ServedWatch, batch: WatchBatch): void {
    if (w.done) return;
    if (!this.host.isOpen(w.streamId)) return this.drop(w);
    const header = this.host.header();
    if (batch.compactRevision !== undefined) {
      const res: WatchResponse = {
        header: { ...header, revision: batch.revision },
        watchId: w.watchId,
        events: [],
        compactRevision: batch.compactRevision,
        canceled: true,
      };
      this.send(w, res, `canceled: compacted at ${batch.compactRevision}`);
      return this.drop(w);
    }
    // one push per revision, so each carries the trace of the write that made it
    let from = 0;
    const events = batch.events;
    while (from < events.length) {
      const rev = events[from].kv.modRevision;
      let to = from + 1;
      while (to < events.length && events[to].kv.modRevision === rev) to++;
      const slice: MvccEvent[] =
        from === 0 && to === events.length ? events : events.slice(from, to);
      const res: WatchResponse = {
        header: { ...header, revision: batch.revision },
        watchId: w.watchId,
        events: slice,
      };
      this.send(w, res, eventsSummary(slice, rev), false, this.host.traceOf(rev));
      w.nextRev = rev + 1;
      from = to;
    }
  }

  private send(
    w: ServedWatch,
    res: WatchResponse,
    summary: string,
    background = false,
    trace?: string,
  ) {
    w.lastPushAt = this.now;
    this.host.push(w.streamId, w.client, {
      verb: 'WatchResponse',
      resource: w.req.key,
      summary,
      payload: res,
      trace,
      background,
    });
  }

  private drop(w: ServedWatch): void {
    w.done = true;
    w.handle?.cancel();
    this.watches.delete(w.streamId);
  }
}

function rangeText(req: WatchRequest): string {
  const from = req.startRevision ? ` from revision ${req.startRevision}` : '';
  if (!req.rangeEnd) return `${req.key}${from}`;
  return `${req.key} (range)${from}`;
}
