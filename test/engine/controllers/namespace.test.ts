import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import {
  updateConditions,
  contentTotalsConditions,
} from '../../../src/engine/controllers/namespace-conditions';
import { deploymentManifest, livePods } from './replicaset-kubelet-helpers';

describe('namespace controller', () => {
  it('empties a deleted namespace through the API, then finalizes it away', () => {
    const c = createCluster({ seed: 41, workers: 1 });
    expect(c.kubectl('create namespace team').exitCode).toBe(0);
    expect(
      c.runUntil(() => !!c.get('serviceaccounts', 'default', 'team'), { timeoutMs: 10_000 }),
    ).toBe(true);
    expect(c.kubectl('apply -n team -f -', deploymentManifest('api', 2)).exitCode).toBe(0);
    expect(c.kubectl('create configmap settings -n team --from-literal=a=b').exitCode).toBe(0);
    expect(c.runUntil(() => livePods(c, 'team').length === 2, { timeoutMs: 20_000 })).toBe(true);
    expect(c.kubectl('delete namespace team --wait=false').stdout).toBe(
      'namespace "team" deleted\n',
    );
    expect(c.get('namespaces', 'team')!.status).toMatchObject({ phase: 'Terminating' });
    let conditions: unknown;
    const gone = c.runUntil(
      () => {
        const ns = c.get('namespaces', 'team');
        if (ns) conditions = (ns.status as { conditions?: unknown }).conditions ?? conditions;
        return !ns;
      },
      { timeoutMs: 120_000 },
    );
    expect(gone).toBe(true);
    for (const kind of ['pods', 'deployments', 'replicasets', 'configmaps', 'serviceaccounts'])
      expect(c.list(kind, 'team')).toEqual([]);
    expect(
      (conditions as { type: string; status: string; reason: string }[]).map((x) => [
        x.type,
        x.reason,
      ]),
    ).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'ContentDeleted'],
      expect.arrayContaining(['NamespaceContentRemaining']),
      ['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers'],
    ]);
  });

  it('reports remaining content and finalizers with the upstream messages', () => {
    const failing = contentTotalsConditions(
      new Map([
        ['pods.', 2],
        ['deployments.apps', 1],
      ]),
      new Map([['custom.io/finalizer', 1]]),
      [],
    );
    const next = updateConditions([], failing, '2026-01-01T09:00:00Z')!;
    expect(next.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'NamespaceDeletionDiscoveryFailure',
        'False',
        'ResourcesDiscovered',
        'All resources successfully discovered',
      ],
      [
        'NamespaceDeletionGroupVersionParsingFailure',
        'False',
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      ],
      [
        'NamespaceDeletionContentFailure',
        'False',
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      ],
      [
        'NamespaceContentRemaining',
        'True',
        'SomeResourcesRemain',
        'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances',
      ],
      [
        'NamespaceFinalizersRemaining',
        'True',
        'SomeFinalizersRemain',
        'Some content in the namespace has finalizers remaining: custom.io/finalizer in 1 resource instances',
      ],
    ]);
    expect(updateConditions(next, failing, '2026-01-01T09:05:00Z')).toBeUndefined();
  });
});

describe('service account controller', () => {
  it('creates the default ServiceAccount in a new namespace and re-creates it when deleted', () => {
    const c = createCluster({ seed: 42, workers: 1 });
    expect(c.kubectl('create namespace apps').exitCode).toBe(0);
    expect(
      c.runUntil(() => !!c.get('serviceaccounts', 'default', 'apps'), { timeoutMs: 10_000 }),
    ).toBe(true);
    const first = c.get('serviceaccounts', 'default', 'apps')!.metadata.uid;
    expect(c.kubectl('delete serviceaccount default -n apps').exitCode).toBe(0);
    expect(
      c.runUntil(
        () => {
          const sa = c.get('serviceaccounts', 'default', 'apps');
          return !!sa && sa.metadata.uid !== first;
        },
        { timeoutMs: 10_000 },
      ),
    ).toBe(true);
  });
});
