import { newBadRequest, newResourceExpired } from '../../api/errors';
import { printTable } from '../../api/printers/table';
import type { KubeObject, ResourceInfo } from '../../api/types';
import type { Simulation } from '../../sim';
import { decodeBase64, encodeBase64 } from '../../util/base64';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse, wantsTable } from '../context';
import type { WatchCache } from '../storage/watch-cache';
import type { ObjectFilter } from './filter';
import { objectFilter } from './filter';

/** GET one object: a linearizable read from etcd (or the cache with resourceVersion=0). */
export function serveGet(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource } = ctx;
  const answer = (obj: KubeObject) => {
    ctx.stages.push({
      name: 'storage',
      ok: true,
      detail: `read at resourceVersion ${obj.metadata.resourceVersion}`,
    });
    if (wantsTable(ctx.headers)) {
      ctx.reply(jsonResponse(200, printTable(resource.resource, [obj], tableOptions(ctx, sim))));
    } else ctx.reply(jsonResponse(200, obj));
  };
  if (ctx.query.resourceVersion === '0') {
    const cached = server.cacheForInfo(resource)?.get(info.namespace, info.name);
    if (cached) return answer(cached);
  }
  server.store.get(resource, info.namespace, info.name, ctx.trace, (err, obj) => {
    if (err) {
      ctx.stages.push({ name: 'storage', ok: false, detail: err.message });
      return ctx.fail(err);
    }
    answer(obj!);
  });
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/** LIST: from etcd (consistent), or from the watch cache for resourceVersion=0, with
 *  selectors, limit/continue paging and Table output. */
export function serveList(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource, query } = ctx;
  const filter = objectFilter(resource, info.namespace, query);
  const limit = query.limit ? Number(query.limit) : 0;
  const token = query.continue ? decodeContinue(query.continue) : undefined;

  const finish = (objects: KubeObject[], revision: number) => {
    // filtered before keying and sorting: a kubelet's list of its own node skips the rest cheaply
    let matching = objects
      .filter((o) => filter.matches(o))
      .map((o) => ({ o, key: keyOf(o) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (token) matching = matching.filter((i) => i.key >= token.start);
    let page = matching;
    let next: string | undefined;
    let remaining: number | undefined;
    if (limit > 0 && matching.length > limit) {
      page = matching.slice(0, limit);
      next = encodeContinue({
        v: 'meta.k8s.io/v1',
        rv: revision,
        start: `${page[page.length - 1].key}\u0000`,
      });
      // remainingItemCount is only known without a label/field filter (store.go)
      if (
        filter.fields.length === 0 &&
        filter.labels.kind === 'requirements' &&
        filter.labels.requirements.length === 0
      ) {
        remaining = matching.length - limit;
      }
    }
    ctx.stages.push({
      name: 'storage',
      ok: true,
      detail: `listed ${page.length} at resourceVersion ${revision}`,
    });
    const listMeta: Record<string, unknown> = { resourceVersion: String(revision) };
    if (next) listMeta.continue = next;
    if (remaining !== undefined) listMeta.remainingItemCount = remaining;
    if (wantsTable(ctx.headers)) {
      ctx.reply(
        jsonResponse(
          200,
          printTable(
            resource.resource,
            page.map((i) => i.o),
            {
              ...tableOptions(ctx, sim),
              resourceVersion: String(revision),
              continue: next,
              remainingItemCount: remaining,
            },
          ),
        ),
      );
      return;
    }
    ctx.reply(
      jsonResponse(200, {
        kind: `${resource.kind}List`,
        apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version,
        metadata: listMeta,
        // a typed list's items carry no apiVersion/kind on the wire
        items: page.map((i) => withoutTypeMeta(i.o)),
      }),
    );
  };

  if (query.resourceVersion === '0' && !token) {
    const cache = server.cacheForInfo(resource);
    if (cache?.ready)
      return finish(cachedCandidates(cache, resource, info.namespace, filter), cache.rv);
  }
  server.store.list(
    resource,
    resource.namespaced ? info.namespace : '',
    token?.rv,
    ctx.trace,
    (err, res) => {
      if (err) {
        if (/compacted/.test(err.message) && token) {
          return ctx.fail(
            newResourceExpired(
              'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
            ),
          );
        }
        ctx.stages.push({ name: 'storage', ok: false, detail: err.message });
        return ctx.fail(err);
      }
      finish(res!.items, res!.revision);
    },
  );
}

/**
 * The cached objects a list can match: only the named one when an exact metadata.name selector
 * and the scope pin it down (a kubelet listing its own Node), else the scope's objects.
 */
function cachedCandidates(
  cache: WatchCache,
  resource: ResourceInfo,
  namespace: string,
  filter: ObjectFilter,
): KubeObject[] {
  const named = filter.fields.find(
    (f) => f.field === 'metadata.name' && (f.operator === '=' || f.operator === '=='),
  );
  if (named && (!resource.namespaced || namespace)) {
    const obj = cache.get(resource.namespaced ? namespace : '', named.value);
    return obj ? [obj] : [];
  }
  return cache.list(resource.namespaced ? namespace : undefined);
}

export function tableOptions(ctx: RequestContext, sim: Simulation) {
  const includeObject = (ctx.query.includeObject ?? 'Metadata') as 'None' | 'Metadata' | 'Object';
  return { now: sim.wallTime(), includeObject, wide: true };
}

/** The object's etcd key below the resource prefix: `default/nginx` or `worker-1`. */
function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

function withoutTypeMeta(o: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

function encodeContinue(t: ContinueToken): string {
  return encodeBase64(JSON.stringify(t), true);
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(decodeBase64(s)) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string')
      throw new Error();
    return t;
  } catch {
    throw newBadRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}
