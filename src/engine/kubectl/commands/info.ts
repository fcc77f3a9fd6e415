// kubectl version, api-resources and cluster-info (pkg/cmd/version, apiresources, clusterinfo).
import { allResources, apiVersionOf } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Command } from '../command';
import { formatTabbed, GET_TABWRITER } from '../tabwriter';

/** The client this kubectl claims to be: the upstream v1.32 build it imitates. */
export const CLIENT_VERSION = 'v1.32.5';
const KUSTOMIZE_VERSION = 'v5.5.0';

export const versionCommand: Command = {
  name: 'version',
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    inv.out.out(`Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (inv.flags.bool('client')) return;
    const v = inv.client.send({ method: 'GET', path: '/version' }) as { gitVersion: string };
    inv.out.out(`Server Version: ${v.gitVersion}\n`);
  },
};

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  flags: [
    { name: 'namespaced', type: 'bool', default: true },
    { name: 'no-headers', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'api-group', type: 'string' },
  ],
  run(inv) {
    const wide = inv.flags.string('output') === 'wide';
    let lines = inv.flags.bool('no-headers')
      ? ''
      : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const r of allResources()) {
      if (inv.flags.changed('api-group') && r.group !== inv.flags.string('api-group')) continue;
      if (inv.flags.changed('namespaced') && r.namespaced !== inv.flags.bool('namespaced'))
        continue;
      const cells = [
        r.resource,
        r.shortNames.join(','),
        apiVersionOf(r),
        String(r.namespaced),
        r.kind,
      ];
      if (wide) cells.push(`[${r.verbs.join(' ')}]`, (r.categories ?? []).join(','));
      lines += cells.join('\t') + '\n';
    }
    inv.out.out(formatTabbed(lines, GET_TABWRITER));
  },
};

// clusterinfo.go prints names green and URLs yellow (ct.ChangeColor).
const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  flags: [],
  run(inv) {
    const server = inv.ctx.server;
    // the request also proves the server is reachable, as the real command's list does
    const list = inv.client.send({
      method: 'GET',
      path: '/api/v1/namespaces/kube-system/services',
      query: { labelSelector: 'kubernetes.io/cluster-service=true' },
    }) as { items: KubeObject[] };
    let out = `${GREEN}Kubernetes control plane${RESET} is running at ${YELLOW}${server}${RESET}\n`;
    for (const svc of list.items) {
      const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name;
      const ports = ((svc.spec as { ports?: { name?: string; port: number }[] }).ports ?? [])[0];
      const port = ports ? (ports.name ? `:${ports.name}` : `:${ports.port}`) : '';
      out += `${GREEN}${name}${RESET} is running at ${YELLOW}${server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port}/proxy${RESET}\n`;
    }
    out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    inv.out.out(out);
  },
};
