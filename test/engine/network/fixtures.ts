import type { KubeObject } from '../../../src/engine/api/types';
import type { ProxiedService, ProxierConfig } from '../../../src/engine/network/proxier-rules';
import { endpointsForPort, servicePorts } from '../../../src/engine/network/service-ports';

// pkg/proxy/iptables/proxier_test.go NewFakeProxier: node test-node, pods in 10.0.0.0/8,
// mark 0x4000, localhost node ports on, nfacct counters present, no --random-fully.
export const fakeProxierConfig: ProxierConfig = {
  nodeName: 'test-node',
  clusterCIDR: '10.0.0.0/8',
  masqueradeMark: '0x4000',
  masqueradeAll: false,
  localhostNodePorts: true,
  hasRandomFully: false,
  nfacct: true,
};

/** makeTestService: a Service whose spec a callback fills in. */
export function makeService(
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec, status };
}

/** makeTestEndpointSlice: slice `<name>-<n>` of one service. */
export function makeSlice(
  namespace: string,
  service: string,
  n: number,
  endpoints: { addresses: string[]; nodeName?: string; conditions?: Record<string, boolean> }[],
  ports: { name: string; port: number; protocol: string }[],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace,
      name: `${service}-${n}`,
      labels: { 'kubernetes.io/service-name': service },
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

/** What the proxier's maps hold for these objects on `nodeName`. */
export function proxied(
  services: KubeObject[],
  slices: KubeObject[],
  nodeName = 'test-node',
): ProxiedService[] {
  return services.flatMap((s) =>
    servicePorts(s).map((svc) => ({
      svc,
      endpoints: endpointsForPort(
        slices.filter(
          (e) =>
            e.metadata.namespace === s.metadata.namespace &&
            e.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name,
        ),
        svc,
        nodeName,
      ),
    })),
  );
}

/**
 * proxier_test.go sortIPTablesRules: tables by name; KUBE-NODEPORTS, KUBE-SERVICES, then the
 * other chains by name; KUBE-NODEPORTS and KUBE-SERVICES rules by the service name in their
 * comment (the nodeports jump kept last). Rules keep their order otherwise.
 */
export function sortIPTablesRules(data: string): string {
  const tables = data
    .trim()
    .split(/\nCOMMIT\n?/)
    .filter((t) => t.trim())
    .map((t) => t.trim().split('\n'));
  tables.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const rank = (c: string) => (c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : 2);
  const out: string[] = [];
  for (const lines of tables) {
    const chains = lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]);
    chains.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const rules = lines.filter((l) => l.startsWith('-A '));
    const serviceName = (rule: string) => {
      const m = /--comment (?:"([^"]*)"|(\S+))/.exec(rule);
      const comment = m ? (m[1] ?? m[2]) : '';
      return comment.split(/[ :]/)[0];
    };
    const last = (rule: string) => rule.includes('must be the last rule');
    out.push(lines[0], ...chains.map((c) => `:${c} - [0:0]`));
    for (const chain of chains) {
      const own = rules.filter((r) => r.split(' ')[1] === chain);
      if (chain === 'KUBE-NODEPORTS' || chain === 'KUBE-SERVICES') {
        own.sort((a, b) => {
          if (last(a) !== last(b)) return last(a) ? 1 : -1;
          const na = serviceName(a);
          const nb = serviceName(b);
          return na < nb ? -1 : na > nb ? 1 : 0;
        });
      }
      out.push(...own);
    }
    out.push(...lines.filter((l) => l.startsWith('-X ')), 'COMMIT');
  }
  return `${out.join('\n')}\n`;
}

/** dedent for template literals: strips the common indentation and the first newline. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join('\n');
}
