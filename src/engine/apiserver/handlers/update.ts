import {
  isStatusError,
  newBadRequest,
  newConflict,
  newInternalError,
  newUnsupportedMediaType,
} from '../../api/errors';
import type { StatusError } from '../../api/errors';
import { jsonMergePatch } from '../../api/patch/merge-patch';
import { jsonPatch } from '../../api/patch/json-patch';
import { strategicMergePatch } from '../../api/patch/strategic-merge-patch';
import type { KubeObject } from '../../api/types';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeBody } from '../decode';
import { allocateServiceUpdate } from '../service-allocation';
import { clone, encodeObject, stripUndefined } from '../storage/codec';
import { gr } from '../storage/store';
import { prepareForUpdate } from '../strategy';
import { decodeObject } from './body';
import { runMutatingAdmission, runValidatingAdmission, runValidation } from './pipeline';

// k8s.io/apiserver handlers/patch.go: maxRetryWhenPatchConflicts = 5.
const MAX_CONFLICT_RETRIES = 5;

/** PUT: replace the object (or its status) if the client's resourceVersion still holds. */
export function serveUpdate(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource } = ctx;
  const incoming = decodeObject(ctx, resource);
  if (incoming.metadata.name && incoming.metadata.name !== info.name) {
    throw newBadRequest(
      `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${info.name})`,
    );
  }
  if (
    resource.namespaced &&
    incoming.metadata.namespace &&
    incoming.metadata.namespace !== info.namespace
  ) {
    throw newBadRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const wanted = incoming.metadata.resourceVersion;
  guaranteedUpdate(
    server,
    ctx,
    sim,
    (current) => {
      if (wanted && wanted !== current.metadata.resourceVersion)
        throw newConflict(gr(resource), info.name);
      return clone(incoming);
    },
    !wanted,
  );
}

