import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';

describe('pod garbage collector', () => {
  it('deletes pods bound to a node that does not exist after the quarantine, marking them Failed first', () => {
    const c = createCluster({ seed: 61, workers: 1 });
    const r = c.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'lost' },
        spec: { nodeName: 'gone-node', containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    expect(r.status).toBe(201);
    const start = c.now();
    const patched: string[] = [];
    const deleted = c.runUntil(
      () => {
        const p = c.get('pods', 'lost');
        const cond = (
          (
            p?.status as
              { conditions?: { type: string; reason: string; message: string }[] } | undefined
          )?.conditions ?? []
        ).find((x) => x.type === 'DisruptionTarget');
        if (cond && patched.length === 0)
          patched.push(`${(p!.status as { phase: string }).phase} ${cond.reason} ${cond.message}`);
        return !p;
      },
      { timeoutMs: 120_000 },
    );
    expect(deleted).toBe(true);
    // 40 s of quarantine, checked every 20 s
    expect(c.now() - start).toBeGreaterThanOrEqual(40_000);
    expect(c.now() - start).toBeLessThan(85_000);
    expect(patched).toEqual(['Failed DeletionByPodGC PodGC: node no longer exists']);
  });
});
