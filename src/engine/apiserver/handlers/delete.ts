import { isStatusError, newConflict, newInternalError } from '../../api/errors';
import type { KubeObject, Status } from '../../api/types';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeBody } from '../decode';
import { gr } from '../storage/store';
import { objectFilter } from './filter';
import { runMutatingAdmission, runValidatingAdmission } from './pipeline';
import { stripUndefined } from '../storage/codec';

// Retries of the finalizer-adding update when the object changed under it.
const MAX_DELETE_RETRIES = 5;

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** DELETE one object: graceful for bound pods, finalizers for Orphan/Foreground, else gone. */
export function serveDelete(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const options = deleteOptions(ctx);
  const { info, resource } = ctx;
  server.store.get(resource, info.namespace, info.name, ctx.trace, (err, current) => {
    if (err) return ctx.fail(err);
    try {
      deleteObject(server, ctx, sim, current!, options, (res) => ctx.reply(res));
    } catch (e) {
      ctx.fail(isStatusError(e) ? e : newInternalError(String(e)));
    }
  });
}

/** DELETE a collection: every object the selectors match, one after another. */
export function serveDeleteCollection(
  server: KubeApiServer,
  ctx: RequestContext,
  sim: Simulation,
): void {
  const options = deleteOptions(ctx);
  const { info, resource } = ctx;
  const filter = objectFilter(resource, info.namespace, ctx.query);
  server.store.list(
    resource,
    resource.namespaced ? info.namespace : '',
    undefined,
    ctx.trace,
    (err, res) => {
      if (err) return ctx.fail(err);
      const victims = res!.items.filter((o) => filter.matches(o));
      const deleted: KubeObject[] = [];
      const next = (i: number): void => {
        if (i >= victims.length) {
          return ctx.reply(
            jsonResponse(200, {
              kind: `${resource.kind}List`,
              apiVersion: resource.group
                ? `${resource.group}/${resource.version}`
                : resource.version,
              metadata: { resourceVersion: res!.revision.toString() },
              items: deleted,
            }),
          );
        }
        try {
          deleteObject(server, ctx, sim, victims[i], options, (r) => {
            if (r.status < 400) deleted.push(victims[i]);
            next(i + 1);
          });
        } catch (e) {
          ctx.fail(isStatusError(e) ? e : newInternalError(String(e)));
        }
      };
      next(0);
    },
  );
}

function deleteOptions(ctx: RequestContext): DeleteOptions {
  const body = (decodeBody(ctx.req.body, ctx.headers['content-type']) ?? {}) as DeleteOptions;
  const q = ctx.query;
  const options: DeleteOptions = { ...body };
  if (q.gracePeriodSeconds !== undefined) options.gracePeriodSeconds = Number(q.gracePeriodSeconds);
  if (q.propagationPolicy)
    options.propagationPolicy = q.propagationPolicy as DeleteOptions['propagationPolicy'];
  if (q.dryRun === 'All') options.dryRun = ['All'];
  return options;
}

