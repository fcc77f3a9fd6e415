// describe.go ReplicaSetDescriber: `kubectl describe replicaset`.
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { formatLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import { errorMessage } from '../errors';
import type { DescribeContext } from './context';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import { printAnnotationsMultiline, printController, printLabelsMultiline } from './format';
import { describePodTemplate } from './pod-template';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer';
import type { PodStatusCounts } from './workloads';
import { podStatusForController } from './workloads';

/** describe.go describeReplicaSet; `pods` is the phase count or the error fetching pods. */
export function describeReplicaSet(
  rs: ReplicaSet,
  pods: PodStatusCounts | { error: string },
  events: EventLike[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    const meta = rs.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const controlledBy = printController(meta as KubeObject['metadata']);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
    );
    w.write(LEVEL_0, 'Pods Status:\t');
    if ('error' in pods) w.write(LEVEL_0, `error in fetching pods: ${pods.error}\n`);
    else
      w.write(
        LEVEL_0,
        `${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`,
      );
    describePodTemplate(w, rs.spec?.template);
    if (rs.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of rs.status.conditions)
        w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}

/** describe.go ReplicaSetDescriber.Describe. */
export function describeReplicaSetByName(
  ctx: DescribeContext,
  namespace: string,
  name: string,
): string {
  const rs = ctx.client.send({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${namespace}/replicasets/${name}`,
  }) as ReplicaSet;
  let pods: PodStatusCounts | { error: string };
  try {
    pods = podStatusForController(ctx, namespace, rs.spec?.selector, rs.metadata?.uid);
  } catch (err) {
    pods = { error: errorMessage(err).trim() };
  }
  const events = ctx.showEvents
    ? searchEvents(ctx, { kind: 'ReplicaSet', name, namespace, uid: rs.metadata?.uid })
    : undefined;
  return describeReplicaSet(rs, pods, events, ctx.now);
}
