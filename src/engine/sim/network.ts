import type { HopLog, HopOutcome, Stage } from './hops';
import type { EventQueue } from './queue';
import type { Rng } from './rng';

/** A message on the simulated network. Components never call each other directly. */
export interface Envelope<P = unknown> {
  from: string;
  to: string;
  verb: string;
  resource: string;
  summary: string;
  payload: P;
  trace?: string;
  background?: boolean;
  /** Set on requests made with `call` and on their responses. */
  callId?: number;
  isResponse?: boolean;
  /** Set on messages pushed down an open stream (a watch). */
  streamId?: number;
  status?: number;
  stages?: readonly Stage[];
}

/** Anything that can receive messages: a component instance or a client. */
export interface Endpoint {
  readonly id: string;
  readonly host: string;
  isUp(): boolean;
  /** A new request or one-way message (responses and stream pushes are routed by the network). */
  receive(env: Envelope): void;
}

/** Why a call or stream failed, as the caller's socket would report it. */
export type NetError = 'refused' | 'timeout' | 'reset';

/** A connect timeout for a call that opens its own connection (a proxy's, per request). */
export interface ConnectTimeout {
  timeoutMs: number;
  /** called instead of the reply handler when the handshake never completes */
  onTimeout: () => void;
}

export type ReplyHandler = (err: NetError | undefined, reply?: Envelope) => void;

export interface LatencyOptions {
  /** loopback between two processes of one host */
  sameHostMs: number;
  /** between two hosts of the cluster network */
  crossHostMs: number;
  /** extra 0..jitterMs added from the seeded rng */
  jitterMs: number;
}

export const DEFAULT_LATENCY: LatencyOptions = { sameHostMs: 1, crossHostMs: 2, jitterMs: 1 };

interface PendingCall {
  handler: ReplyHandler;
  timer?: { cancelled: boolean };
  connect?: ConnectTimeout;
}

interface Stream {
  client: string;
  server: string;
  onMessage: (env: Envelope) => void;
  onClose: (reason: NetError) => void;
}

/**
 * The simulated network: links with latency and jitter, hosts that can be powered off or
 * partitioned, processes that can be down (connection refused), FIFO order per link as TCP
 * gives, and a Hop recorded for every message.
 */
export class Network {
  private endpoints = new Map<string, Endpoint>();
  private downHosts = new Set<string>();
  private partitioned = new Set<string>();
  private cutLinks = new Set<string>();
  /** sender → receiver → when the link's last message arrives (nested: no pair key to build) */
  private lastDelivery = new Map<string, Map<string, number>>();
  private pending = new Map<number, PendingCall>();
  private streams = new Map<number, Stream>();
  private nextCallId = 1;
  private nextStreamId = 1;

  constructor(
    private readonly clock: { now(): number },
    private readonly queue: EventQueue,
    private readonly rng: Rng,
    private readonly hops: HopLog,
    readonly latency: LatencyOptions = DEFAULT_LATENCY,
  ) {}

  register(endpoint: Endpoint): void {
    if (this.endpoints.has(endpoint.id)) throw new Error(`endpoint ${endpoint.id} already exists`);
    this.endpoints.set(endpoint.id, endpoint);
  }

  endpoint(id: string): Endpoint | undefined {
    return this.endpoints.get(id);
  }

  /** Power a host off (every message to or from it is lost) or back on. */
  setHostUp(host: string, up: boolean): void {
    if (up) this.downHosts.delete(host);
    else {
      this.downHosts.add(host);
      this.breakStreams((s) => this.hostOf(s.client) === host || this.hostOf(s.server) === host);
    }
  }

  isHostUp(host: string): boolean {
    return !this.downHosts.has(host);
  }

  /** Cut a host off from every other host (its own processes still talk to each other). */
  partition(host: string): void {
    this.partitioned.add(host);
    this.breakStreams((s) => this.crosses(s, host));
  }

  heal(host: string): void {
    this.partitioned.delete(host);
  }

  isPartitioned(host: string): boolean {
    return this.partitioned.has(host);
  }

