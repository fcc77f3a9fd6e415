import { describe, expect, it } from 'vitest';

import { cluster } from './helpers';

describe('discovery', () => {
  it('lists core resources with their short names and verbs', () => {
    const c = cluster();
    const res = c.request({ method: 'GET', path: '/api/v1' });
    const list = res.body as {
      groupVersion: string;
      resources: { name: string; shortNames?: string[]; verbs: string[]; namespaced: boolean }[];
    };
    expect(list.groupVersion).toBe('v1');
    const pods = list.resources.find((r) => r.name === 'pods')!;
    expect(pods.shortNames).toEqual(['po']);
    expect(pods.namespaced).toBe(true);
    expect(pods.verbs).toContain('watch');
    expect(list.resources.find((r) => r.name === 'nodes')?.shortNames).toEqual(['no']);
    expect(list.resources.some((r) => r.name === 'pods/binding')).toBe(true);
  });

  it('serves /version and the group list', () => {
    const c = cluster();
    expect(
      (c.request({ method: 'GET', path: '/version' }).body as { gitVersion: string }).gitVersion,
    ).toMatch(/^v1\.32\./);
    const groups = (
      c.request({ method: 'GET', path: '/apis' }).body as { groups: { name: string }[] }
    ).groups.map((g) => g.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'coordination.k8s.io',
        'discovery.k8s.io',
        'rbac.authorization.k8s.io',
      ]),
    );
  });
});
