import { newBadRequest, newConflict, newMethodNotSupported } from '../../api/errors';
import { formatLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeBody } from '../decode';
import { gr } from '../storage/store';
import { guaranteedUpdate } from './update';
import { jsonMergePatch } from '../../api/patch/merge-patch';

/** The autoscaling/v1 Scale view of a workload (pkg/registry/apps/deployment/storage ScaleREST). */
export function scaleOf(obj: KubeObject): KubeObject {
  const spec = obj.spec as {
    replicas?: number;
    selector?: Parameters<typeof formatLabelSelector>[0];
  };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = formatLabelSelector(spec.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, ...(selector !== '<none>' ? { selector } : {}) },
  };
}

/** GET/PUT/PATCH {deployments,replicasets,statefulsets}/{name}/scale. */
export function serveScale(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource } = ctx;
  if (info.verb === 'get') {
    server.store.get(resource, info.namespace, info.name, ctx.trace, (err, obj) => {
      if (err) return ctx.fail(err);
      ctx.reply(jsonResponse(200, scaleOf(obj!)));
    });
    return;
  }
  if (info.verb !== 'update' && info.verb !== 'patch')
    throw newMethodNotSupported(gr(resource), info.verb);
  const body = decodeBody(
    ctx.req.body,
    info.verb === 'update' ? ctx.headers['content-type'] : 'application/json',
  ) as {
    metadata?: { resourceVersion?: string };
    spec?: { replicas?: number };
  };
  const scaleCtx: RequestContext = {
    ...ctx,
    info: { ...info, subresource: '' },
    reply: (res) =>
      ctx.reply(res.status >= 400 ? res : jsonResponse(200, scaleOf(res.body as KubeObject))),
  };
  guaranteedUpdate(
    server,
    scaleCtx,
    sim,
    (current) => {
      const scale = scaleOf(current);
      const wanted =
        info.verb === 'update'
          ? body
          : (jsonMergePatch(scale as never, body as never) as typeof body);
      const rv = wanted?.metadata?.resourceVersion;
      if (info.verb === 'update' && rv && rv !== current.metadata.resourceVersion)
        throw newConflict(gr(resource), info.name);
      const replicas = wanted?.spec?.replicas;
      if (typeof replicas !== 'number') throw newBadRequest('spec.replicas: Required value');
      const next = structuredClone(current) as KubeObject;
      (next.spec as { replicas: number }).replicas = replicas;
      return next;
    },
    info.verb === 'patch' || !body?.metadata?.resourceVersion,
  );
}