function deleteObject(
  server: KubeApiServer,
  ctx: RequestContext,
  sim: Simulation,
  current: KubeObject,
  options: DeleteOptions,
  done: (res: { status: number; headers: Record<string, string>; body: unknown }) => void,
  attempt = 0,
): void {
  const { resource } = ctx;
  const name = current.metadata.name!;
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw newConflict(
      gr(resource),
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw newConflict(
      gr(resource),
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`,
    );
  }
  runMutatingAdmission(server, ctx, 'DELETE', undefined, current);
  runValidatingAdmission(server, ctx, 'DELETE', undefined, current);

  const grace = gracePeriod(resource.resource, current, options);
  const finalizers = [...(current.metadata.finalizers ?? [])];
  // Orphan and Foreground deletion are carried out by the garbage collector through finalizers.
  if (options.propagationPolicy === 'Orphan' && !finalizers.includes('orphan'))
    finalizers.push('orphan');
  if (options.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) {
    finalizers.push('foregroundDeletion');
  }
  const dryRun = options.dryRun?.includes('All');
  // Written in between (a binding, a status update): read again and decide again, as the
  // registry's delete and update loops do; only the caller's own preconditions fail.
  const retry = (): void =>
    server.store.get(resource, current.metadata.namespace ?? '', name, ctx.trace, (gerr, fresh) => {
      if (gerr) return done(jsonResponse(gerr.status.code, gerr.status));
      try {
        deleteObject(server, ctx, sim, fresh!, options, done, attempt + 1);
      } catch (e) {
        ctx.fail(isStatusError(e) ? e : newInternalError(String(e)));
      }
    });
  const expected = Number(current.metadata.resourceVersion);

  // A namespace with spec.finalizers left (`kubernetes`) only turns Terminating: the
  // namespace controller empties it, finalizes it, and deletes it again (namespace REST Delete).
  const namespaceFinalizers =
    resource.resource === 'namespaces' ? namespaceSpecFinalizers(current) : [];
  if (finalizers.length > 0 || grace > 0 || namespaceFinalizers.length > 0) {
    if (
      current.metadata.deletionTimestamp &&
      grace > 0 &&
      finalizers.length === (current.metadata.finalizers ?? []).length
    ) {
      // Already being deleted gracefully: nothing more to do (a shorter grace could be applied).
      return done(jsonResponse(200, current));
    }
    const obj = structuredClone(current) as KubeObject;
    obj.metadata.finalizers = finalizers.length > 0 ? finalizers : undefined;
    if (!obj.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = sim.timestamp(sim.now() + grace * 1000);
      obj.metadata.deletionGracePeriodSeconds = grace;
    }
    if (resource.resource === 'namespaces')
      obj.status = { ...(obj.status as object), phase: 'Terminating' };
    stripUndefined(obj.metadata as Record<string, unknown>);
    if (dryRun) return done(jsonResponse(200, obj));
    server.store.update(resource, obj, expected, ctx.trace, (err, stored) => {
      if (err?.status.reason === 'Conflict' && attempt < MAX_DELETE_RETRIES) return retry();
      if (err) return done(jsonResponse(err.status.code, err.status));
      ctx.stages.push({
        name: 'storage',
        ok: true,
        detail:
          grace > 0
            ? `marked for deletion in ${grace}s`
            : `marked for deletion, waiting for finalizers ${finalizers.join(', ')}`,
      });
      done(jsonResponse(200, stored));
    });
    return;
  }
  if (dryRun) return done(jsonResponse(200, current));
  server.store.delete(
    resource,
    current.metadata.namespace ?? '',
    name,
    expected,
    ctx.trace,
    (err, res) => {
      if (err?.status.reason === 'Conflict' && attempt < MAX_DELETE_RETRIES) return retry();
      if (err) {
        ctx.stages.push({ name: 'storage', ok: false, detail: err.message });
        return done(jsonResponse(err.status.code, err.status));
      }
      ctx.stages.push({
        name: 'storage',
        ok: true,
        detail: `deleted at revision ${res!.revision}`,
      });
      // Pods return the deleted object (ReturnDeletedObject); other stores a Success Status.
      if (resource.resource === 'pods') return done(jsonResponse(200, res!.deleted));
      const status: Status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name,
          group: resource.group || undefined,
          kind: resource.resource,
          uid: current.metadata.uid,
        },
        code: 200,
      };
      if (!status.details!.group) delete status.details!.group;
      done(jsonResponse(200, status));
    },
  );
}

function namespaceSpecFinalizers(ns: KubeObject): string[] {
  return ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
}

/** How long a delete waits (pkg/registry/core/pod/strategy.go CheckGracefulDelete): bound,
 *  running pods get their grace period; unscheduled or finished pods go at once. */
function gracePeriod(resource: string, obj: KubeObject, options: DeleteOptions): number {
  if (resource !== 'pods') return 0;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}
