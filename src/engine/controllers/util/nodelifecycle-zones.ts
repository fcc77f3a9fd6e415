// Zones and their disruption states (pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// component-helpers node/topology GetZoneKey).

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

// nodelifecycle config defaults (v1alpha1/defaults.go): --node-eviction-rate 0.1,
// --secondary-node-eviction-rate 0.01, --large-cluster-size-threshold 50,
// --unhealthy-zone-threshold 0.55.
export const NODE_EVICTION_RATE = 0.1;
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;

// k8s.io/api core/v1 well_known_labels.go
const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_REGION = 'topology.kubernetes.io/region';
// A node with this label is left out of zone disruption checks (isNodeExcludedFromDisruptionChecks).
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

/** GetZoneKey: `region:\0:zone`, or '' for a node without topology labels. */
export function getZoneKey(labels: Record<string, string> | undefined): string {
  const l = labels ?? {};
  const zone = l[LABEL_ZONE_BETA] ?? l[LABEL_ZONE] ?? '';
  const region = l[LABEL_REGION_BETA] ?? l[LABEL_REGION] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * ComputeZoneState: FullDisruption when no node is Ready; PartialDisruption when more than 2
 * are not Ready and they are at least 55 %; otherwise Normal. Returns [notReady, state].
 */
export function computeZoneState(
  readyStatuses: readonly (string | undefined)[],
): [number, ZoneState] {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) {
    if (s === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return [notReady, 'FullDisruption'];
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD)
    return [notReady, 'PartialDisruption'];
  return [notReady, 'Normal'];
}

/**
 * The tainting rate for a zone state: the normal rate, or in partial disruption the secondary
 * rate for large zones and 0 for small ones (ReducedQPSFunc); full disruption keeps the
 * normal rate (HealthyQPSFunc) unless every zone is down.
 */
export function zoneEvictionRate(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption')
    return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
  return NODE_EVICTION_RATE;
}
