import type { DnsAnswer } from '../addons/dns-records';
import { searchCandidates } from '../addons/dns-records';
import type { Envelope, Simulation } from '../sim';
import type { HttpResponse, HttpServer } from './http';
import type { NodeIptables } from './iptables';
import { isIPv4 } from './ip';
import type { NetEndpoint } from './net-endpoint';
import type { Hook, Packet, Verdict } from './packet-path';
import { evaluatePacket } from './packet-path';
import type { PodAddress, PodDirectory } from './pod-directory';

/** A request through the data path, as `curl` would make it. */
export interface TrafficRequest {
  /** `pod/<ns>/<name>`, `node/<name>` or `client` (outside the cluster) */
  from: string;
  /** `http://<name or address>[:port]/path` */
  url: string;
  /** give up after this long (curl --max-time); 10 s by default */
  timeoutMs?: number;
}

/** How the request ended: an HTTP response, or curl's error. */
export interface TrafficResult {
  ok: boolean;
  status?: number;
  statusText?: string;
  body?: string;
  error?: 'nxdomain' | 'refused' | 'timeout';
  /** curl's message for a failure, e.g. `curl: (6) Could not resolve host: web` */
  message?: string;
  /** the address the name resolved to */
  resolvedIP?: string;
  /** `ip:port` after DNAT */
  endpoint?: string;
  /** the pod that answered, `pod/<ns>/<name>` */
  backend?: string;
  /** kube-proxy chains the first packet went through */
  chains?: string[];
  trace: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
// glibc resolver: 5 s per query (resolv.conf `timeout` default).
const DNS_TIMEOUT_MS = 5_000;
// Where outside clients come from (TEST-NET-3, RFC 5737).
export const CLIENT_IP = '203.0.113.10';

/** What the traffic engine needs from the cluster. */
export interface TrafficContext {
  sim: Simulation;
  /** the data-path endpoint of a node, pod or the client */
  endpoint(id: string, host: string): NetEndpoint;
  pods(): PodDirectory;
  nodes: readonly { name: string; ip: string }[];
  iptables(node: string): NodeIptables;
  /** the CoreDNS server (a coredns pod's process) a pod's query reaches after DNAT */
  dnsServer(podIP: string | undefined): { id: string } | undefined;
  kubeDnsIP: string;
  http: HttpServer;
}

interface Source {
  id: string;
  host: string;
  ip: string;
  kind: 'pod' | 'node' | 'client';
  namespace?: string;
}

/**
 * Runs one request: DNS lookups to CoreDNS (through the kube-dns DNAT), the first packet
 * through the source node's iptables (a REJECT refuses, a DNAT picks an endpoint with the
 * rules' probabilities), delivery across the node links, and the container's answer. Every
 * step is a hop; `done` gets the outcome.
 */
export function startTrafficRequest(
  ctx: TrafficContext,
  req: TrafficRequest,
  done: (result: TrafficResult) => void,
): void {
  const trace = ctx.sim.newTrace('traffic');
  const started = ctx.sim.now();
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = parseUrl(req.url);
  const directory = ctx.pods();
  const source = resolveSource(ctx, directory, req.from);
  const fail = (
    error: TrafficResult['error'],
    message: string,
    extra: Partial<TrafficResult> = {},
  ) => done({ ok: false, error, message, trace, ...extra });
  const elapsed = () => ctx.sim.now() - started;

  const connect = (ip: string) => {
    const failConnect = (error: 'refused' | 'timeout', extra: Partial<TrafficResult>) =>
      fail(
        error,
        error === 'refused'
          ? `curl: (7) Failed to connect to ${ip} port ${url.port} after ${elapsed()} ms: Couldn't connect to server`
          : `curl: (28) Connection timed out after ${elapsed()} milliseconds`,
        { resolvedIP: ip, ...extra },
      );
    sendRequest(ctx, source, ip, url, trace, timeoutMs, (outcome) => {
      if (outcome.kind === 'response') {
        done({
          ok: true,
          status: outcome.response.status,
          statusText: outcome.response.statusText,
          body: outcome.response.body,
          resolvedIP: ip,
          endpoint: outcome.endpoint,
          backend: outcome.backend,
          chains: outcome.chains,
          trace,
        });
      } else failConnect(outcome.kind, { endpoint: outcome.endpoint, chains: outcome.chains });
    });
  };

  if (isIPv4(url.host)) return connect(url.host);
  const unresolved = () => fail('nxdomain', `curl: (6) Could not resolve host: ${url.host}`);
  // Nodes and outside machines use their own resolvers, which know nothing of cluster.local.
  if (source.kind !== 'pod') {
    ctx.sim.after(0, unresolved);
    return;
  }
  const names = searchCandidates(url.host, source.namespace!);
  const tryName = (i: number): void => {
    if (i >= names.length) return unresolved();
    lookup(ctx, source, names[i], trace, (answer) => {
      if (answer?.rcode === 'NOERROR' && answer.addresses.length > 0) connect(answer.addresses[0]);
      else tryName(i + 1);
    });
  };
  tryName(0);
}

function parseUrl(url: string): { host: string; port: number; path: string } {
  const m = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url.trim());
  if (!m) throw new Error(`cannot parse URL ${url}`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 80, path: m[3] ?? '/' };
}

