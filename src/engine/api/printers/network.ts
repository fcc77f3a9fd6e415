// Tables for services and their endpoints (pkg/printers/internalversion/printers.go
// printService, printEndpoints, printEndpointSlice).
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { formatLabels } from '../selectors';
import { translateTimestampSince } from './duration';
import { joinHostPort, listWithMoreString } from './format';
import { ageColumn, column, nameColumn, type TablePrinter } from './types';

// printers.go loadBalancerWidth: non-wide output clips the load balancer list to 16 bytes.
const loadBalancerWidth = 16;

function loadBalancerStatusString(svc: Service, wide: boolean): string {
  const result = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) result.add(ingress.ip);
    else if (ingress.hostname) result.add(ingress.hostname);
  }
  let r = [...result].sort().join(',');
  if (!wide && r.length > loadBalancerWidth) r = `${r.slice(0, loadBalancerWidth - 3)}...`;
  return r;
}

/** The EXTERNAL-IP cell: external IPs, load balancer ingress, `<none>` or `<pending>`. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusString(svc, wide);
      if (externalIPs.length > 0) {
        return [...(lbIps ? lbIps.split(',') : []), ...externalIPs].join(',');
      }
      return lbIps.length > 0 ? lbIps : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30080/TCP`, joined by commas. */
export function makePortString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${protocol}`
        : `${p.port}/${protocol}`;
    })
    .join(',');
}

export const servicePrinter: TablePrinter<Service> = {
  columns: [
    nameColumn,
    column('Type', 'string', { doc: 'ServiceSpec.type' }),
    column('Cluster-IP', 'string', { doc: 'ServiceSpec.clusterIP' }),
    column('External-IP', 'string', { doc: 'ServiceSpec.externalIPs' }),
    column('Port(s)', 'string', { doc: 'ServiceSpec.ports' }),
    ageColumn,
    column('Selector', 'string', { doc: 'ServiceSpec.selector' }, { priority: 1 }),
  ],
  print(svc, ctx) {
    const clusterIPs = svc.spec?.clusterIPs ?? [];
    const ports = makePortString(svc.spec?.ports);
    const cells: unknown[] = [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? '',
      clusterIPs.length > 0 ? clusterIPs[0] : '<none>',
      serviceExternalIP(svc, ctx.wide),
      ports.length === 0 ? '<none>' : ports,
      translateTimestampSince(svc.metadata?.creationTimestamp, ctx.now),
    ];
    if (ctx.wide) cells.push(formatLabels(svc.spec?.selector));
    return { cells };
  },
};

/** formatEndpoints: up to three `ip:port` pairs, then ` + N more...`; `<none>` with no subsets. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: TablePrinter<Endpoints> = {
  columns: [nameColumn, column('Endpoints', 'string', { doc: 'Endpoints.subsets' }), ageColumn],
  print(ep, ctx) {
    return {
      cells: [
        ep.metadata?.name ?? '',
        formatEndpoints(ep),
        translateTimestampSince(ep.metadata?.creationTimestamp, ctx.now),
      ],
    };
  },
};

function formatDiscoveryPorts(slice: EndpointSlice): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const port of slice.ports ?? []) {
    if (list.length < max) {
      list.push(
        port.port !== undefined ? String(port.port) : port.name !== undefined ? port.name : '*',
      );
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMoreString(list, more, count, max);
}

function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const endpoint of slice.endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMoreString(list, more, count, max);
}

export const endpointSlicePrinter: TablePrinter<EndpointSlice> = {
  columns: [
    nameColumn,
    column('AddressType', 'string', { doc: 'EndpointSlice.addressType' }),
    column('Ports', 'string', { doc: 'EndpointSlice.ports' }),
    column('Endpoints', 'string', { doc: 'EndpointSlice.endpoints' }),
    ageColumn,
  ],
  print(slice, ctx) {
    return {
      cells: [
        slice.metadata?.name ?? '',
        slice.addressType,
        formatDiscoveryPorts(slice),
        formatDiscoveryEndpoints(slice),
        translateTimestampSince(slice.metadata?.creationTimestamp, ctx.now),
      ],
    };
  },
};
