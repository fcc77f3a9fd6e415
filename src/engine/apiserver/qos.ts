import type { Quantity } from '../api/quantity';
import { cmpQuantity, tryParseQuantity } from '../api/quantity';
import type { KubeObject } from '../api/types';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Container = { resources?: Resources };

const COMPUTE = ['cpu', 'memory'];

/**
 * The pod's QoS class (pkg/apis/core/helper/qos GetPodQOS): BestEffort without any cpu or
 * memory request or limit; Guaranteed when every container limits both cpu and memory and
 * its requests equal its limits; Burstable otherwise.
 */
export function podQOSClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const name of COMPUTE) {
      const req = requests[name] !== undefined ? tryParseQuantity(requests[name]) : undefined;
      const lim = limits[name] !== undefined ? tryParseQuantity(limits[name]) : undefined;
      if ((req && !isZero(req)) || (lim && !isZero(lim))) any = true;
      if (!lim || isZero(lim)) guaranteed = false;
      else if (req && !sameQuantity(req, lim)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function isZero(q: Quantity): boolean {
  return q.mantissa === 0n;
}

function sameQuantity(a: Quantity, b: Quantity): boolean {
  return cmpQuantity(a, b) === 0;
}
