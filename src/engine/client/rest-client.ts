import type { ApiRequest, ApiResponse } from '../api/types';
import type { Envelope, NetError } from '../sim';
import type { Transport } from '../sim/process';

export type RestResult = { ok: true; response: ApiResponse } | { ok: false; error: NetError };

export interface WatchHandlers {
  onEvent(event: { type: string; object: unknown }, env: Envelope): void;
  /** The stream ended: server timeout, error status, connection refused or reset. */
  onClose(reason: NetError | 'rejected' | 'ended', response?: ApiResponse): void;
}

// client-go's default request timeout is none; kubectl's --request-timeout is 0 (none) too, but
// a TCP connect to a dead host gives up after about 30 s here (net.Dialer Timeout in client-go).
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A REST client over the simulated network, as client-go's rest.Client: every request is a
 * hop to `server` (an apiserver or the load balancer) and its response a hop back.
 */
export class RestClient {
  constructor(
    private readonly transport: Transport,
    public server: string,
    private readonly identity: { user?: string; token?: string },
  ) {}

  request(
    req: ApiRequest,
    done: (result: RestResult) => void,
    options: { trace?: string; background?: boolean; timeoutMs?: number } = {},
  ): void {
    this.transport.call(
      {
        to: this.server,
        verb: req.method,
        resource: pathWithQuery(req),
        summary: summarize(req),
        payload: this.withIdentity(req),
        trace: options.trace,
        background: options.background,
      },
      (err, reply) => {
        if (err) return done({ ok: false, error: err });
        done({ ok: true, response: reply!.payload as ApiResponse });
      },
      options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    );
  }

  /** Opens a watch (`?watch=1`); events arrive until the server or the network ends it. */
  watch(
    req: ApiRequest,
    handlers: WatchHandlers,
    options: { trace?: string; background?: boolean } = {},
  ): () => void {
    const watchReq: ApiRequest = { ...req, query: { ...req.query, watch: '1' } };
    let open = true;
    const id = this.transport.openStream(
      {
        to: this.server,
        verb: 'GET',
        resource: pathWithQuery(watchReq),
        summary: `watch ${req.path}`,
        payload: this.withIdentity(watchReq),
        trace: options.trace,
        background: options.background ?? true,
      },
      {
        onMessage: (env) =>
          open && handlers.onEvent(env.payload as { type: string; object: unknown }, env),
        onClose: (reason, reply) => {
          if (!open) return;
          open = false;
          const response = reply?.payload as ApiResponse | undefined;
          handlers.onClose(reason === 'reset' && !reply ? 'ended' : reason, response);
        },
      },
      DEFAULT_REQUEST_TIMEOUT_MS,
    );
    return () => {
      if (!open) return;
      open = false;
      this.transport.closeStream(id);
    };
  }

  private withIdentity(req: ApiRequest): ApiRequest {
    if (req.user || req.headers?.authorization || req.headers?.Authorization) return req;
    if (this.identity.token) {
      return {
        ...req,
        headers: { ...req.headers, Authorization: `Bearer ${this.identity.token}` },
      };
    }
    return { ...req, user: this.identity.user };
  }
}

export function pathWithQuery(req: ApiRequest): string {
  const q = Object.entries(req.query ?? {});
  if (q.length === 0) return req.path;
  return `${req.path}?${q.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

function summarize(req: ApiRequest): string {
  const body = req.body as { kind?: string; metadata?: { name?: string } } | undefined;
  const what =
    body && typeof body === 'object' && body.kind
      ? ` ${body.kind} ${body.metadata?.name ?? ''}`.trimEnd()
      : '';
  return `${req.method} ${pathWithQuery(req)}${what}`;
}
