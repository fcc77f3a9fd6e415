import { describe, expect, it } from 'vitest';

import { createCluster } from '../../../src/engine';
import { findStepEnd } from '../../../src/scenarios/match';
import { StepWatch } from '../../../src/scenarios/condition-watch';
import type { Scenario } from '../../../src/scenarios';
import { bootControlPlane } from '../../../src/scenarios/boot-control-plane';

// The boot walkthrough's "etcd elects a leader" (a condition) and "nodes register" (a hop):
// the kubelets have been retrying, so they register within milliseconds of the leader.
const [, etcdStep, registerStep] = bootControlPlane.steps;
const scenario: Scenario = { ...bootControlPlane, steps: [etcdStep, registerStep] };

/** Boots a watched cluster in slices of `sliceMs`, watching the etcd step from the start. */
function watchBoot(sliceMs: number) {
  const c = createCluster({ seed: 1, controlPlaneNodes: 1, workers: 2, boot: 'watch' });
  const watch = new StepWatch(c, scenario, () => ({}));
  c.subscribe(() => watch.onSlice());
  watch.begin(0, c.now());
  while (!watch.met(0)) c.advance(sliceMs);
  return { c, met: watch.met(0)! };
}

describe('StepWatch: when a step’s condition held', () => {
  it.each([10, 25, 50, 200])(
    'in %i ms slices, the next step still finds the hops of the slice where it first held',
    (sliceMs) => {
      const { c, met } = watchBoot(sliceMs);
      expect(c.etcd.leader()).toBeDefined();
      // the view stops where the engine saw it; the hop is the last one before that slice
      expect(met.at).toBe(c.now());
      expect(met.hop.sentAt).toBeLessThanOrEqual(met.at);
      c.advance(1_000);
      const next = findStepEnd(registerStep, c.hops(), met.hop.seq);
      expect(next?.hop).toMatchObject({ from: 'kube-apiserver@control-plane-1', verb: '201' });
      expect(next!.hop.resource).toBe('/api/v1/nodes');
      // and it is the first node registration there was
      const first = c.hops().find((h) => h.verb === '201' && h.resource === '/api/v1/nodes');
      expect(next!.hop.seq).toBe(first!.seq);
    },
  );

  it('a condition that already holds when the step begins ends it at the last hop so far', () => {
    const { c } = watchBoot(10);
    const watch = new StepWatch(c, scenario, () => ({}));
    const last = c.hops().at(-1)!;
    watch.begin(0, c.now());
    expect(watch.met(0)).toEqual({ at: c.now(), hop: last });
  });
});
