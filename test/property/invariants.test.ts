/**
 * Invariants under random schedules (fast-check): random user actions and failures over random
 * topologies (1 or 3 control planes, 2–6 workers, with or without add-on pods).
 *
 * Four properties of different weight, about 500 schedules in all (RUNS in schedules.ts):
 * - safety, over many short schedules (a boot costs 50–500 ms of CPU, so most boot one control
 *   plane): no pod re-bound, no node over-committed, one etcd leader per term, revisions never
 *   going back, every acknowledged write committed on a majority of etcd members;
 * - the same seed and actions give the same hop log;
 * - convergence, over fewer and longer schedules: after every fault is repaired and 15
 *   simulated minutes (1–3 s of CPU each) every workload is ready, endpoints match, nodes Ready;
 * - the UI store never throws when fed the same kinds of schedules.
 *
 * Replay a failure with the seed (and path) fast-check prints:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run --project engine test/property/invariants.test.ts
 * Longer runs (npm run fuzz): FC_RUNS=100000 scales every property's run count to about that
 * many schedules in total, with fresh seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createSimulationStore } from '../../src/store';
import {
  RUNS,
  action,
  expectAckedWritesCommitted,
  expectConverged,
  lightTopology,
  params,
  repairAll,
  runSchedule,
  shortAction,
  topology,
} from './schedules';

const TIMEOUT = 3_600_000;
const clusterSeed = fc.integer({ min: 1, max: 1e6 });

describe('invariants under random schedules', () => {
  it(
    'never re-binds a pod, never overcommits a node, keeps one etcd leader per term, revisions rising and acknowledged writes committed',
    { timeout: TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          lightTopology,
          clusterSeed,
          fc.array(shortAction, { maxLength: 3 }),
          (topo, seed, actions) => {
            const { c, acked } = runSchedule(topo, seed, actions);
            expectAckedWritesCommitted(c, acked);
          },
        ),
        params(RUNS.safety),
      );
    },
  );

  it('gives the same hop log for the same seed and actions', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(
        lightTopology,
        clusterSeed,
        fc.array(shortAction, { maxLength: 3 }),
        (topo, seed, actions) => {
          const small = { ...topo, workers: Math.min(topo.workers, 3) };
          expect(runSchedule(small, seed, actions).hops).toBe(
            runSchedule(small, seed, actions).hops,
          );
        },
      ),
      params(RUNS.determinism),
    );
  });

  it(
    'converges once every fault is repaired and 15 simulated minutes pass',
    { timeout: TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          topology,
          clusterSeed,
          fc.array(action, { minLength: 1, maxLength: 6 }),
          (topo, seed, actions) => {
            const { c, acked } = runSchedule(topo, seed, actions);
            repairAll(c);
            c.advance(15 * 60_000);
            expectConverged(c, acked);
          },
        ),
        params(RUNS.converge),
      );
    },
  );

  it('feeds the same schedules to the UI store without it throwing', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(clusterSeed, fc.array(action, { maxLength: 5 }), (seed, actions) => {
        let wall = 0;
        const store = createSimulationStore({
          cluster: { seed, workers: 2 },
          wallClock: () => wall,
        });
        const s = () => store.getState();
        for (const a of actions) {
          if (a.kind === 'deploy')
            s().kubectl(`create deployment app-${a.app} --image=nginx --replicas=${a.replicas}`);
          else if (a.kind === 'scale')
            s().kubectl(`scale deployment app-${a.app} --replicas=${a.replicas}`);
          else if (a.kind === 'kubectl') s().kubectl(a.command);
          else if (a.kind === 'power-off') s().fail(`node/worker-${(a.worker % 2) + 1}`);
          else if (a.kind === 'wait') s().setSpeed(100);
          for (let f = 0; f < 20; f++) {
            wall += 16;
            s().tick(16, wall);
          }
        }
      }),
      params(RUNS.store),
    );
  });
});
