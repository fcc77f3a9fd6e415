import type { Envelope, ReplyHandler, Simulation } from '../sim';
import { Process } from '../sim';
import type { Outgoing } from '../sim/process';

/**
 * A place packets go to or come from on the data path: a node's network stack
 * (`node/<name>`), a pod's network namespace (`pod/<ns>/<name>`) or the outside client. It
 * answers what arrives with `handle`, and sends on behalf of the traffic engine.
 */
export class NetEndpoint extends Process {
  handle: (env: Envelope, self: NetEndpoint) => void = () => undefined;

  constructor(sim: Simulation, id: string, host: string) {
    super(sim, id, host);
  }

  receive(env: Envelope): void {
    this.handle(env, this);
  }

  /** Sends a request from this endpoint; `handler` gets the reply, a refusal or a timeout. */
  request(env: Outgoing, handler: ReplyHandler, timeoutMs: number): void {
    this.call(env, handler, timeoutMs);
  }

  /** Answers a request that reached this endpoint. */
  reply(request: Envelope, reply: Omit<Envelope, 'from' | 'to' | 'callId' | 'isResponse'>): void {
    this.respond(request, reply);
  }
}
