// kubectl rollout undo (pkg/cmd/rollout/rollout_undo.go, polymorphichelpers/rollback.go
// DeploymentRollbacker): puts an old ReplicaSet's pod template back into the Deployment.
import { jsonEqual } from '../../api/patch/json-value';
import type { KubeObject } from '../../api/types';
import { type BuilderObject, fetchNamedOrListed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';
import { kindPrefix } from '../resource-args';
import { resourcePath } from '../rest';
import { deploymentReplicaSets, revisionOf } from './rollout-history';
import { rollbackToRevision } from './rollout-revisions';

// appsv1.DefaultDeploymentUniqueLabelKey
const POD_TEMPLATE_HASH = 'pod-template-hash';

// rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

type Template = { metadata?: { labels?: Record<string, string> }; [k: string]: unknown };

function templateOf(obj: KubeObject): Template {
  return structuredClone((obj.spec as { template?: Template }).template ?? {});
}

function withoutHash(t: Template): Template {
  const c = structuredClone(t);
  if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH];
  return c;
}

/**
 * rollback.go deploymentRevision: the ReplicaSet of `toRevision`, or with 0 the one before the
 * newest; throws kubectl's error when there is none.
 */
export function replicaSetForRevision(
  name: string,
  replicaSets: KubeObject[],
  toRevision: number,
): KubeObject {
  let latest: { rs: KubeObject; v: number } | undefined;
  let previous: { rs: KubeObject; v: number } | undefined;
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
    } else if (!latest || latest.v < v) {
      previous = latest;
      latest = { rs, v };
    } else if (!previous || previous.v < v) previous = { rs, v };
  }
  if (toRevision > 0) {
    throw new KubectlError(`error: unable to find specified revision ${toRevision} in history`);
  }
  if (!previous) throw new KubectlError(`error: no rollout history found for deployment "${name}"`);
  return previous.rs;
}

/** DeploymentRollbacker.Rollback: the operation printed after the name. */
function rollbackDeployment(inv: Invocation, o: BuilderObject, toRevision: number): string {
  // rollback.go reads the Deployment again, then lists its ReplicaSets
  const deployment = inv.client.get(o.info, o.namespace, o.name);
  const rs = replicaSetForRevision(o.name, deploymentReplicaSets(inv, deployment), toRevision);
  if ((deployment.spec as { paused?: boolean }).paused) {
    throw new KubectlError(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  }
  const template = withoutHash(templateOf(rs));
  if (jsonEqual(template as never, withoutHash(templateOf(deployment)) as never)) {
    return `skipped rollback (current template already matches revision ${toRevision})`;
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  // rollback.go getDeploymentPatch: a JSON patch replacing the template and the annotations;
  // the clientset's Patch sends no fieldManager
  try {
    inv.client.send({
      method: 'PATCH',
      path: resourcePath(o.info, o.namespace, o.name),
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
    });
  } catch (e) {
    throw new KubectlError(
      `error: failed restoring revision ${toRevision}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return 'rolled back';
}

function runUndo(inv: Invocation): void {
  const toRevision = inv.flags.int('to-revision');
  for (const o of fetchNamedOrListed(inv, inv.args)) {
    const workload = o.info.group === 'apps' ? o.info.kind : '';
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(workload)) {
      // rollback.go RollbackerFor; schema.GroupKind String(): Kind, or Kind.group
      const gk = o.info.group ? `${o.info.kind}.${o.info.group}` : o.info.kind;
      throw new KubectlError(`error: no rollbacker has been implemented for ${JSON.stringify(gk)}`);
    }
    // rollback.go: a negative revision is never in the history
    if (toRevision < 0) {
      throw new KubectlError(`error: unable to find specified revision ${toRevision} in history`);
    }
    const result =
      workload === 'Deployment'
        ? rollbackDeployment(inv, o, toRevision)
        : rollbackToRevision(inv, o, toRevision);
    inv.out.out(`${kindPrefix(o.info)}/${o.name} ${result}\n`);
  }
}

export const rolloutUndo: Command = {
  name: 'undo',
  flags: [
    { name: 'to-revision', type: 'int', default: 0 },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run: runUndo,
};