function resolveSource(ctx: TrafficContext, directory: PodDirectory, from: string): Source {
  if (from === 'client') {
    return { id: 'client', host: 'client', ip: CLIENT_IP, kind: 'client' };
  }
  if (from.startsWith('node/')) {
    const node = ctx.nodes.find((n) => n.name === from.slice(5));
    if (!node) throw new Error(`no node named ${from.slice(5)}`);
    return { id: from, host: node.name, ip: node.ip, kind: 'node' };
  }
  const m = /^pod\/([^/]+)\/([^/]+)$/.exec(from);
  if (!m) throw new Error(`from must be pod/<namespace>/<name>, node/<name> or client: ${from}`);
  const pod = directory.pod(m[1], m[2]);
  if (!pod) throw new Error(`pod ${m[1]}/${m[2]} is not running with an IP address`);
  return { id: from, host: pod.node, ip: pod.ip, kind: 'pod', namespace: pod.namespace };
}

/** One A query from a pod to the cluster DNS service, through the node's DNAT. */
function lookup(
  ctx: TrafficContext,
  source: Source,
  name: string,
  trace: string,
  done: (answer: DnsAnswer | undefined) => void,
): void {
  const packet: Packet = { src: source.ip, dst: ctx.kubeDnsIP, dport: 53, protocol: 'udp' };
  const verdict = evaluatePacket(
    ctx.iptables(source.host),
    packet,
    'prerouting',
    new Set([nodeIP(ctx, source.host)]),
    () => ctx.sim.rng.next(),
  );
  if (verdict.kind === 'reject') {
    // kube-dns has no ready endpoints: kube-proxy's REJECT answers port unreachable at once
    ctx.sim.after(0, () => done(undefined));
    return;
  }
  // Without a DNAT (kube-proxy has not programmed kube-dns yet) nothing owns 10.96.0.10.
  const server = verdict.kind === 'dnat' ? ctx.dnsServer(verdict.to) : undefined;
  const src = ctx.endpoint(source.id, source.host);
  if (!server) {
    // Nothing answers 10.96.0.10: the query times out.
    ctx.sim.after(DNS_TIMEOUT_MS, () => done(undefined));
    return;
  }
  src.request(
    {
      to: server.id,
      verb: 'DNS',
      resource: `A ${name}`,
      summary: `A? ${name} (to ${ctx.kubeDnsIP}:53/udp)`,
      payload: { name, type: 'A' },
      trace,
    },
    (err, reply) => done(err ? undefined : (reply!.payload as DnsAnswer)),
    DNS_TIMEOUT_MS,
  );
}

