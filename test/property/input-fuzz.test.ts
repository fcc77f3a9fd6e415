// fast-check fuzzing of the REST handler and the kubectl command line: whatever arrives, an
// answer comes back (a Status for errors, a result for kubectl) and no exception escapes.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../src/engine';
import { createCluster } from '../../src/engine';
import type { ApiRequest } from '../../src/engine/api/types';

let c: Cluster;
beforeAll(() => {
  c = createCluster({ seed: 3, workers: 1 });
}, 120_000);

const segment = fc.oneof(
  fc.constantFrom('api', 'apis', 'v1', 'apps', 'namespaces', 'default', 'kube-system', 'pods'),
  fc.constantFrom('configmaps', 'deployments', 'nodes', 'status', 'scale', 'binding', 'watch'),
  fc.constantFrom('..', '.', '', '%2F', '%00', '~', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
);

const request: fc.Arbitrary<ApiRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') as fc.Arbitrary<
    ApiRequest['method']
  >,
  path: fc.array(segment, { maxLength: 7 }).map((s) => `/${s.join('/')}`),
  query: fc.dictionary(
    fc.constantFrom(
      'labelSelector',
      'fieldSelector',
      'resourceVersion',
      'limit',
      'continue',
      'watch',
      'propagationPolicy',
      'gracePeriodSeconds',
      'dryRun',
    ),
    fc.string({ maxLength: 20 }),
    { maxKeys: 3 },
  ),
  headers: fc.dictionary(
    fc.constant('Content-Type'),
    fc.constantFrom(
      'application/json',
      'application/yaml',
      'application/merge-patch+json',
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
      'text/plain',
      '',
    ),
    { maxKeys: 1 },
  ),
  body: fc.oneof(
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 4 }),
    fc.string({ maxLength: 80 }),
  ),
});

describe('fuzzing the REST handler', () => {
  it('answers every generated request with a status, and errors with a Status object', () => {
    fc.assert(
      fc.property(request, (req) => {
        const res = c.request(req) as { status: number; body: { kind?: string; code?: number } };
        expect(Number.isInteger(res.status)).toBe(true);
        if (res.status >= 400) {
          expect(res.body.kind).toBe('Status');
          expect(res.body.code).toBe(res.status);
        }
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? 8) },
    );
  });
});

const token = fc.oneof(
  fc.constantFrom(
    'get',
    'describe',
    'delete',
    'apply',
    'create',
    'scale',
    'label',
    'run',
    'rollout',
    'expose',
  ),
  fc.constantFrom(
    'pods',
    'deploy',
    'svc',
    'nodes',
    'cm',
    'all',
    '-o',
    'yaml',
    'wide',
    '-l',
    '-n',
    '-A',
    '--replicas=3',
    '-f',
    '-',
  ),
  fc.constantFrom('"', "'", '\\', '=', '--', '---', '$(x)', '`x`', ';', '|', '&&', '*'),
  fc.string({ maxLength: 10 }),
);

describe('fuzzing the kubectl command line', () => {
  it('answers every generated command line with output and an exit code, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 8 }),
        fc.option(fc.string({ maxLength: 200 })),
        (tokens, stdin) => {
          const r = c.kubectl(tokens.join(' '), stdin ?? undefined);
          expect(typeof r.stdout).toBe('string');
          expect(typeof r.stderr).toBe('string');
          expect(Number.isInteger(r.exitCode)).toBe(true);
          // an error exit says why
          if (r.exitCode !== 0) expect(r.stderr.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? 8) },
    );
  });
});
