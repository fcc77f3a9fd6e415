// kubectl rollout history (pkg/cmd/rollout/rollout_history.go, polymorphichelpers/history.go):
// the revisions of a Deployment, read from its ReplicaSets' revision annotations.
import { findResource } from '../../api/resources';
import { formatLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import { type BuilderObject, fetchNamedOrListed } from '../builder-objects';
import type { Command, Invocation } from '../command';
import { describePodTemplate } from '../describe/pod-template';
import { tabbedString } from '../describe/prefix-writer';
import { KubectlError } from '../errors';
import { kindPrefix } from '../resource-args';
import { controllerRevisions, revisionHistory } from './rollout-revisions';

// deploymentutil.RevisionAnnotation and kubectl's ChangeCauseAnnotation
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** A ReplicaSet's revision (deploymentutil.Revision), or undefined if it has none. */
export function revisionOf(rs: KubeObject): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets a Deployment controls, from a list by its
 * selector filtered to those whose controller reference is the Deployment.
 */
export function deploymentReplicaSets(inv: Invocation, deployment: KubeObject): KubeObject[] {
  const rsInfo = findResource('apps', 'replicasets')!;
  const selector = formatLabelSelector(
    (deployment.spec as { selector?: Parameters<typeof formatLabelSelector>[0] }).selector,
  );
  const list = inv.client.send({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${deployment.metadata.namespace ?? inv.namespace}/${rsInfo.resource}`,
    query: selector === '<none>' ? {} : { labelSelector: selector },
  }) as { items?: KubeObject[] };
  return (list.items ?? []).filter((rs) =>
    rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid),
  );
}

/** history.go DeploymentHistoryViewer.ViewHistory: the REVISION/CHANGE-CAUSE table, or one template. */
export function deploymentHistory(replicaSets: KubeObject[], revision: number): string {
  const byRevision = new Map<number, KubeObject>();
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v !== undefined) byRevision.set(v, rs);
  }
  if (byRevision.size === 0) return 'No rollout history found.';
  const changeCause = (rs: KubeObject) => rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
  if (revision > 0) {
    const rs = byRevision.get(revision);
    if (!rs) throw new KubectlError('error: unable to find the specified revision');
    const template = structuredClone(
      (rs.spec as { template?: Parameters<typeof describePodTemplate>[1] }).template ?? {},
    );
    const cause = changeCause(rs);
    if (cause) {
      template.metadata = {
        ...template.metadata,
        annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE_ANNOTATION]: cause },
      };
    }
    return tabbedString((w) => describePodTemplate(w, template));
  }
  const revisions = [...byRevision.keys()].sort((a, b) => a - b);
  return tabbedString((w) => {
    w.write(0, 'REVISION\tCHANGE-CAUSE\n');
    for (const r of revisions) w.write(0, `${r}\t${changeCause(byRevision.get(r)!) || '<none>'}\n`);
  });
}

/** history.go HistoryViewerFor: the viewer of the object's kind, run. */
function historyOf(inv: Invocation, o: BuilderObject, revision: number): string {
  if (o.info.group === 'apps' && o.info.kind === 'Deployment') {
    // the viewer reads the Deployment again, then its ReplicaSets
    const deployment = inv.client.get(o.info, o.namespace, o.name);
    return deploymentHistory(deploymentReplicaSets(inv, deployment), revision);
  }
  if (o.info.group === 'apps' && ['DaemonSet', 'StatefulSet'].includes(o.info.kind)) {
    const { obj, revisions } = controllerRevisions(inv, o);
    return revisionHistory(obj, revisions, revision);
  }
  // schema.GroupKind String(): Kind, or Kind.group
  const gk = o.info.group ? `${o.info.kind}.${o.info.group}` : o.info.kind;
  throw new KubectlError(`error: no history viewer has been implemented for ${JSON.stringify(gk)}`);
}

function runHistory(inv: Invocation): void {
  const revision = inv.flags.int('revision');
  // rollout_history.go Validate
  if (revision < 0)
    throw new KubectlError(`error: revision must be a positive integer: ${revision}`);
  for (const o of fetchNamedOrListed(inv, inv.args)) {
    const history = historyOf(inv, o, revision);
    const withRevision = revision > 0 ? `with revision #${revision}` : '';
    // printed by a NamePrinter whose operation is the whole text
    inv.out.out(`${kindPrefix(o.info)}/${o.name} ${withRevision}\n${history}\n`);
  }
}

export const rolloutHistory: Command = {
  name: 'history',
  flags: [
    { name: 'revision', type: 'int', default: 0 },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run: runHistory,
};
