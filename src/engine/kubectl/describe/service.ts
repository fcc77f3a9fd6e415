// describe.go ServiceDescriber: `kubectl describe service`, endpoints read from the service's
// EndpointSlices (kubectl v1.31+, ready endpoints only since v1.32).
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { joinHostPort } from '../../api/printers/format';
import { formatLabels } from '../../api/selectors';
import type { DescribeContext } from './context';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import { printAnnotationsMultiline, printLabelsMultiline } from './format';
import { LEVEL_0, tabbedString } from './prefix-writer';

/**
 * describe.go formatEndpointSlices: the first three ready `ip:port` of the named port,
 * `+ N more...`, `<none>` without slices. The `more` check runs before the readiness filter,
 * as upstream's does.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    if (!slice.ports?.length) {
      // a headless service may have no ports
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (ep.conditions?.ready === false) continue;
        if (!more) list.push(ep.addresses[0]);
        count++;
      }
      continue;
    }
    for (const port of slice.ports) {
      if ((port.name ?? '') !== portName) continue;
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (ep.conditions?.ready === false) continue;
        if (!more) list.push(joinHostPort(ep.addresses[0], String(port.port)));
        count++;
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

/** describe.go describeService. */
export function describeService(
  svc: Service,
  slices: readonly EndpointSlice[],
  events: EventLike[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(
      LEVEL_0,
      `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`,
    );
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length)
      w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) {
      const list = ingress
        .map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? '')))
        .join(', ');
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const sp of spec.ports ?? []) {
      const name = sp.name || '<unset>';
      const protocol = sp.protocol ?? 'TCP';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? ''}/${protocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    const trafficDistribution = (spec as { trafficDistribution?: string }).trafficDistribution;
    if (trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${trafficDistribution}\n`);
    if (events) describeEvents(w, events, now);
  });
}

/** describe.go ServiceDescriber.Describe: the service, its EndpointSlices and events. */
export function describeServiceByName(
  ctx: DescribeContext,
  namespace: string,
  name: string,
): string {
  const svc = ctx.client.send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/services/${name}`,
  }) as Service;
  let slices: EndpointSlice[] = [];
  try {
    slices =
      (
        ctx.client.send({
          method: 'GET',
          path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
          query: { labelSelector: `kubernetes.io/service-name=${name}` },
        }) as { items?: EndpointSlice[] }
      ).items ?? [];
  } catch {
    // describe.go ignores a failed EndpointSlice list
  }
  const events = ctx.showEvents
    ? searchEvents(ctx, { kind: 'Service', name, namespace, uid: svc.metadata?.uid })
    : undefined;
  return describeService(svc, slices, events, ctx.now);
}