  /** Cut or restore the single link between two hosts. */
  setLink(a: string, b: string, up: boolean): void {
    const key = linkKey(a, b);
    if (up) this.cutLinks.delete(key);
    else {
      this.cutLinks.add(key);
      this.breakStreams((s) => {
        const hc = this.hostOf(s.client);
        const hs = this.hostOf(s.server);
        return linkKey(hc, hs) === key;
      });
    }
  }

  /** Whether the link between hosts a and b is cut (by setLink; partitions are apart). */
  isLinkCut(a: string, b: string): boolean {
    return this.cutLinks.has(linkKey(a, b));
  }

  /** Every cut link as a pair of hosts, each pair and the list sorted. */
  cutLinkPairs(): [string, string][] {
    return [...this.cutLinks].sort().map((k) => {
      const [a, b] = k.split('|');
      return [a, b];
    });
  }

  /** Whether a packet from host a can reach host b right now. */
  reachable(a: string, b: string): boolean {
    if (this.downHosts.has(a) || this.downHosts.has(b)) return false;
    if (a === b) return true;
    if (this.partitioned.has(a) || this.partitioned.has(b)) return false;
    // no link cut (the usual case): no key to build for every message between two hosts
    return this.cutLinks.size === 0 || !this.cutLinks.has(linkKey(a, b));
  }

  /** Sends a one-way message (or a push on a stream, or a response). */
  send(env: Envelope): void {
    const sentAt = this.clock.now();
    const fromHost = this.hostOf(env.from);
    const toHost = this.hostOf(env.to);
    const base = fromHost === toHost ? this.latency.sameHostMs : this.latency.crossHostMs;
    const jitter = this.latency.jitterMs > 0 ? this.rng.int(0, this.latency.jitterMs + 1) : 0;
    let fromLinks = this.lastDelivery.get(env.from);
    if (!fromLinks) this.lastDelivery.set(env.from, (fromLinks = new Map()));
    // TCP keeps one connection's bytes in order: never overtake the previous message.
    const at = Math.max(sentAt + base + jitter, fromLinks.get(env.to) ?? 0);
    fromLinks.set(env.to, at);
    this.queue.push(at, () => this.deliver(env, sentAt, fromHost, toHost));
  }

  /**
   * Sends a request and routes its response (or failure) to `handler`. With a connect timeout
   * (a proxy opening a connection per request), a request the network drops ends in
   * `connect.onTimeout` that long after it was sent: the handshake never completed.
   * The envelope is the network's from here on (it is numbered in place): pass a fresh one.
   */
  call(env: Envelope, handler: ReplyHandler, timeoutMs: number, connect?: ConnectTimeout): number {
    const callId = this.nextCallId++;
    const pending: PendingCall = { handler, connect };
    this.pending.set(callId, pending);
    pending.timer = this.queue.push(this.clock.now() + timeoutMs, () =>
      this.fail(callId, 'timeout'),
    );
    env.callId = callId;
    this.send(env);
    return callId;
  }

  /** Answers a request received through `call`. */
  respond(request: Envelope, reply: Omit<Envelope, 'from' | 'to' | 'callId' | 'isResponse'>): void {
    this.send({
      trace: request.trace,
      background: request.background,
      ...reply,
      from: request.to,
      to: request.from,
      callId: request.callId,
      isResponse: true,
    });
  }

  /** Accepts a request's connection and closes it at once: the caller sees `err` (e.g. EOF as a reset). */
  reject(request: Envelope, err: NetError = 'reset'): void {
    const callId = request.callId;
    if (callId === undefined) return;
    const back =
      this.hostOf(request.to) === this.hostOf(request.from)
        ? this.latency.sameHostMs
        : this.latency.crossHostMs;
    this.queue.push(this.clock.now() + back, () => this.fail(callId, err));
  }

  /** Opens a long-lived stream (a watch) from client to server; returns its id. */
  openStream(
    client: string,
    server: string,
    onMessage: (env: Envelope) => void,
    onClose: (reason: NetError) => void,
  ): number {
    const id = this.nextStreamId++;
    this.streams.set(id, { client, server, onMessage, onClose });
    return id;
  }

