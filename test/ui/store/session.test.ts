import { describe, expect, it } from 'vitest';

import { createPod } from '../../../src/scenarios';
import type { SimulationStore, SimulationStoreOptions } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';

const CLUSTER = { seed: 7, controlPlaneNodes: 1, workers: 3 };

/** A store whose rewinds are caught, as the provider catches them. */
function storeWithRewinds(options: SimulationStoreOptions = {}) {
  const replaced: SimulationStore[] = [];
  const store = createSimulationStore({
    cluster: CLUSTER,
    playing: false,
    wallClock: () => 0,
    ...options,
  });
  store.onReplaced((next) => replaced.push(next));
  return { store, replaced };
}

/** What a user sees of the cluster: pods with their nodes and phases. */
function podsOf(store: SimulationStore): string[] {
  return store.cluster
    .list('pods', 'default')
    .map((p) => {
      const pod = p as { metadata: { name: string }; spec?: { nodeName?: string } };
      const status = (p as { status?: { phase?: string } }).status;
      return `${pod.metadata.name}@${pod.spec?.nodeName ?? '-'}:${status?.phase ?? '-'}`;
    })
    .sort();
}

/** Answers the live step's question, if it asks one, then plays to its end. */
function playToStepEnd(store: SimulationStore) {
  store.getState().predict(0);
  let now = 0;
  for (let i = 0; i < 20_000 && !store.getState().walkthrough!.reached; i++)
    store.getState().tick(16, (now += 16));
}

describe('sessions: a view rebuilt from its actions', () => {
  it('rebuilds the same pods, nodes, failures and hops from a captured session', () => {
    const { store } = storeWithRewinds();
    const s = store.getState();
    s.kubectl('create deployment web --image=nginx --replicas=3');
    s.seek(s.viewTime + 40_000);
    s.inject({ op: 'power-off', node: 'worker-2' });
    store.getState().seek(store.getState().viewTime + 5_000);

    const session = store.getState().session();
    expect(session.actions.map((a) => a.kind)).toEqual(['kubectl', 'fault']);
    const copy = createSimulationStore({ session: JSON.parse(JSON.stringify(session)) });

    expect(copy.getState().viewTime).toBe(store.getState().viewTime);
    expect(podsOf(copy)).toEqual(podsOf(store));
    expect(copy.getState().topology).toEqual(store.getState().topology);
    const tail = (x: SimulationStore) =>
      x.getState().log.map((h) => `${h.seq} ${h.from}→${h.to} ${h.verb} ${h.resource}`);
    expect(tail(copy)).toEqual(tail(store));
    expect(copy.getState().terminal.map((e) => e.stdout)).toEqual([
      'deployment.apps/web created\n',
    ]);
  });

  it('rebuilds a cluster watched from power-on as watched, at the same virtual moment', () => {
    const store = createSimulationStore({
      cluster: { seed: 7, controlPlaneNodes: 1, workers: 1, boot: 'watch' },
      playing: false,
      wallClock: () => 0,
    });
    store.getState().seek(20_000);
    const session = store.getState().session();
    expect(session.cluster).toMatchObject({ boot: 'watch' });

    const copy = createSimulationStore({ session: JSON.parse(JSON.stringify(session)) });
    // the story starts at power-on (a booted cluster's would start once the boot is over)
    expect(copy.getState().startTime).toBe(0);
    expect(copy.getState().viewTime).toBe(20_000);
    const hopsUntil = (x: SimulationStore, t: number) =>
      x
        .getState()
        .log.filter((h) => h.sentAt <= t)
        .map((h) => `${h.from}→${h.to} ${h.verb} ${h.resource}`);
    expect(hopsUntil(copy, 20_000)).toEqual(hopsUntil(store, 20_000));
  });

  it('puts a walkthrough back at its step, and it goes on exactly as the original', () => {
    const original = createSimulationStore({
      cluster: CLUSTER,
      walkthrough: createPod,
      speed: 100,
      wallClock: () => 0,
    });
    for (let i = 0; i < 4; i++) {
      playToStepEnd(original);
      original.getState().nextStep();
    }
    const session = original.getState().session();
    expect(session.walkthrough).toMatchObject({ scenario: 'create-pod', step: 4 });

    const copy = createSimulationStore({ session, wallClock: () => 0 });
    expect(copy.getState().walkthrough?.index).toBe(4);
    // a link opens paused at its moment
    expect(copy.getState().playing).toBe(false);
    copy.getState().play();
    for (const store of [original, copy]) {
      store.getState().setSpeed(100);
      playToStepEnd(store);
    }
    const end = (x: SimulationStore) => x.getState().walkthrough!.endHop!;
    expect(end(copy).seq).toBe(end(original).seq);
    expect(end(copy).verb).toBe(end(original).verb);
  });

  it('starts the scenario afresh and goes to the step when the saved progress is implausible', () => {
    const session = {
      v: 1 as const,
      cluster: CLUSTER,
      actions: [],
      viewTime: 0,
      speed: 1,
      walkthrough: { scenario: 'create-pod', step: 2, state: { index: 99, viewing: -3 } },
    };
    const store = createSimulationStore({
      session: session as never,
      wallClock: () => 0,
    });
    expect(store.getState().walkthrough?.index).toBe(2);
    expect(store.getState().walkthrough?.scenario.id).toBe('create-pod');
  });
});

