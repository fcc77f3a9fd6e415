import { StatusError, newInternalError, newMethodNotSupported, newNotFound } from '../api/errors';
import { allResources, findResource } from '../api/resources';
import type { ApiRequest, ApiResponse, KubeObject, ResourceInfo } from '../api/types';
import type { Envelope, Simulation, Stage } from '../sim';
import { Process } from '../sim';
import { Admission } from './admission-chain';
import { Compactor } from './compactor';
import type { IdentityTable } from './auth/identities';
import type { NodeGraphReader } from './auth/node-authorizer';
import type { RequestContext } from './context';
import { jsonResponse, lowerCaseHeaders } from './context';
import { NetworkEtcdBackend } from './etcd-backend';
import { warningHeader } from './field-validation';
import { authenticateRequest, authorizeRequest } from './filters';
import { serveNonResource } from './handlers/non-resource';
import { serveResource } from './handlers/resource';
import { Reflector } from './reflector';
import { parseRequestInfo } from './request-info';
import type { EtcdBackend } from './storage/backend';
import { RegistryStore } from './storage/store';
import { hasWatchCache } from './storage/cache-sizes';
import { WatchCache } from './storage/watch-cache';

export interface ApiServerOptions {
  node: string;
  /** the etcd member this apiserver talks to (kubeadm: the local one, --etcd-servers=127.0.0.1) */
  etcd: string;
  identities: IdentityTable;
  /** the node's IP, advertised in the `kubernetes` service's endpoints */
  advertiseAddress: string;
  /** objects to ensure at start-up (post-start hooks: namespaces, RBAC, priority classes…) */
  bootstrapObjects: () => KubeObject[];
}

/** The methods the REST routes take. */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);
// The etcd health check's timeout (k8s.io/apiserver storagebackend: HealthcheckTimeout 2s).
const ETCD_HEALTHCHECK_TIMEOUT_MS = 2000;

/**
 * kube-apiserver: stateless, the only component that talks to etcd. Requests arrive as
 * hops carrying an ApiRequest and go through the real chain: authentication → authorization
 * → mutating admission → validation → validating admission → etcd.
 */
export class KubeApiServer extends Process {
  readonly caches = new Map<string, WatchCache>();
  readonly store: RegistryStore;
  readonly etcd: EtcdBackend;
  readonly admission: Admission;
  readonly reader: NodeGraphReader;
  private reflectors: Reflector[] = [];
  private bootstrapped = false;
  private readonly compactor: Compactor;

  constructor(
    sim: Simulation,
    readonly options: ApiServerOptions,
  ) {
    super(sim, `kube-apiserver@${options.node}`, options.node);
    this.etcd = new NetworkEtcdBackend({ ...this.transport(), etcd: options.etcd });
    this.store = new RegistryStore(this.etcd);
    this.reader = {
      get: (resource, namespace, name) => this.cacheFor(resource)?.get(namespace ?? '', name),
      list: (resource, namespace) => this.cacheFor(resource)?.list(namespace) ?? [],
      // the pod cache's spec.nodeName index, which the Node authorizer's graph walks
      podsOnNode: (nodeName) => this.cacheFor('pods')?.byTriggerValue(nodeName),
    };
    this.admission = new Admission(this.reader, () => this.sim.wallTime(), sim.rng);
    this.compactor = new Compactor(this.etcd, (ms, run) => this.after(ms, run));
    this.boot();
  }

  /** Ready once every resource's cache has synced from etcd (what /readyz waits for). */
  get ready(): boolean {
    return this.isUp() && this.reflectors.every((r) => r.cache.ready);
  }

  /** Whether the start-up objects have been written (post-start hooks done). */
  get bootstrapDone(): boolean {
    return this.bootstrapped;
  }

  cacheFor(resource: string): WatchCache | undefined {
    const info = resourceByName(resource);
    return info ? this.caches.get(info.etcdPrefix) : undefined;
  }

  cacheForInfo(info: ResourceInfo): WatchCache | undefined {
    return this.caches.get(info.etcdPrefix);
  }

  receive(env: Envelope): void {
    // any method reaches the handler chain: one no route serves is answered there with a 405
    const req = env.payload as Partial<ApiRequest> | undefined;
    if (
      HTTP_METHODS.has(env.verb) ||
      (typeof req?.method === 'string' && typeof req.path === 'string')
    )
      this.serve(env as Envelope<ApiRequest>);
  }

  protected override onStop(): void {
    for (const r of this.reflectors) r.stop();
    this.reflectors = [];
    this.caches.clear();
    this.bootstrapped = false;
    this.compactor.stop();
  }

  protected override onStart(): void {
    this.boot();
  }

  private boot(): void {
    for (const info of allResources()) {
      // bindings and access reviews are never stored, so nothing to cache; events are not cached
      if (!info.verbs.includes('watch') || !hasWatchCache(info)) continue;
      if (this.caches.has(info.etcdPrefix)) continue;
      const cache = new WatchCache(info);
      this.caches.set(info.etcdPrefix, cache);
      const reflector = new Reflector(cache, this.etcd, (ms, fn) => this.after(ms, fn));
      this.reflectors.push(reflector);
      reflector.start();
    }
    this.runBootstrap();
    this.compactor.start();
  }

  /** Post-start hooks: ensure the default objects exist; AlreadyExists is fine (another
   *  apiserver or an earlier start wrote them). Retries while etcd is unavailable. */
  private runBootstrap(): void {
    const objects = this.options.bootstrapObjects();
    let index = 0;
    const next = (): void => {
      if (index >= objects.length) {
        this.bootstrapped = true;
        return;
      }
      const obj = objects[index];
      const info = findResource(groupOf(obj.apiVersion), resourceNameFor(obj));
      if (!info) {
        index++;
        return next();
      }
      const draft = this.admission.prepareSystemObject(obj, info, this.sim);
      this.store.create(info, draft, 'bootstrap', (err) => {
        if (err && err.status.code >= 500) {
          this.after(1000, next);
          return;
        }
        index++;
        next();
      });
    };
    next();
  }