/** PATCH: apply a JSON merge, strategic merge or JSON patch to the current object. */
export function servePatch(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const contentType = (ctx.headers['content-type'] ?? '').split(';')[0].trim();
  const supported = [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ];
  if (!supported.slice(0, 3).includes(contentType)) throw newUnsupportedMediaType(supported);
  const patch = decodeBody(ctx.req.body, 'application/json');
  guaranteedUpdate(
    server,
    ctx,
    sim,
    (current) => {
      // each patch function copies the object it patches, so the frozen cached copy serves as is
      const base = current as unknown as Record<string, unknown>;
      let patched: unknown;
      try {
        if (contentType === 'application/json-patch+json') {
          if (!Array.isArray(patch))
            throw new Error('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
          patched = jsonPatch(base, patch);
        } else if (contentType === 'application/merge-patch+json')
          patched = jsonMergePatch(base, patch);
        else patched = strategicMergePatch(base, patch as Record<string, unknown>, current.kind);
      } catch (e) {
        if (isStatusError(e)) throw e;
        throw newBadRequest((e as Error).message);
      }
      const obj = patched as KubeObject;
      // A patch may carry a resourceVersion precondition of its own.
      const wanted = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata
        ?.resourceVersion;
      if (wanted && wanted !== current.metadata.resourceVersion)
        throw newConflict(gr(ctx.resource), ctx.info.name);
      obj.metadata = { ...obj.metadata, resourceVersion: current.metadata.resourceVersion };
      return obj;
    },
    true,
  );
}

/**
 * The registry's GuaranteedUpdate: compute the new object from the current one, run the
 * update pipeline and compare-and-swap on its mod_revision; `retryOnConflict` re-reads
 * and tries again when someone else wrote in between (patches and unconditional updates).
 * The first try starts from the watch cache's copy, as cacher.go GuaranteedUpdate passes it
 * down; etcd is read only when that copy proves stale (etcd3 store.go origStateIsCurrent).
 */
export function guaranteedUpdate(
  server: KubeApiServer,
  ctx: RequestContext,
  sim: Simulation,
  computeNew: (current: KubeObject) => KubeObject,
  retryOnConflict: boolean,
  options: { internal?: boolean } = {},
  attempt = 0,
): void {
  const { info, resource } = ctx;
  // a dry run reads etcd (DryRunnableStorage.GuaranteedUpdate gets the object itself)
  const cached =
    attempt === 0 && ctx.query.dryRun !== 'All'
      ? server.cacheForInfo(resource)?.get(info.namespace, info.name)
      : undefined;
  const readCurrent = (then: (current: KubeObject) => void) =>
    server.store.get(resource, info.namespace, info.name, ctx.trace, (err, current) => {
      if (err) return fail(ctx, err);
      then(current!);
    });
  if (cached) tryUpdate(cached, false);
  else readCurrent((current) => tryUpdate(current, true));

  function tryUpdate(current: KubeObject, isCurrent: boolean): void {
    let obj: KubeObject;
    try {
      obj = computeNew(current);
      // System fields are the server's: a client cannot change them.
      const meta = obj.metadata ?? {};
      obj.metadata = {
        ...meta,
        name: current.metadata.name,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        deletionTimestamp: current.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds,
        generation: current.metadata.generation,
      };
      stripUndefined(obj.metadata as Record<string, unknown>);
      obj.apiVersion = current.apiVersion;
      obj.kind = current.kind;
      // Internal writes (a binding, an eviction's budget) go straight to storage, as the
      // registry's own GuaranteedUpdate calls do, without the update pipeline.
      if (!options.internal) {
        if (!info.subresource) server.admission.applyDefaults(obj);
        runMutatingAdmission(server, ctx, 'UPDATE', obj, current);
        // the service REST's BeginUpdate hook runs before PrepareForUpdate (registry store.go)
        if (resource.resource === 'services' && !info.subresource)
          allocateServiceUpdate(obj, current, server, sim.rng);
        prepareForUpdate(resource, obj, current, info.subresource);
        runValidation(server, ctx, obj, current);
        runValidatingAdmission(server, ctx, 'UPDATE', obj, current);
      }
    } catch (e) {
      const err = isStatusError(e) ? e : newInternalError(String(e));
      if (isCurrent) return ctx.fail(err);
      // the update failed on possibly stale data: it stands only if etcd holds that very revision
      return readCurrent((fresh) =>
        fresh.metadata.resourceVersion === current.metadata.resourceVersion
          ? ctx.fail(err)
          : tryUpdate(fresh, true),
      );
    }
    write(obj, current, isCurrent);
  }

  function write(obj: KubeObject, current: KubeObject, isCurrent: boolean): void {
    const expected = Number(current.metadata.resourceVersion);
    // encoded once: the same bytes are compared with the current object's and written
    const encoded = encodeObject(obj);
    if (encoded === encodeObject(current)) {
      // a cached copy is checked against etcd before the write is skipped
      if (!isCurrent) {
        return readCurrent((fresh) =>
          encoded === encodeObject(fresh) ? unchanged(fresh) : tryUpdate(fresh, true),
        );
      }
      return unchanged(current);
    }
    if (ctx.query.dryRun === 'All') return ctx.reply(jsonResponse(200, obj));
    // Namespaces also wait for spec.finalizers (ShouldDeleteNamespaceDuringUpdate).
    const specFinalizers =
      resource.resource === 'namespaces'
        ? ((obj.spec as { finalizers?: string[] }).finalizers ?? [])
        : [];
    if (
      obj.metadata.deletionTimestamp &&
      (obj.metadata.finalizers ?? []).length === 0 &&
      specFinalizers.length === 0
    ) {
      // The last finalizer is gone from an object being deleted: it goes away now.
      return server.store.delete(
        resource,
        info.namespace,
        info.name,
        expected,
        ctx.trace,
        (derr) => {
          if (derr) {
            if (!isCurrent && derr.status.reason === 'Conflict')
              return readCurrent((fresh) => tryUpdate(fresh, true));
            return fail(ctx, derr);
          }
          ctx.stages.push({ name: 'storage', ok: true, detail: 'finalizers done: deleted' });
          ctx.reply(jsonResponse(200, obj));
        },
      );
    }
    server.store.update(
      resource,
      obj,
      expected,
      ctx.trace,
      (uerr, stored) => {
        if (uerr) {
          // store.go: a failed compare on a cached copy reads etcd and tries again from there
          if (!isCurrent && uerr.status.reason === 'Conflict')
            return readCurrent((fresh) => tryUpdate(fresh, true));
          if (
            retryOnConflict &&
            uerr.status.reason === 'Conflict' &&
            attempt < MAX_CONFLICT_RETRIES
          ) {
            return guaranteedUpdate(
              server,
              ctx,
              sim,
              computeNew,
              retryOnConflict,
              options,
              attempt + 1,
            );
          }
          return fail(ctx, uerr);
        }
        ctx.stages.push({
          name: 'storage',
          ok: true,
          detail: `updated to resourceVersion ${stored!.metadata.resourceVersion}`,
        });
        ctx.reply(jsonResponse(200, stored));
      },
      encoded,
    );
  }

  function unchanged(current: KubeObject): void {
    // Nothing changed: no write, the same resourceVersion (etcd3 store GuaranteedUpdate).
    ctx.stages.push({ name: 'storage', ok: true, detail: 'no change, nothing written' });
    ctx.reply(jsonResponse(200, current));
  }
}

function fail(ctx: RequestContext, err: StatusError): void {
  ctx.stages.push({ name: 'storage', ok: false, detail: err.message });
  ctx.fail(err);
}
