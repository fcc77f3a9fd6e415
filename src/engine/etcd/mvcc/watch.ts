import { inRange } from './keys';
import type { MvccEvent, WatchBatch } from './types';

/** One watcher on the store (server/storage/mvcc/watcher.go): a key range from a revision on. */
export interface Watcher {
  readonly id: number;
  readonly key: string;
  readonly rangeEnd?: string;
  readonly prevKv: boolean;
  /** the lowest revision this watcher still wants (its start, then last delivered + 1) */
  minRev: number;
  readonly deliver: (batch: WatchBatch) => void;
}

/** Keeps only the events a watcher asked for, dropping prev_kv unless it wants it. */
export function selectEvents(w: Watcher, events: readonly MvccEvent[], from = 0): MvccEvent[] {
  const out: MvccEvent[] = [];
  for (let i = from; i < events.length; i++) {
    const ev = events[i];
    if (ev.kv.modRevision < w.minRev || !inRange(ev.kv.key, w.key, w.rangeEnd)) continue;
    out.push(w.prevKv || !ev.prevKv ? ev : { type: ev.type, kv: ev.kv });
  }
  return out;
}

/** The set of synced watchers; each write's events are offered to every one of them. */
export class WatcherGroup {
  private watchers = new Map<number, Watcher>();

  get size(): number {
    return this.watchers.size;
  }

  add(w: Watcher): void {
    this.watchers.set(w.id, w);
  }

  delete(id: number): boolean {
    return this.watchers.delete(id);
  }

  /** Delivers the events of one revision to every watcher whose range they touch. */
  notify(revision: number, events: readonly MvccEvent[]): void {
    for (const w of this.watchers.values()) {
      const selected = selectEvents(w, events);
      if (selected.length === 0) continue;
      w.minRev = revision + 1;
      w.deliver({ revision, events: selected });
    }
  }
}
