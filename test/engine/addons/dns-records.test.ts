import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/engine/api/types';
import type { DnsView } from '../../../src/engine/addons/dns-records';
import { resolveClusterName, searchCandidates } from '../../../src/engine/addons/dns-records';

const services: Record<string, KubeObject> = {
  'default/web': svc('default', 'web', { clusterIP: '10.96.4.5' }),
  'default/db': svc('default', 'db', { clusterIP: 'None' }),
  'default/ext': svc('default', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
};
const slices: Record<string, KubeObject[]> = {
  'default/db': [
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-x', namespace: 'default' },
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.244.1.7'], conditions: { ready: true } },
        { addresses: ['10.244.2.8'], conditions: { ready: false } },
        { addresses: ['10.244.3.9'] },
      ],
    } as KubeObject,
  ],
};
const view: DnsView = {
  service: (ns, name) => services[`${ns}/${name}`],
  slices: (ns, name) => slices[`${ns}/${name}`] ?? [],
};

function svc(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec };
}

describe('resolveClusterName', () => {
  it.each([
    ['web.default.svc.cluster.local', { rcode: 'NOERROR', addresses: ['10.96.4.5'] }],
    ['WEB.default.svc.cluster.local.', { rcode: 'NOERROR', addresses: ['10.96.4.5'] }],
    ['db.default.svc.cluster.local', { rcode: 'NOERROR', addresses: ['10.244.1.7', '10.244.3.9'] }],
    ['ext.default.svc.cluster.local', { rcode: 'NOERROR', addresses: [], cname: 'example.com' }],
    ['10-244-1-7.default.pod.cluster.local', { rcode: 'NOERROR', addresses: ['10.244.1.7'] }],
    ['web.other.svc.cluster.local', { rcode: 'NXDOMAIN', addresses: [] }],
    [
      'web.default.svc.cluster.local.default.svc.cluster.local',
      { rcode: 'NXDOMAIN', addresses: [] },
    ],
    ['web', { rcode: 'NXDOMAIN', addresses: [] }],
    ['example.com', { rcode: 'NXDOMAIN', addresses: [] }],
  ])('answers %s with %j', (name, answer) => {
    expect(resolveClusterName(name, view)).toEqual(answer);
  });
});

describe('searchCandidates', () => {
  it.each([
    ['web', ['web.team.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']],
    [
      'web.default',
      [
        'web.default.team.svc.cluster.local',
        'web.default.svc.cluster.local',
        'web.default.cluster.local',
        'web.default',
      ],
    ],
    ['web.default.svc.cluster.local.', ['web.default.svc.cluster.local']],
    [
      'a.b.c.d.e.f',
      [
        'a.b.c.d.e.f',
        'a.b.c.d.e.f.team.svc.cluster.local',
        'a.b.c.d.e.f.svc.cluster.local',
        'a.b.c.d.e.f.cluster.local',
      ],
    ],
  ])('tries %s from namespace team as %j (ndots:5)', (host, names) => {
    expect(searchCandidates(host, 'team')).toEqual(names);
  });
});
