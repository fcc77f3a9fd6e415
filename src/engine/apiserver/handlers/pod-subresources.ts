import {
  isStatusError,
  newBadRequest,
  newConflict,
  newInternalError,
  newTooManyRequests,
} from '../../api/errors';
import type { KubeObject, Status } from '../../api/types';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeBody } from '../decode';
import { matchesLabels, labelSelectorAsSelector } from '../../api/selectors';
import { findResource } from '../../api/resources';
import { clone } from '../storage/codec';
import { guaranteedUpdate } from './update';
import { serveDelete } from './delete';

const POD_GR = { group: '', resource: 'pods' };

/** Binding and eviction answer 201 with a bare Success status once their write is done. */
function createdStatusReply(ctx: RequestContext): RequestContext['reply'] {
  return (res) => {
    if (res.status >= 400) return ctx.reply(res);
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    };
    ctx.reply(jsonResponse(201, status));
  };
}

/**
 * POST pods/{name}/binding (pkg/registry/core/pod/storage BindingREST): set spec.nodeName
 * and PodScheduled=True, once; answers 201 with a Success Status.
 */
export function serveBinding(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const binding = decodeBody(ctx.req.body, ctx.headers['content-type']) as {
    metadata?: { name?: string; annotations?: Record<string, string> };
    target?: { kind?: string; name?: string };
  } | null;
  const target = binding?.target?.name;
  if (!binding || !target)
    throw newBadRequest('Binding "" is invalid: target.name: Required value');
  if (binding.metadata?.name && binding.metadata.name !== ctx.info.name) {
    throw newBadRequest(
      `the name of the object (${binding.metadata.name}) does not match the name on the URL (${ctx.info.name})`,
    );
  }
  const bindCtx: RequestContext = {
    ...ctx,
    reply: createdStatusReply(ctx),
    info: { ...ctx.info, subresource: 'binding' },
  };
  guaranteedUpdate(
    server,
    bindCtx,
    sim,
    (current) => {
      const pod = clone(current);
      const spec = pod.spec as { nodeName?: string };
      if (pod.metadata.deletionTimestamp) {
        throw newInternalError(
          `pod ${pod.metadata.name} is being deleted, cannot be assigned to a host`,
        );
      }
      if (spec.nodeName) {
        throw newConflict(
          POD_GR,
          pod.metadata.name!,
          `pod ${pod.metadata.name} is already assigned to node ${JSON.stringify(spec.nodeName)}`,
        );
      }
      spec.nodeName = target;
      if (binding.metadata?.annotations) {
        pod.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations };
      }
      const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: sim.timestamp(),
      });
      status.conditions = conditions;
      pod.status = status;
      return pod;
    },
    true,
    { internal: true },
  );
}

/**
 * POST pods/{name}/eviction (pkg/registry/core/pod/storage/eviction.go): a delete that
 * respects PodDisruptionBudgets; refused with 429 while the budget allows no disruption.
 */
export function serveEviction(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const eviction = (decodeBody(ctx.req.body, ctx.headers['content-type']) ?? {}) as {
    deleteOptions?: Record<string, unknown>;
  };
  const pod = server.reader.get('pods', ctx.info.namespace, ctx.info.name);
  const phase = (pod?.status as { phase?: string } | undefined)?.phase;
  const pdbInfo = findResource('policy', 'poddisruptionbudgets')!;
  const budgets =
    pod && phase === 'Running'
      ? server.reader.list('poddisruptionbudgets', ctx.info.namespace).filter((pdb) => {
          const selector = (
            pdb.spec as { selector?: Parameters<typeof labelSelectorAsSelector>[0] }
          ).selector;
          return matchesLabels(labelSelectorAsSelector(selector), pod.metadata.labels);
        })
      : [];
  if (budgets.length > 1) {
    throw newInternalError(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  const deleteCtx: RequestContext = {
    ...ctx,
    req: { ...ctx.req, body: eviction.deleteOptions ?? {} },
    headers: { ...ctx.headers, 'content-type': 'application/json' },
    info: { ...ctx.info, subresource: '', verb: 'delete' },
    reply: createdStatusReply(ctx),
  };
  const budget = budgets[0];
  if (!budget) return serveDelete(server, deleteCtx, sim);
  const allowed =
    (budget.status as { disruptionsAllowed?: number } | undefined)?.disruptionsAllowed ?? 0;
  if (allowed <= 0) {
    const err = newTooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      0,
    );
    err.status.details = {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: `The disruption budget ${budget.metadata.name} needs ${(budget.status as { desiredHealthy?: number }).desiredHealthy ?? 0} healthy pods and has ${(budget.status as { currentHealthy?: number }).currentHealthy ?? 0} currently`,
        },
      ],
    };
    throw err;
  }
  // Record the disruption in the budget first, so two evictions cannot both spend it.
  const pdbCtx: RequestContext = {
    ...ctx,
    resource: pdbInfo,
    info: {
      ...ctx.info,
      resource: 'poddisruptionbudgets',
      name: budget.metadata.name!,
      subresource: 'status',
    },
    reply: (res) => {
      if (res.status >= 400) return ctx.reply(res);
      try {
        serveDelete(server, deleteCtx, sim);
      } catch (e) {
        ctx.fail(isStatusError(e) ? e : newInternalError(String(e)));
      }
    },
  };
  guaranteedUpdate(
    server,
    pdbCtx,
    sim,
    (current) => {
      const next = structuredClone(current) as KubeObject;
      const status = (next.status ?? {}) as {
        disruptionsAllowed?: number;
        disruptedPods?: Record<string, string>;
      };
      if ((status.disruptionsAllowed ?? 0) <= 0)
        throw newTooManyRequests(
          "Cannot evict pod as it would violate the pod's disruption budget.",
          0,
        );
      status.disruptionsAllowed = (status.disruptionsAllowed ?? 0) - 1;
      status.disruptedPods = { ...status.disruptedPods, [ctx.info.name]: sim.timestamp() };
      next.status = status;
      return next;
    },
    true,
    { internal: true },
  );
}
