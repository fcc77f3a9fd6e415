/** What became of a message: delivered, silently lost (partition, dead host), refused by a
 *  live host whose process is down (TCP RST), or delivered as an error response. */
export type HopOutcome = 'delivered' | 'dropped' | 'refused' | 'error';

/** One message between two components, as the view animates it and tests assert on it. */
export interface Hop {
  /** Position in the whole run's delivery order (keeps counting when the buffer wraps). */
  seq: number;
  from: string;
  to: string;
  /** HTTP method, watch event type, Raft/etcd RPC name, CRI call… */
  verb: string;
  /** What it is about: a REST path, an etcd key, a pod… */
  resource: string;
  summary: string;
  sentAt: number;
  deliveredAt: number;
  outcome: HopOutcome;
  /** Which user request or object this serves, shared by every hop of one story. */
  trace?: string;
  /** Heartbeats, lease renewals, resyncs: the noise a view may hide. */
  background: boolean;
  /** HTTP status of a response hop. */
  status?: number;
  /** Pipeline stages of an apiserver response: authn ✓ authz ✓ admission ✓ … */
  stages?: readonly Stage[];
}

export interface Stage {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A bounded ring buffer of hops: long or large runs keep only the newest `capacity`. */
export class HopLog {
  private buffer: Hop[] = [];
  private start = 0;
  private total = 0;
  private listeners = new Set<(hop: Hop) => void>();

  constructor(readonly capacity: number) {}

  get count(): number {
    return this.total;
  }

  record(hop: Omit<Hop, 'seq'>): Hop {
    // the caller's fresh literal is numbered and frozen in place: one object per hop, not two
    (hop as Hop).seq = this.total++;
    const full = Object.freeze(hop) as Hop;
    if (this.buffer.length < this.capacity) this.buffer.push(full);
    else {
      this.buffer[this.start] = full;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** The retained hops, oldest first. */
  all(): Hop[] {
    return this.buffer.slice(this.start).concat(this.buffer.slice(0, this.start));
  }

  /** Retained hops with seq >= `seq`. */
  since(seq: number): Hop[] {
    const all = this.all();
    if (all.length === 0 || seq <= all[0].seq) return all;
    return all.slice(seq - all[0].seq);
  }

  onRecord(listener: (hop: Hop) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
