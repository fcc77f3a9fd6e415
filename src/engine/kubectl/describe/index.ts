// kubectl describe's describers (describe.go describerMap), by group and kind; every other
// kind falls back to the generic describer.
import type { ResourceInfo } from '../../api/types';
import { resourcePath } from '../rest';
import { describeConfigMapByName, describeSecretByName } from './config-data';
import type { DescribeContext } from './context';
import { describeDeploymentByName } from './deployment';
import { describeGenericAt } from './generic';
import { describeNamespaceByName } from './namespace';
import { describeNodeByName } from './node';
import { describePodByName } from './pod';
import { describeReplicaSetByName } from './replicaset';
import { describeServiceByName } from './service';

export { describeConfigMap, describeSecret } from './config-data';
export type { DescribeContext } from './context';
export { describeDeployment } from './deployment';
export { describeEvents, eventsFieldSelector } from './events';
export { describeGeneric } from './generic';
export { describeNamespace } from './namespace';
export { describeNode } from './node';
export { describePod } from './pod';
export { describeReplicaSet } from './replicaset';
export { describeService } from './service';

type Describer = (ctx: DescribeContext, namespace: string, name: string) => string;

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodByName,
  '/Node': (ctx, _ns, name) => describeNodeByName(ctx, name),
  '/Service': describeServiceByName,
  '/ConfigMap': describeConfigMapByName,
  '/Secret': describeSecretByName,
  '/Namespace': (ctx, _ns, name) => describeNamespaceByName(ctx, name),
  'apps/Deployment': describeDeploymentByName,
  'apps/ReplicaSet': describeReplicaSetByName,
};

/**
 * describe.Describer: describes one object by name with the describer of its kind, e.g.
 * `describeResource(ctx, podsInfo, 'default', 'nginx')`. Throws the API error of a failed read.
 */
export function describeResource(
  ctx: DescribeContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
): string {
  const describer = DESCRIBERS[`${info.group}/${info.kind}`];
  if (describer) return describer(ctx, namespace, name);
  return describeGenericAt(ctx, resourcePath(info, info.namespaced ? namespace : undefined, name));
}