  isStreamOpen(id: number): boolean {
    return this.streams.has(id);
  }

  /**
   * Closes a stream from either side; the other side hears of it if it can be reached.
   * A graceful close (the server ending a response) lets messages in flight arrive first.
   */
  closeStream(id: number, reason: NetError = 'reset', notifyClient = true, graceful = false): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    if (graceful) {
      const drained = this.lastDelivery.get(stream.server)?.get(stream.client) ?? 0;
      if (drained > this.clock.now()) {
        this.queue.push(drained, () => this.closeStream(id, reason, notifyClient));
        return;
      }
    }
    this.streams.delete(id);
    if (notifyClient) {
      const client = this.endpoints.get(stream.client);
      if (client?.isUp()) {
        this.queue.push(this.clock.now() + this.latency.sameHostMs, () => stream.onClose(reason));
      }
    }
  }

  /** A process died: its streams reset, the peers of its connections learn of it. */
  processDown(id: string): void {
    this.breakStreams((s) => s.client === id || s.server === id);
  }

  private breakStreams(match: (s: Stream) => boolean): void {
    for (const [id, stream] of this.streams) if (match(stream)) this.closeStream(id, 'reset');
  }

  private crosses(s: Stream, host: string): boolean {
    const hc = this.hostOf(s.client);
    const hs = this.hostOf(s.server);
    return hc !== hs && (hc === host || hs === host);
  }

  private hostOf(id: string): string {
    return this.endpoints.get(id)?.host ?? id;
  }

  private deliver(env: Envelope, sentAt: number, fromHost: string, toHost: string): void {
    const target = this.endpoints.get(env.to);
    let outcome: HopOutcome;
    if (!target || !this.reachable(fromHost, toHost)) outcome = 'dropped';
    else if (!target.isUp()) outcome = 'refused';
    else if (env.streamId !== undefined && !this.streams.has(env.streamId)) outcome = 'dropped';
    else outcome = env.status !== undefined && env.status >= 400 ? 'error' : 'delivered';

    this.hops.record({
      from: env.from,
      to: env.to,
      verb: env.verb,
      resource: env.resource,
      summary: env.summary,
      sentAt,
      deliveredAt: this.clock.now(),
      outcome,
      trace: env.trace,
      background: env.background ?? false,
      status: env.status,
      stages: env.stages,
    });

    if (outcome === 'refused') {
      // A live host answers a closed port with RST: the caller learns after one more trip.
      if (env.callId !== undefined && !env.isResponse) {
        const callId = env.callId;
        this.queue.push(this.clock.now() + (this.clock.now() - sentAt), () => {
          if (this.reachable(toHost, fromHost)) this.fail(callId, 'refused');
        });
      }
      return;
    }
    if (outcome === 'dropped') {
      const pending = env.callId !== undefined && !env.isResponse && this.pending.get(env.callId);
      if (pending && pending.connect) {
        const { callId } = env;
        const connect = pending.connect;
        const at = Math.max(sentAt + connect.timeoutMs, this.clock.now());
        this.queue.push(at, () => {
          if (callId === undefined || !this.pending.delete(callId)) return;
          if (pending.timer) pending.timer.cancelled = true;
          connect.onTimeout();
        });
      }
      return;
    }

    if (env.isResponse && env.callId !== undefined) {
      const pending = this.pending.get(env.callId);
      if (!pending) return; // the caller gave up (timeout) or restarted
      this.pending.delete(env.callId);
      if (pending.timer) pending.timer.cancelled = true;
      pending.handler(undefined, env);
      return;
    }
    if (env.streamId !== undefined && !env.callId) {
      const stream = this.streams.get(env.streamId);
      if (stream && stream.client === env.to) stream.onMessage(env);
      else target!.receive(env);
      return;
    }
    target!.receive(env);
  }

  private fail(callId: number, err: NetError): void {
    const pending = this.pending.get(callId);
    if (!pending) return;
    this.pending.delete(callId);
    if (pending.timer) pending.timer.cancelled = true;
    pending.handler(err);
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
