import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ApiRequest, ApiResponse, Cluster } from '../engine';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Serves the simulated apiserver's REST API over real HTTP: each HTTP request becomes an
 * engine request from the user's machine, so real kubectl and client libraries see the
 * simulated cluster (and their requests show up as hops).
 */
export function handleHttp(cluster: Cluster, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) {
      res.writeHead(405).end();
      return;
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
    const apiReq: ApiRequest = {
      method: method as ApiRequest['method'],
      path: url.pathname,
      query,
      headers,
      body,
    };

    if (method === 'GET' && (query.watch === 'true' || query.watch === '1'))
      return streamWatch(cluster, apiReq, req, res);
    cluster.requestAsync(apiReq, (apiRes) => send(res, apiRes));
  });
}

function send(res: ServerResponse, apiRes: ApiResponse): void {
  if (apiRes.status === 0) {
    // The simulated apiserver could not be reached: the client sees a broken connection.
    res.socket?.destroy();
    return;
  }
  const contentType = apiRes.headers['content-type'] ?? 'application/json';
  const text = typeof apiRes.body === 'string' ? apiRes.body : JSON.stringify(apiRes.body);
  res.writeHead(apiRes.status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function streamWatch(
  cluster: Cluster,
  apiReq: ApiRequest,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
  };
  const stop = cluster.watchAsync(
    apiReq,
    (event) => {
      start();
      res.write(`${JSON.stringify(event)}\n`);
    },
    (apiRes) => {
      if (!started && apiRes && apiRes.status >= 400) return send(res, apiRes);
      start();
      res.end();
    },
  );
  // The watch is acknowledged before any event: send the headers as the real server does.
  setTimeout(start, 50);
  // The response closes when the client goes away (the request's own 'close' fires once its body is read).
  res.on('close', () => stop());
}
