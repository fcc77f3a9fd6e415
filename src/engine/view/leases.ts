import type { Cluster } from '../cluster/cluster';

/** Who holds a leader-election Lease in kube-system, and when it last renewed. */
export interface LeaseHolder {
  holderIdentity?: string;
  /** virtual ms of spec.renewTime */
  renewedAt?: number;
  leaseDurationSeconds?: number;
  leaseTransitions: number;
}

/** The stored Lease `<namespace>/<name>` (no request sent). */
export function leaseHolder(c: Cluster, name: string, namespace = 'kube-system'): LeaseHolder {
  const spec = (c.get('leases', name, namespace) as { spec?: Record<string, unknown> } | undefined)
    ?.spec;
  const renew = spec?.renewTime as string | undefined;
  return {
    ...(typeof spec?.holderIdentity === 'string' ? { holderIdentity: spec.holderIdentity } : {}),
    ...(renew ? { renewedAt: virtualTime(c, renew) } : {}),
    ...(typeof spec?.leaseDurationSeconds === 'number'
      ? { leaseDurationSeconds: spec.leaseDurationSeconds }
      : {}),
    leaseTransitions: (spec?.leaseTransitions as number | undefined) ?? 0,
  };
}

/** The virtual time (ms) a stored RFC 3339 timestamp stands for. */
export function virtualTime(c: Cluster, timestamp: string): number {
  return Date.parse(timestamp) - (c.sim.wallTime() - c.now());
}
