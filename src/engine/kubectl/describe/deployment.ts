// describe.go DeploymentDescriber: `kubectl describe deployment`.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { DescribeContext } from './context';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './format';
import { describePodTemplate } from './pod-template';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer';
import { deploymentReplicaSets, selectorString } from './workloads';

// describe.go printReplicaSetsByLabels: `web-5d4f8 (3/3 replicas created)`, `<none>`
function printReplicaSets(list: ReplicaSet[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return s || '<none>';
}

/** describe.go describeDeployment. */
export function describeDeployment(
  d: Deployment,
  oldRSs: ReplicaSet[],
  newRSs: ReplicaSet[],
  events: EventLike[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    const spec = d.spec;
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ` +
        `${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ` +
        `${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`,
      );
    }
    describePodTemplate(w, spec?.template);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of status.conditions)
        w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRSs)}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}

/** describe.go DeploymentDescriber.Describe. */
export function describeDeploymentByName(
  ctx: DescribeContext,
  namespace: string,
  name: string,
): string {
  const d = ctx.client.send({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
  }) as Deployment;
  const events = ctx.showEvents
    ? searchEvents(ctx, { kind: 'Deployment', name, namespace, uid: d.metadata?.uid })
    : undefined;
  let oldRSs: ReplicaSet[] = [];
  let newRSs: ReplicaSet[] = [];
  try {
    const rs = deploymentReplicaSets(ctx, d);
    oldRSs = rs.old;
    newRSs = rs.new ? [rs.new] : [];
  } catch {
    // describe.go: a failed replica set list leaves both lines out
  }
  return describeDeployment(d, oldRSs, newRSs, events, ctx.now);
}