function nodeIP(ctx: TrafficContext, node: string): string {
  return ctx.nodes.find((n) => n.name === node)?.ip ?? '';
}

/** What a connection attempt came to, as the source learns it. */
export type ConnectOutcome =
  | {
      kind: 'response';
      response: HttpResponse;
      endpoint: string;
      backend: string;
      chains: string[];
    }
  | { kind: 'refused'; endpoint?: string; chains?: string[] };

/** A connection's first packet and the request it opens, as it travels between stacks. */
export interface SynPayload {
  packet: Packet;
  http: { method: string; host: string; port: number; path: string };
  timeoutMs: number;
  /** how many more node-to-node forwards are allowed */
  ttl: number;
  /** KUBE chains traversed so far */
  chains: string[];
}

/**
 * The connection itself: the first packet meets netfilter on the node it enters (the
 * source's node, or the node an outside client addressed), is routed to a pod or on to
 * another node, and the answer comes back the same way. Lost packets surface as a timeout.
 */
function sendRequest(
  ctx: TrafficContext,
  source: Source,
  ip: string,
  url: { host: string; port: number; path: string },
  trace: string,
  timeoutMs: number,
  done: (
    outcome: ConnectOutcome | { kind: 'timeout'; endpoint?: string; chains?: string[] },
  ) => void,
): void {
  let finished = false;
  const timer = ctx.sim.after(timeoutMs, () => finish({ kind: 'timeout' }));
  function finish(o: ConnectOutcome | { kind: 'timeout' }): void {
    if (finished) return;
    finished = true;
    timer.cancel();
    done(o);
  }
  const syn: SynPayload = {
    packet: { src: source.ip, dst: ip, dport: url.port, protocol: 'tcp' },
    http: { method: 'GET', host: url.host, port: url.port, path: url.path },
    timeoutMs,
    ttl: 2,
    chains: [],
  };
  if (source.kind === 'node') {
    // A process on the node itself: the OUTPUT hook of its own stack, no hop to get there.
    const stack = ctx.endpoint(`node/${source.host}`, source.host);
    return routeAtStack(ctx, stack, syn, 'output', trace, finish);
  }
  const entry = source.kind === 'client' ? ctx.nodes.find((n) => n.ip === ip)?.name : source.host;
  if (!entry) return; // nothing routes this address from outside: the SYN is never answered
  const src = ctx.endpoint(source.id, source.host);
  src.request(
    synEnvelope(ctx, entry, syn, trace),
    (err, reply) => {
      if (err === 'refused') return finish({ kind: 'refused' });
      if (!err) finish(reply!.payload as ConnectOutcome);
    },
    timeoutMs,
  );
}

function synEnvelope(ctx: TrafficContext, node: string, syn: SynPayload, trace: string) {
  const { dst, dport } = syn.packet;
  return {
    to: ctx.endpoint(`node/${node}`, node).id,
    verb: 'SYN',
    resource: `${dst}:${dport}`,
    summary: `TCP SYN ${syn.packet.src} → ${dst}:${dport}`,
    payload: syn,
    trace,
  };
}

/** A node's network stack receiving a connection's first packet (from a pod, client or node). */
export function handleAtStack(ctx: TrafficContext, stack: NetEndpoint, env: Envelope): void {
  if (env.verb !== 'SYN') return;
  const syn = env.payload as SynPayload;
  routeAtStack(ctx, stack, syn, 'prerouting', env.trace ?? '', (outcome) => {
    stack.reply(env, {
      verb: outcome.kind === 'response' ? 'SYN-ACK' : 'ICMP',
      resource: `${syn.packet.dst}:${syn.packet.dport}`,
      summary:
        outcome.kind === 'response'
          ? `HTTP/1.1 ${outcome.response.status} ${outcome.response.statusText} from ${outcome.backend}`
          : `connection refused (${outcome.chains?.at(-1) ?? 'no listener'})`,
      payload: outcome,
    });
  });
}

