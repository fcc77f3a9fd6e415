import type { CoreDns } from '../addons/coredns';
import { CLUSTER_DOMAIN } from '../addons/coredns-objects';
import type { Cluster } from '../cluster/cluster';

/** One name CoreDNS answers and what it answers. */
export interface DnsRecord {
  name: string;
  type: 'A' | 'CNAME';
  values: string[];
}

/** A CoreDNS instance: whether it serves, and the Service records in its cache. */
export interface CoreDnsState {
  id: string;
  up: boolean;
  /** its kubernetes plugin has synced (the ready plugin lets it into the kube-dns Service) */
  ready: boolean;
  records: DnsRecord[];
}

/**
 * Reads what one CoreDNS instance (a coredns pod's process, `pod/kube-system/coredns-…`) would
 * answer for every Service's name, `<service>.<namespace>.svc.cluster.local`, from its own
 * informer cache (no query sent).
 */
export function coreDnsState(c: Cluster, id: string): CoreDnsState | undefined {
  const dns = c.components().find((p) => p.id === id) as CoreDns | undefined;
  // only a coredns pod's process answers DNS; any other id is no CoreDNS server
  if (!dns || typeof dns.answer !== 'function') return undefined;
  const up = dns.isUp();
  const ready = up && dns.ready;
  const records: DnsRecord[] = [];
  if (ready)
    for (const svc of c.list('services')) {
      const name = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
      const answer = dns.answer(name);
      if (answer.rcode !== 'NOERROR') continue;
      records.push(
        answer.cname
          ? { name, type: 'CNAME', values: [answer.cname] }
          : { name, type: 'A', values: answer.addresses },
      );
    }
  return { id, up, ready, records };
}
