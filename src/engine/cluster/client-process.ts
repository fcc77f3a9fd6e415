import type { ApiRequest, ApiResponse } from '../api/types';
import type { RestResult } from '../client/rest-client';
import { RestClient } from '../client/rest-client';
import type { Envelope, NetError, Simulation } from '../sim';
import { Process } from '../sim';
import type { Transport } from '../sim/process';

// client-go transport: net.Dialer{Timeout: 30 * time.Second}; a server that never answers the
// handshake (a cut cable, a machine switched off) fails the request with "i/o timeout" then
const DIAL_TIMEOUT_MS = 30_000;

/** How a synchronous request ended: a response, or a network error. */
export type SyncResult = RestResult;

/**
 * A client outside the cluster (the user's machine, host `client`): kubectl and raw REST
 * requests go from here to the apiserver (or the HA load balancer) as hops, and the
 * simulation clock runs until the answer arrives.
 */
export class ClientProcess extends Process {
  readonly rest: RestClient;

  constructor(
    sim: Simulation,
    id: string,
    server: string,
    private readonly user: string,
  ) {
    super(sim, id, 'client');
    this.rest = new RestClient(this.transport(), server, { user });
  }

  receive(_env: Envelope): void {}

  /** Each request dials its own connection here: one the network drops times out at 30 s. */
  protected override transport(): Transport {
    return {
      ...super.transport(),
      call: (env, handler, timeoutMs) =>
        this.call(env, handler, timeoutMs, {
          timeoutMs: DIAL_TIMEOUT_MS,
          onTimeout: () => handler('timeout'),
        }),
    };
  }

  /** Sends one request and runs the clock until its response (or failure) arrives. */
  requestSync(req: ApiRequest, trace: string, timeoutMs = 60_000): SyncResult {
    let result: SyncResult | undefined;
    this.rest.request({ user: this.user, ...req }, (r) => (result = r), { trace, timeoutMs });
    this.sim.runUntil(() => result !== undefined, timeoutMs + 1000);
    return result ?? { ok: false, error: 'timeout' };
  }

  /**
   * Watches for `durationMs` of virtual time (or until the server ends the watch, or `until`
   * accepts an event) and returns the events received, as a streamed response would decode.
   */
  watchSync(
    req: ApiRequest,
    trace: string,
    durationMs: number,
    until?: (event: { type: string; object: unknown }) => boolean,
  ): {
    response?: ApiResponse;
    error?: NetError | 'rejected';
    events: { type: string; object: unknown }[];
  } {
    const events: { type: string; object: unknown }[] = [];
    let ended = false;
    let error: NetError | 'rejected' | undefined;
    let response: ApiResponse | undefined;
    let satisfied = false;
    const stop = this.rest.watch(
      { user: this.user, ...req },
      {
        onEvent: (e) => {
          events.push(e);
          if (until?.(e)) satisfied = true;
        },
        onClose: (reason, res) => {
          ended = true;
          response = res;
          if (reason !== 'ended') error = reason;
        },
      },
      { trace, background: false },
    );
    this.sim.runUntil(() => ended || satisfied, durationMs);
    stop();
    return { response, error, events };
  }
}