function routeAtStack(
  ctx: TrafficContext,
  stack: NetEndpoint,
  syn: SynPayload,
  hook: Hook,
  trace: string,
  answer: (o: ConnectOutcome) => void,
): void {
  const node = stack.host;
  const verdict: Verdict = evaluatePacket(
    ctx.iptables(node),
    syn.packet,
    hook,
    new Set([nodeIP(ctx, node)]),
    () => ctx.sim.rng.next(),
  );
  const chains = [...syn.chains, ...verdict.chains];
  if (verdict.kind === 'reject') return answer({ kind: 'refused', chains });
  if (verdict.kind === 'drop') return;
  const to = verdict.kind === 'dnat' ? verdict.to : syn.packet.dst;
  const port = verdict.kind === 'dnat' ? verdict.port : syn.packet.dport;
  const endpoint = `${to}:${port}`;
  const pod = ctx.pods().byAddress(to);
  if (pod) return forwardToPod(ctx, stack, pod, port, syn, chains, trace, answer);
  const owner = ctx.nodes.find((n) => n.ip === to);
  if (owner && owner.name !== node && syn.ttl > 0) {
    // Another node's address: routed there, where its own netfilter runs.
    const next: SynPayload = {
      ...syn,
      packet: { ...syn.packet, dst: to, dport: port },
      ttl: syn.ttl - 1,
      chains,
    };
    stack.request(
      synEnvelope(ctx, owner.name, next, trace),
      (err, reply) => {
        if (!err) answer(reply!.payload as ConnectOutcome);
      },
      syn.timeoutMs,
    );
    return;
  }
  // This node's own address with nothing listening answers RST; unknown addresses go nowhere.
  if (owner) answer({ kind: 'refused', endpoint, chains });
}

function forwardToPod(
  ctx: TrafficContext,
  stack: NetEndpoint,
  pod: PodAddress,
  port: number,
  syn: SynPayload,
  chains: string[],
  trace: string,
  answer: (o: ConnectOutcome) => void,
): void {
  const podId = `pod/${pod.namespace}/${pod.name}`;
  const target = ctx.endpoint(podId, pod.node);
  const endpoint = `${pod.ip}:${port}`;
  stack.request(
    {
      to: target.id,
      verb: syn.http.method,
      resource: `http://${syn.http.host}${syn.http.port === 80 ? '' : `:${syn.http.port}`}${syn.http.path}`,
      summary: `${syn.http.method} ${syn.http.path} → ${endpoint}${chains.length ? ` via ${chains.join(' → ')}` : ''}`,
      payload: { ...syn.http, port },
      trace,
    },
    (err, reply) => {
      if (err === 'refused') return answer({ kind: 'refused', endpoint, chains });
      if (err) return;
      const r = reply!.payload as HttpResponse | 'refused';
      if (r === 'refused') return answer({ kind: 'refused', endpoint, chains });
      answer({ kind: 'response', response: r, endpoint, backend: podId, chains });
    },
    syn.timeoutMs,
  );
}

/** A pod's network namespace: its containers answer HTTP through the cluster's HttpServer. */
export function handleAtPod(
  ctx: TrafficContext,
  self: NetEndpoint,
  env: Envelope,
  pod: { namespace: string; name: string },
): void {
  const request = env.payload as HttpPayload;
  const address = ctx.pods().pod(pod.namespace, pod.name);
  if (!address) return; // the pod is gone: nothing answers
  const response = ctx.http(address, request);
  self.reply(env, {
    verb: response === 'refused' ? 'RST' : 'HTTP',
    resource: env.resource,
    summary:
      response === 'refused'
        ? `RST: nothing listens on ${address.ip}:${request.port}`
        : `HTTP/1.1 ${response.status} ${response.statusText}`,
    payload: response,
    status: response === 'refused' ? undefined : response.status,
  });
}

interface HttpPayload {
  method: string;
  host: string;
  port: number;
  path: string;
}
