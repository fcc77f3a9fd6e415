import { describe, expect, it } from 'vitest';

import type { Hop } from '../../../src/engine';
import type { Topology } from '../../../src/engine/view';
import { clusterTopology } from '../../../src/engine/view';
import { createPod } from '../../../src/scenarios';
import type { SimulationStore } from '../../../src/store';
import { createSimulationStore, ENGINE_SLICE_MS } from '../../../src/store';

/** The worker the pod is drawn on, if any. */
const workerOf = (t: Topology, pod: string) =>
  t.nodes.find((n) => n.role === 'worker' && n.pods.some((p) => p.name === pod))?.name;

const hasPod = (t: Topology, pod: string) =>
  [...t.unscheduledPods, ...t.nodes.flatMap((n) => n.pods)].some((p) => p.name === pod);

const isBinding = (h: Hop) =>
  h.from.startsWith('kube-scheduler@') && h.resource.endsWith('/pods/nginx/binding');

/** Plays 16 ms frames until `done` (at most `maxFrames`); returns whether it happened. */
function playUntil(store: SimulationStore, done: () => boolean, maxFrames = 50_000) {
  let now = 0;
  for (let i = 0; i < maxFrames && !done(); i++) store.getState().tick(16, (now += 16));
  return done();
}

describe('the diagram shows the cluster as of the view time, not the engine', () => {
  it('shows no pod on a worker at the walkthrough’s first step though the engine has bound it, and shows it once playback passes the binding', () => {
    const store = createSimulationStore({ cluster: { seed: 1 }, walkthrough: createPod });
    playUntil(store, () => store.getState().walkthrough!.reached);
    const first = store.getState();
    expect(first.walkthrough).toMatchObject({ index: 0, reached: true });
    // the engine runs ahead of the story: it has already placed the pod
    expect(workerOf(clusterTopology(store.cluster), 'nginx')).toMatch(/^worker-\d$/);
    // the workers show at most their DaemonSet's kube-proxy pod, not the walkthrough's pod
    const shown = first.topology.nodes
      .filter((n) => n.role === 'worker')
      .flatMap((n) => n.pods.map((p) => p.name));
    expect(shown.filter((name) => !name.startsWith('kube-proxy-'))).toEqual([]);
    expect(hasPod(first.topology, 'nginx')).toBe(false);

    const placed = () => {
      const s = store.getState();
      if (s.walkthrough!.reached) s.nextStep();
      store.getState().predict(0); // the scheduling question: any prediction runs the step
      return workerOf(store.getState().topology, 'nginx') !== undefined;
    };
    expect(playUntil(store, placed)).toBe(true);
    const s = store.getState();
    const binding = store.cluster.sim.hops.since(0).find(isBinding)!;
    expect(workerOf(s.topology, 'nginx')).toBe(s.walkthrough!.vars.node);
    expect(s.viewTime).toBeGreaterThanOrEqual(binding.deliveredAt);
    expect(s.viewTime).toBeLessThanOrEqual(binding.deliveredAt + 2 * ENGINE_SLICE_MS);
    const bind = createPod.steps.findIndex((step) => step.id === 'bind');
    expect(s.walkthrough!.index).toBeGreaterThanOrEqual(bind);
  });

  it('shows a pod from kubectl run in slow motion only as playback reaches its creation and then its binding', () => {
    const store = createSimulationStore({ cluster: { seed: 1 }, speed: 0.1 });
    const entry = store.getState().kubectl('run nginx --image=nginx');
    expect(hasPod(clusterTopology(store.cluster), 'nginx')).toBe(true);
    expect(hasPod(store.getState().topology, 'nginx')).toBe(false);

    let engineAhead = false;
    const placed = () => {
      const s = store.getState();
      const engine = workerOf(clusterTopology(store.cluster), 'nginx');
      engineAhead ||= engine !== undefined && workerOf(s.topology, 'nginx') === undefined;
      return workerOf(s.topology, 'nginx') !== undefined;
    };
    expect(playUntil(store, () => store.getState().terminal[0].done)).toBe(true);
    expect(store.getState().viewTime).toBeGreaterThanOrEqual(entry.completesAt);
    expect(store.getState().topology.unscheduledPods.map((p) => p.name)).toContain('nginx');
    expect(playUntil(store, placed)).toBe(true);
    expect(engineAhead).toBe(true);
    const binding = store.cluster.sim.hops.since(0).find(isBinding)!;
    expect(store.getState().viewTime).toBeGreaterThanOrEqual(binding.deliveredAt);
    expect(store.getState().topology.unscheduledPods.map((p) => p.name)).not.toContain('nginx');
  });

  it('keeps the same topology object while nothing it draws changes', () => {
    const store = createSimulationStore({ cluster: { seed: 1 } });
    const before = store.getState().topology;
    store.getState().kubectl('get nodes');
    playUntil(store, () => store.getState().terminal[0].done);
    expect(store.getState().topology).toBe(before);
  });
});
