import type { ConnectTimeout, Envelope, NetError, ReplyHandler } from './network';
import type { Simulation, Timer } from './simulation';

export type Outgoing<P = unknown> = Omit<Envelope<P>, 'from'>;

export interface StreamHandlers {
  onOpen?: (reply: Envelope) => void;
  onMessage: (env: Envelope) => void;
  onClose: (reason: NetError | 'rejected', reply?: Envelope) => void;
}

/** A process's network calls, handed to a client library that sends on its behalf. */
export interface Transport {
  call(env: Outgoing, handler: ReplyHandler, timeoutMs: number): void;
  openStream(env: Outgoing, handlers: StreamHandlers, timeoutMs: number): number;
  closeStream(id: number): void;
}

/**
 * A component instance (etcd member, apiserver, kubelet…) or client on one host. It talks
 * only through the network; killing it drops its timers, calls and streams, as a crash would.
 */
export abstract class Process {
  private up = true;
  private epoch = 0;

  constructor(
    protected readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
  ) {
    sim.net.register(this);
  }

  isUp(): boolean {
    return this.up;
  }

  /** Handles a request or one-way message. */
  abstract receive(env: Envelope): void;

  /** Crash: state that lives only in memory is lost (see onStop). */
  kill(): void {
    if (!this.up) return;
    this.up = false;
    this.epoch++;
    this.sim.net.processDown(this.id);
    this.onStop();
  }

  /** (Re)start the process. */
  start(): void {
    if (this.up) return;
    this.up = true;
    this.epoch++;
    this.onStart();
  }

  /** Called when the process dies; drop in-memory state here. */
  protected onStop(): void {}

  /** Called when the process starts again after a kill. */
  protected onStart(): void {}

  /** A timer that dies with the process. */
  protected after(delayMs: number, run: () => void): Timer {
    const epoch = this.epoch;
    return this.sim.after(delayMs, () => {
      if (this.epoch === epoch) run();
    });
  }

  protected send(env: Outgoing): void {
    if (!this.up) return;
    this.sim.net.send({ ...env, from: this.id });
  }

  /** A request whose reply (or refusal, or timeout) comes back to `handler`, unless we died. */
  protected call(
    env: Outgoing,
    handler: ReplyHandler,
    timeoutMs: number,
    connect?: ConnectTimeout,
  ): void {
    if (!this.up) return;
    const epoch = this.epoch;
    this.sim.net.call(
      { ...env, from: this.id },
      (err, reply) => {
        if (this.epoch === epoch) handler(err, reply);
      },
      timeoutMs,
      connect && {
        timeoutMs: connect.timeoutMs,
        onTimeout: () => {
          if (this.epoch === epoch) connect.onTimeout();
        },
      },
    );
  }

  protected respond(
    request: Envelope,
    reply: Omit<Envelope, 'from' | 'to' | 'callId' | 'isResponse'>,
  ): void {
    if (!this.up) return;
    this.sim.net.respond(request, reply);
  }

  /**
   * Opens a stream (a watch): the request goes out as a call; the server acknowledges it
   * with a response (HTTP headers), then pushes messages until either side closes it.
   */
  protected openStream(env: Outgoing, handlers: StreamHandlers, timeoutMs: number): number {
    const epoch = this.epoch;
    const alive = () => this.epoch === epoch;
    const net = this.sim.net;
    const id = net.openStream(
      this.id,
      env.to,
      (m) => alive() && handlers.onMessage(m),
      (r) => alive() && handlers.onClose(r),
    );
    this.call(
      { ...env, streamId: id },
      (err, reply) => {
        if (err || !reply || (reply.status ?? 200) >= 400) {
          net.closeStream(id, err ?? 'reset', false);
          handlers.onClose(err ?? 'rejected', reply);
        } else handlers.onOpen?.(reply);
      },
      timeoutMs,
    );
    return id;
  }

  /** This process's calls, for a client library (REST, etcd) that sends as this process. */
  protected transport(): Transport {
    return {
      call: (env, handler, timeoutMs) => this.call(env, handler, timeoutMs),
      openStream: (env, handlers, timeoutMs) => this.openStream(env, handlers, timeoutMs),
      closeStream: (id) => this.sim.net.closeStream(id, 'reset', false),
    };
  }

  /** Pushes a message down a stream this process serves. */
  protected push(streamId: number, env: Outgoing): void {
    if (!this.up) return;
    // one copy per push, the most frequent message (a watch event per watcher)
    this.sim.net.send({ ...env, streamId, from: this.id });
  }
}
