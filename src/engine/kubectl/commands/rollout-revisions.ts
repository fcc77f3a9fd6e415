// The rollout history of DaemonSets and StatefulSets: their ControllerRevisions
// (kubectl polymorphichelpers/history.go printHistory, rollback.go DaemonSetRollbacker and
// StatefulSetRollbacker), each holding the patch that restores one pod template.
import { findResource } from '../../api/resources';
import { jsonEqual } from '../../api/patch/json-value';
import { strategicMergePatch } from '../../api/patch/strategic-merge-patch';
import { formatLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { BuilderObject } from '../builder-objects';
import type { Invocation } from '../command';
import { describePodTemplate } from '../describe/pod-template';
import { tabbedString } from '../describe/prefix-writer';
import { KubectlError } from '../errors';
import { resourcePath } from '../rest';

type ControllerRevision = KubeObject & { data?: Record<string, unknown>; revision?: number };
type Template = Parameters<typeof describePodTemplate>[1];

const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** history.go controlledHistories: the object, and the revisions it controls, by revision. */
export function controllerRevisions(
  inv: Invocation,
  o: BuilderObject,
): { obj: KubeObject; revisions: ControllerRevision[] } {
  const obj = inv.client.get(o.info, o.namespace, o.name);
  const selector = formatLabelSelector(
    (obj.spec as { selector?: Parameters<typeof formatLabelSelector>[0] }).selector,
  );
  const list = inv.client.send({
    method: 'GET',
    path: resourcePath(findResource('apps', 'controllerrevisions')!, o.namespace),
    query: selector === '<none>' ? {} : { labelSelector: selector },
  }) as { items?: ControllerRevision[] };
  const revisions = (list.items ?? [])
    .filter((cr) =>
      cr.metadata.ownerReferences?.some((r) => r.controller && r.uid === obj.metadata.uid),
    )
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  return { obj, revisions };
}

/** The pod template a revision restores: its patch applied to the object (applyDaemonSetHistory). */
function templateOf(obj: KubeObject, cr: ControllerRevision): Template {
  const patched = strategicMergePatch(obj, cr.data ?? {}, obj.kind);
  return (patched.spec as { template?: Template }).template;
}

/** history.go printHistory: the REVISION/CHANGE-CAUSE table, or one revision's template. */
export function revisionHistory(
  obj: KubeObject,
  revisions: ControllerRevision[],
  revision: number,
): string {
  const byRevision = new Map(revisions.map((cr) => [cr.revision ?? 0, cr]));
  if (byRevision.size === 0) return 'No rollout history found.';
  if (revision > 0) {
    const cr = byRevision.get(revision);
    if (!cr) throw new KubectlError('error: unable to find the specified revision');
    return tabbedString((w) => describePodTemplate(w, templateOf(obj, cr)));
  }
  const sorted = [...byRevision.keys()].sort((a, b) => a - b);
  return tabbedString((w) => {
    w.write(0, 'REVISION\tCHANGE-CAUSE\n');
    for (const r of sorted) {
      const cause = byRevision.get(r)!.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
      w.write(0, `${r}\t${cause || '<none>'}\n`);
    }
  });
}

/** DaemonSetRollbacker / StatefulSetRollbacker.Rollback: the operation printed after the name. */
export function rollbackToRevision(inv: Invocation, o: BuilderObject, toRevision: number): string {
  const { obj, revisions } = controllerRevisions(inv, o);
  if (toRevision === 0 && revisions.length <= 1) {
    throw new KubectlError('error: no last revision to roll back to');
  }
  // rollback.go findHistory: 0 is the revision before the newest
  const target =
    toRevision === 0
      ? revisions[revisions.length - 2]
      : revisions.find((cr) => cr.revision === toRevision);
  if (!target) {
    throw new KubectlError(`error: unable to find specified revision ${toRevision} in history`);
  }
  const current = (obj.spec as { template?: unknown }).template;
  if (jsonEqual(templateOf(obj, target) as never, current as never)) {
    return `skipped rollback (current template already matches revision ${toRevision})`;
  }
  // the revision's data is itself the strategic merge patch; the clientset sends no fieldManager
  try {
    inv.client.send({
      method: 'PATCH',
      path: resourcePath(o.info, o.namespace, o.name),
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      body: target.data,
    });
  } catch (e) {
    throw new KubectlError(
      `error: failed restoring revision ${toRevision}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return 'rolled back';
}
