import type { Envelope, NetError } from '../sim/network';
import { Process } from '../sim/process';
import type { Simulation } from '../sim/simulation';
import type { EtcdReply, WatchRequest, WatchResponse } from './protocol';

/** How a unary call ended: the member's reply, or the socket error the client saw. */
export type CallOutcome = { reply: EtcdReply } | { netError: NetError };

/** An open watch as a client sees it. */
export interface ClientWatch {
  readonly streamId: number;
  created: boolean;
  /** the rejection (or close reason) once the stream ended */
  closed?: string;
  readonly responses: WatchResponse[];
  close(): void;
}

/**
 * A minimal etcd client process (etcdctl, tests): unary calls and watch streams to members,
 * speaking protocol.ts.
 */
export class EtcdClient extends Process {
  constructor(sim: Simulation, id: string, host: string) {
    super(sim, id, host);
  }

  receive(_env: Envelope): void {}

  /** Sends one request; `done` gets the reply or the network error. */
  request(
    to: string,
    verb: string,
    payload: unknown,
    timeoutMs: number,
    done: (outcome: CallOutcome) => void,
    trace?: string,
  ): void {
    const resource = (payload as { key?: string } | undefined)?.key ?? '';
    this.call(
      { to, verb, resource, summary: `${verb} ${resource}`.trim(), payload, trace },
      (err, reply) => done(err ? { netError: err } : { reply: reply!.payload as EtcdReply }),
      timeoutMs,
    );
  }

  /** Drives the simulation until the reply arrives (or the call times out). */
  requestSync(to: string, verb: string, payload: unknown, timeoutMs: number, trace?: string) {
    let outcome: CallOutcome | undefined;
    this.request(to, verb, payload, timeoutMs, (o) => (outcome = o), trace);
    this.sim.runUntil(() => outcome !== undefined, timeoutMs + 1);
    return outcome ?? { netError: 'timeout' as NetError };
  }

  /** Opens a watch stream; responses accumulate in the returned object. */
  watch(to: string, req: WatchRequest, timeoutMs = 5000): ClientWatch {
    const responses: WatchResponse[] = [];
    const w: { -readonly [K in keyof ClientWatch]: ClientWatch[K] } = {
      streamId: 0,
      created: false,
      responses,
      close: () => this.sim.net.closeStream(w.streamId, 'reset', false),
    };
    w.streamId = this.openStream(
      { to, verb: 'Watch', resource: req.key, summary: `watch ${req.key}`, payload: req },
      {
        onOpen: () => (w.created = true),
        onMessage: (m) => responses.push(m.payload as WatchResponse),
        onClose: (reason, reply) => {
          const error = (reply?.payload as EtcdReply | undefined) ?? undefined;
          w.closed = error && !error.ok ? error.error : reason;
        },
      },
      timeoutMs,
    );
    return w;
  }
}