  private serve(env: Envelope<ApiRequest>): void {
    const req = env.payload;
    const stages: Stage[] = [];
    const warnings: string[] = [];
    let answered = false;
    const reply = (answer: ApiResponse): void => {
      if (answered) return;
      answered = true;
      const res = warnings.length
        ? { ...answer, headers: { ...answer.headers, warning: warningHeader(warnings) } }
        : answer;
      this.respond(env, {
        verb: String(res.status),
        resource: req.path,
        summary: responseSummary(req, res),
        payload: res,
        status: res.status,
        stages,
      });
    };
    const fail = (err: StatusError): void => reply(jsonResponse(err.status.code, err.status));
    try {
      const query = req.query ?? {};
      const headers = lowerCaseHeaders(req.headers);
      const info = parseRequestInfo(req.method, req.path, query);
      const user = authenticateRequest(this, req, headers, stages);
      authorizeRequest(this, info, user, query, stages);
      if (!info.isResourceRequest) {
        if (HEALTH_PATHS.has(req.path)) return this.serveHealth(req.path, reply);
        if (!HTTP_METHODS.has(req.method)) throw newMethodNotAllowed();
        reply(serveNonResource(this, info, headers));
        return;
      }
      const resource = findResource(info.apiGroup, info.resource);
      if (!resource || resource.version !== info.apiVersion) {
        throw newNotFoundPath();
      }
      const ctx: RequestContext = {
        req,
        info,
        query,
        headers,
        user,
        trace: env.trace,
        stages,
        resource,
        streamId: env.streamId,
        clientId: env.from,
        warnings,
        reply,
        fail,
      };
      serveResource(this, ctx, this.sim);
    } catch (e) {
      if (e instanceof StatusError) fail(e);
      else fail(newInternalError(e instanceof Error ? e.message : String(e)));
    }
  }

  /**
   * /healthz, /livez, /readyz: the etcd check reads a key through the local member (the
   * load balancer uses this to take an apiserver without etcd out of rotation).
   */
  private serveHealth(path: string, reply: (res: ApiResponse) => void): void {
    const text = (status: number, body: string): ApiResponse => ({
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
    });
    let answered = false;
    const timer = this.after(ETCD_HEALTHCHECK_TIMEOUT_MS, () => {
      answered = true;
      reply(
        text(500, `[+]ping ok\n[-]etcd failed: reason withheld\n${path.slice(1)} check failed`),
      );
    });
    this.etcd.range({ key: 'health' }, 'bg-healthz', (err) => {
      if (answered) return;
      timer.cancel();
      if (err)
        return reply(
          text(500, `[+]ping ok\n[-]etcd failed: reason withheld\n${path.slice(1)} check failed`),
        );
      if (path === '/readyz' && !this.ready) {
        return reply(
          text(
            500,
            `[+]ping ok\n[+]etcd ok\n[-]informer-sync failed: reason withheld\nreadyz check failed`,
          ),
        );
      }
      reply(text(200, 'ok'));
    });
  }

  /** Pushes one watch event down a client's stream. */
  pushEvent(
    streamId: number,
    to: string,
    verb: string,
    resource: string,
    summary: string,
    payload: unknown,
    trace?: string,
    background = false,
  ): void {
    if (!this.isUp()) return;
    // the envelope built once (Process.push would copy it): a watch event goes to every watcher
    this.sim.net.send({
      to,
      verb,
      resource,
      summary,
      payload,
      trace,
      background,
      streamId,
      from: this.id,
    });
  }

  /** Ends a watch from the server side (timeout or error). */
  endWatch(streamId: number): void {
    this.sim.net.closeStream(streamId, 'reset', true, true);
  }

  /** A timer that dies with this apiserver. */
  schedule(delayMs: number, run: () => void): { cancel(): void } {
    return this.after(delayMs, run);
  }
}

/** The 404 for a path no handler serves (k8s.io/apiserver: "the server could not find the requested resource"). */
export function newNotFoundPath(): StatusError {
  const err = newNotFound({ group: '', resource: '' }, '');
  err.status.message = 'the server could not find the requested resource';
  err.status.details = {};
  return err;
}

/**
 * The 405 for a method no route of a served path takes: go-restful's ServiceError through
 * apiserver's serviceErrorHandler (apimachinery errors.NewGenericServerResponse).
 */
export function newMethodNotAllowed(): StatusError {
  const err = newMethodNotSupported({ group: '', resource: '' }, '');
  err.status.message = 'the server does not allow this method on the requested resource';
  err.status.details = {};
  return err;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function resourceNameFor(obj: KubeObject): string {
  const info = allResources().find(
    (r) => r.kind === obj.kind && r.group === groupOf(obj.apiVersion),
  );
  return info?.resource ?? '';
}

function responseSummary(req: ApiRequest, res: ApiResponse): string {
  const body = res.body as { message?: string; reason?: string } | undefined;
  if (res.status >= 400)
    return `${res.status} ${body?.reason ?? ''}: ${body?.message ?? ''}`.trim();
  return `${res.status} ${req.method} ${req.path}`;
}

// resource name → its ResourceInfo (the core group's first): the reader resolves one per read
const infoByName = new Map<string, ResourceInfo | undefined>();
function resourceByName(resource: string): ResourceInfo | undefined {
  if (infoByName.has(resource)) return infoByName.get(resource);
  const info = findResource('', resource) ?? allResources().find((r) => r.resource === resource);
  infoByName.set(resource, info);
  return info;
}