describe('rewinding', () => {
  it('goes back before an action, then replays it at its time when played forward', () => {
    const { store, replaced } = storeWithRewinds();
    const start = store.getState().viewTime;
    store.getState().seek(start + 5_000);
    store.getState().kubectl('run nginx --image=nginx');
    store.getState().seek(start + 30_000);
    const after = podsOf(store);
    expect(after).toEqual([expect.stringMatching(/^nginx@worker-\d:Running$/)]);

    store.getState().rewind(start + 2_000);
    const back = replaced.at(-1)!;
    expect(back.getState().viewTime).toBe(start + 2_000);
    expect(podsOf(back)).toEqual([]);
    expect(back.getState().horizon).toBe(start + 30_000);

    back.getState().seek(start + 30_000);
    expect(podsOf(back)).toEqual(after);
    expect(back.getState().actions).toEqual(store.getState().actions);
  });

  it('drops the replayed future when the user acts after a rewind', () => {
    const { store, replaced } = storeWithRewinds();
    const start = store.getState().viewTime;
    store.getState().seek(start + 1_000);
    store.getState().kubectl('run first --image=nginx');
    store.getState().seek(start + 10_000);
    store.getState().rewind(start + 500);
    const back = replaced.at(-1)!;
    back.getState().kubectl('run second --image=nginx');
    back.getState().seek(start + 20_000);
    expect(podsOf(back).map((p) => p.split('@')[0])).toEqual(['second']);
    expect(back.getState().actions.map((a) => a.kind === 'kubectl' && a.command)).toEqual([
      'run second --image=nginx',
    ]);
  });

  it('steps back to where the previous hop landed', () => {
    const { store, replaced } = storeWithRewinds();
    store.getState().kubectl('get pods');
    store.getState().seek(store.getState().viewTime + 2_000);
    const landed = store.getState().log.map((h) => h.deliveredAt);
    const viewTime = store.getState().viewTime;
    store.getState().stepBack();
    const back = replaced.at(-1)!;
    const previous = Math.max(...landed.filter((t) => t < viewTime));
    expect(back.getState().viewTime).toBe(previous);
    expect(back.getState().log.at(-1)!.deliveredAt).toBeLessThanOrEqual(previous);
  });

  it('takes the walkthrough back to where it was, and it plays to the same step end again', () => {
    const { store, replaced } = storeWithRewinds({ walkthrough: createPod, speed: 100 });
    playToStepEnd(store);
    const firstEnd = store.getState().walkthrough!.endHop!;
    const firstEndAt = store.getState().viewTime;
    store.getState().nextStep();
    playToStepEnd(store);
    store.getState().nextStep();
    playToStepEnd(store);
    expect(store.getState().walkthrough!.index).toBe(2);

    store.getState().rewind(firstEndAt - 1);
    const back = replaced.at(-1)!;
    expect(back.getState().walkthrough!.index).toBe(0);
    expect(back.getState().walkthrough!.reached).toBe(false);
    back.getState().play();
    playToStepEnd(back);
    expect(back.getState().viewTime).toBe(firstEndAt);
    expect(back.getState().walkthrough!.endHop!.seq).toBe(firstEnd.seq);
  });
});
