// The bad-input corpus (test/corpus/): every hostile input gets real Kubernetes' error, nothing
// escapes as an exception, and the stored cluster state is unchanged.
import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../src/engine';
import { createCluster } from '../../src/engine';
import { kubectlCases } from '../corpus/kubectl-cases';
import { restCases } from '../corpus/rest-cases';
import { changedKeys, storeContents } from '../corpus/store';

let c: Cluster;
beforeAll(() => {
  c = createCluster({ seed: 8, workers: 1 });
  // a little state for the bad input to leave alone
  c.kubectl('create deployment web --image=nginx --replicas=1');
  c.kubectl('create configmap settings --from-literal=a=b');
  c.advance(30_000);
}, 120_000);

/** Runs `fn` and returns the keys it changed in etcd. */
function changes(fn: () => void): string[] {
  const before = storeContents(c);
  fn();
  return changedKeys(before, storeContents(c));
}

describe('the bad-input corpus', () => {
  it('holds at least 1,000 inputs', () => {
    expect(kubectlCases.length + restCases.length).toBeGreaterThanOrEqual(1000);
  });

  it('lists where the simulation still words an error differently from kubectl', () => {
    expect(kubectlCases.filter((k) => k.divergence).map((k) => k.name)).toEqual([
      'a document nested 1000 deep with no kind',
      'a document nested 5000 deep with no kind',
    ]);
  });

  it(
    'gives kubectl its real error for every hostile command line and manifest, and changes nothing',
    { timeout: 300_000 },
    () => {
      const failures: string[] = [];
      for (const k of kubectlCases) {
        let result: { stdout: string; stderr: string; exitCode: number } | undefined;
        const changed = changes(() => {
          try {
            result = c.kubectl(k.command, k.stdin);
          } catch (e) {
            failures.push(`${k.name}: threw ${String(e)}`);
          }
        });
        if (!result) continue;
        const okMessage =
          typeof k.stderr === 'string' ? result.stderr === k.stderr : k.stderr.test(result.stderr);
        // a known divergence from kubectl's wording still has to be an error that changes nothing
        if (!okMessage && !k.divergence)
          failures.push(`${k.name}: stderr ${JSON.stringify(result.stderr.slice(0, 300))}`);
        if (result.exitCode === 0) failures.push(`${k.name}: exit code 0`);
        if (result.stdout !== '')
          failures.push(`${k.name}: stdout ${JSON.stringify(result.stdout.slice(0, 200))}`);
        if (changed.length) failures.push(`${k.name}: changed ${changed.join(', ')}`);
      }
      expect(failures).toEqual([]);
    },
  );

  it(
    'gives the apiserver its real status for every hostile request, and changes nothing',
    { timeout: 300_000 },
    () => {
      const failures: string[] = [];
      for (const r of restCases) {
        let res: { status: number; body: unknown } | undefined;
        const changed = changes(() => {
          try {
            res = c.request(r.req) as { status: number; body: unknown };
          } catch (e) {
            failures.push(`${r.name}: threw ${String(e)}`);
          }
        });
        if (!res) continue;
        const body = res.body as { kind?: string; message?: string; code?: number };
        if (res.status !== r.status)
          failures.push(`${r.name}: status ${res.status} (${body?.message})`);
        if (body?.kind !== 'Status' || body.code !== res.status)
          failures.push(`${r.name}: body is not a Status of code ${res.status}`);
        const msg = body?.message ?? '';
        const okMessage = typeof r.message === 'string' ? msg === r.message : r.message.test(msg);
        if (!okMessage) failures.push(`${r.name}: message ${JSON.stringify(msg)}`);
        if (changed.length) failures.push(`${r.name}: changed ${changed.join(', ')}`);
      }
      expect(failures).toEqual([]);
    },
  );
});
