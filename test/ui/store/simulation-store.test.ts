import { describe, expect, it } from 'vitest';

import { createSimulationStore } from '../../../src/store';

/** Plays the store for `frames` frames of 16 ms. */
function play(store: ReturnType<typeof createSimulationStore>, frames: number) {
  for (let i = 0; i < frames; i++) store.getState().tick(16, i * 16);
}

const route = (h: { from: string; to: string }) => `${h.from} → ${h.to}`;

describe('createSimulationStore', () => {
  it('exposes the topology of a 1 + 3 cluster', () => {
    const store = createSimulationStore();
    expect(store.getState().topology.nodes.map((n) => n.name)).toEqual([
      'control-plane-1',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
  });

  it('plays the hops of a kubectl command after the engine ran it, and then shows its output', () => {
    const store = createSimulationStore({ playing: true });
    const entry = store.getState().kubectl('run nginx --image=nginx');
    expect(entry.stdout).toBe('pod/nginx created\n');
    expect(store.getState().terminal[0].done).toBe(false);
    for (let i = 0; i < 2000 && !store.getState().terminal[0].done; i++)
      store.getState().tick(16, i * 16);
    const s = store.getState();
    expect(s.terminal[0].done).toBe(true);
    const story = s.log.filter((h) => h.trace === s.log.find((x) => x.from === 'kubectl')?.trace);
    expect(entry.trace).toBe(story[0].trace);
    const routes = story.map(route);
    expect(routes[0]).toBe('kubectl → kube-apiserver@control-plane-1');
    expect(routes[1]).toBe('kube-apiserver@control-plane-1 → etcd@control-plane-1');
    expect(routes).toContain('etcd@control-plane-1 → kube-apiserver@control-plane-1');
    const reply = story.find((h) => h.to === 'kubectl');
    expect(reply).toMatchObject({ from: 'kube-apiserver@control-plane-1', status: 201 });
    expect(reply!.deliveredAt).toBe(entry.completesAt);
  });

  it('shows a hop in flight between its send and delivery', () => {
    const store = createSimulationStore({ playing: true });
    store.getState().kubectl('get nodes');
    let seen = false;
    for (let i = 0; i < 400 && !seen; i++) {
      store.getState().tick(16, i * 16);
      seen = store.getState().inFlight.some((h) => h.from === 'kubectl');
    }
    expect(seen).toBe(true);
  });

  it('does not move while paused', () => {
    const store = createSimulationStore({ playing: false });
    const t = store.getState().viewTime;
    play(store, 10);
    expect(store.getState().viewTime).toBe(t);
  });

  it('steps to the landing of the next hop and pauses there, one landing at a time', () => {
    const store = createSimulationStore({ playing: false });
    store.getState().kubectl('run nginx --image=nginx');
    store.getState().step();
    play(store, 200);
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.stepTarget).toBeUndefined();
    // every hop landing at that instant, and nothing later
    expect(s.log.length).toBeGreaterThan(0);
    expect(s.log.every((h) => h.deliveredAt === s.viewTime)).toBe(true);
    store.getState().step();
    play(store, 200);
    expect(store.getState().viewTime).toBeGreaterThan(s.viewTime);
  });

  it('leaves background hops out of the log when they are hidden', () => {
    const store = createSimulationStore({ playing: true, speed: 100 });
    store.getState().setShowBackground(false);
    play(store, 200);
    expect(store.getState().viewTime).toBeGreaterThan(10_000);
    expect(store.getState().log.filter((h) => h.background)).toEqual([]);
  });

  it('keeps the speed between 0.1× and 100×', () => {
    const store = createSimulationStore();
    store.getState().setSpeed(1000);
    expect(store.getState().speed).toBe(100);
    store.getState().setSpeed(0);
    expect(store.getState().speed).toBe(0.1);
  });

  it('shows a failed component as down', () => {
    const store = createSimulationStore();
    store.getState().fail('kubelet@worker-2');
    const w2 = store.getState().topology.nodes.find((n) => n.name === 'worker-2')!;
    expect(w2.components.find((c) => c.kind === 'kubelet')?.up).toBe(false);
  });
});
