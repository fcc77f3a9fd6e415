import type { KubeObject } from '../../api/types';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** Runs a pipeline stage, recording ✓ or where it stopped for the view. */
function stage(ctx: RequestContext, name: string, run: () => string | void): void {
  try {
    const detail = run();
    ctx.stages.push({ name, ok: true, ...(detail ? { detail } : {}) });
  } catch (e) {
    ctx.stages.push({ name, ok: false, detail: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

export function runMutatingAdmission(
  server: KubeApiServer,
  ctx: RequestContext,
  operation: Operation,
  obj: KubeObject | undefined,
  old: KubeObject | undefined,
): void {
  stage(ctx, 'mutating admission', () => server.admission.mutate(ctx, operation, obj, old));
}

export function runValidation(
  server: KubeApiServer,
  ctx: RequestContext,
  obj: KubeObject,
  old: KubeObject | undefined,
): void {
  stage(ctx, 'validation', () => server.admission.validateObject(ctx.resource, obj, old));
}

export function runValidatingAdmission(
  server: KubeApiServer,
  ctx: RequestContext,
  operation: Operation,
  obj: KubeObject | undefined,
  old: KubeObject | undefined,
): void {
  stage(ctx, 'validating admission', () => server.admission.validate(ctx, operation, obj, old));
}
