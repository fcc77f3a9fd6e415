import type { KubeObject } from '../api/types';
import { CLUSTER_DOMAIN } from './coredns-objects';

/** An answer as a DNS client sees it. */
export interface DnsAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** A records (IPv4 addresses) */
  addresses: string[];
  /** the CNAME of an ExternalName service */
  cname?: string;
}

/** What CoreDNS's kubernetes plugin has cached through its informers. */
export interface DnsView {
  service(namespace: string, name: string): KubeObject | undefined;
  slices(namespace: string, service: string): KubeObject[];
}

const NXDOMAIN: DnsAnswer = { rcode: 'NXDOMAIN', addresses: [] };

/**
 * CoreDNS's kubernetes plugin for A queries in the cluster domain (the DNS-based service
 * discovery spec): `<svc>.<ns>.svc.cluster.local` is the ClusterIP, or one A per ready endpoint
 * of a headless service, or a CNAME for ExternalName; `a-b-c-d.<ns>.pod.cluster.local` echoes
 * the address (`pods insecure`); anything else is NXDOMAIN.
 */
export function resolveClusterName(query: string, view: DnsView): DnsAnswer {
  const name = query.toLowerCase().replace(/\.$/, '');
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return NXDOMAIN;
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].split('-');
    const valid = ip.length === 4 && ip.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256);
    return valid ? { rcode: 'NOERROR', addresses: [ip.join('.')] } : NXDOMAIN;
  }
  if (labels.length !== 3 || labels[2] !== 'svc') return NXDOMAIN;
  const [svcName, namespace] = labels;
  const svc = view.service(namespace, svcName);
  if (!svc) return NXDOMAIN;
  const spec = (svc.spec ?? {}) as { type?: string; clusterIP?: string; externalName?: string };
  if (spec.type === 'ExternalName') {
    return { rcode: 'NOERROR', addresses: [], cname: spec.externalName };
  }
  if (spec.clusterIP && spec.clusterIP !== 'None') {
    return { rcode: 'NOERROR', addresses: [spec.clusterIP] };
  }
  // Headless: one A record per ready endpoint address.
  const addresses = new Set<string>();
  for (const slice of view.slices(namespace, svcName)) {
    const s = slice as KubeObject & {
      addressType?: string;
      endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null } }[] | null;
    };
    if (s.addressType !== 'IPv4') continue;
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const a of ep.addresses ?? []) addresses.add(a);
    }
  }
  return addresses.size > 0 ? { rcode: 'NOERROR', addresses: [...addresses] } : NXDOMAIN;
}

/**
 * The names a pod's resolver tries for `host` (glibc with `ndots:5` and the ClusterFirst
 * search path `<ns>.svc.cluster.local svc.cluster.local cluster.local`): fewer than five dots
 * means the search list first, then the name as given; a trailing dot means only the name.
 */
export function searchCandidates(host: string, namespace: string): string[] {
  if (host.endsWith('.')) return [host.slice(0, -1)];
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const expanded = search.map((s) => `${host}.${s}`);
  const dots = host.split('.').length - 1;
  return dots >= 5 ? [host, ...expanded] : [...expanded, host];
}
