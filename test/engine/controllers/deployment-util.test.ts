import { describe, expect, it } from 'vitest';

import type { KubeObject } from '../../../src/engine';
import {
  computeHash,
  newRSNewReplicas,
  replicaSetProportion,
  resolveFenceposts,
  safeEncodeString,
} from '../../../src/engine/controllers/deployment-util';

describe('ResolveFenceposts (deployment_util_test.go TestResolveFenceposts)', () => {
  it.each([
    { maxSurge: '0%', maxUnavailable: '0%', desired: 0, surge: 0, unavailable: 1 },
    { maxSurge: '39%', maxUnavailable: '39%', desired: 10, surge: 4, unavailable: 3 },
    { maxSurge: '25%', maxUnavailable: '25%', desired: 1, surge: 1, unavailable: 0 },
    { maxSurge: '25%', maxUnavailable: '25%', desired: 4, surge: 1, unavailable: 1 },
    { maxSurge: '25%', maxUnavailable: '25%', desired: 10, surge: 3, unavailable: 2 },
    { maxSurge: 0, maxUnavailable: 0, desired: 5, surge: 0, unavailable: 1 },
  ])(
    '$maxSurge/$maxUnavailable of $desired → surge $surge, unavailable $unavailable',
    ({ maxSurge, maxUnavailable, desired, surge, unavailable }) => {
      expect(resolveFenceposts(maxSurge, maxUnavailable, desired)).toEqual({ surge, unavailable });
    },
  );

  it.each([
    ['oops', '39%'],
    ['55%', 'urg'],
  ])('rejects %s / %s', (s, u) => {
    expect(() => resolveFenceposts(s, u, 10)).toThrow('invalid type: string is not a percentage');
  });
});

describe('pod-template-hash', () => {
  it('SafeEncodeString maps each digit onto the safe alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable, changes with the template and with the collision count', () => {
    const t = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    };
    const h = computeHash(t);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash({ ...t, spec: { containers: [{ name: 'a', image: 'nginx:2' }] } })).not.toBe(
      h,
    );
    expect(computeHash(t, 1)).not.toBe(h);
  });
});

const deployment = (replicas: number, status = 0): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    replicas,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  },
  status: { replicas: status },
});
const rs = (replicas: number, maxReplicas?: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: `rs-${replicas}`,
    annotations: maxReplicas
      ? { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) }
      : {},
  },
  spec: { replicas },
});

describe('scaling arithmetic', () => {
  it('NewRSNewReplicas grows the new ReplicaSet up to desired + maxSurge in total', () => {
    expect(newRSNewReplicas(deployment(10), [rs(10), rs(0)], rs(0))).toBe(3);
    expect(newRSNewReplicas(deployment(10), [rs(8), rs(3)], rs(3))).toBe(5);
    expect(newRSNewReplicas(deployment(10), [rs(10), rs(3)], rs(3))).toBe(3);
  });

  it('GetReplicaSetProportion scales by max-replicas, capped by what is left to add', () => {
    // deployment 10 → 20 (max 25); a ReplicaSet of 8 annotated with max 13
    expect(replicaSetProportion(rs(8, 13), deployment(20), 12, 0)).toBe(7);
    expect(replicaSetProportion(rs(5, 13), deployment(20), 12, 7)).toBe(5);
    expect(replicaSetProportion(rs(5, 13), deployment(20), 12, 12)).toBe(0);
    // scaling down: round(15 × 13 / 25) − 15, but never more than is left to remove
    expect(replicaSetProportion(rs(15, 25), deployment(10), -12, 0)).toBe(-7);
    expect(replicaSetProportion(rs(15, 25), deployment(10), -12, -8)).toBe(-4);
  });
});
