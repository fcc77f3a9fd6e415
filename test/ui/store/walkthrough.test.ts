import { describe, expect, it } from 'vitest';

import type { Scenario } from '../../../src/scenarios';
import { createPod } from '../../../src/scenarios';
import type { SimulationStore } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';

/** Plays 16 ms frames until the live step is reached (at most `maxFrames`). */
function playToStepEnd(store: SimulationStore, maxFrames = 20_000) {
  let now = 0;
  for (let i = 0; i < maxFrames && !store.getState().walkthrough!.reached; i++)
    store.getState().tick(16, (now += 16));
}

function runWalkthrough(controlPlaneNodes: number, speed: number) {
  const store = createSimulationStore({
    cluster: { seed: 1, controlPlaneNodes, workers: 3 },
    walkthrough: createPod,
    speed,
  });
  const ends: string[] = [];
  for (let i = 0; i < createPod.steps.length; i++) {
    const asked = store.getState().walkthrough!;
    if (asked.quizzes?.[asked.scenario.steps[asked.index].id]?.phase === 'asking') {
      expect(store.getState().playing).toBe(false);
      store.getState().predict(0);
    }
    playToStepEnd(store);
    const w = store.getState().walkthrough!;
    expect(w.reached, `step ${w.scenario.steps[w.index].id} after ${ends.join('; ')}`).toBe(true);
    expect(store.getState().playing).toBe(false);
    const h = w.endHop!;
    ends.push(
      `${w.scenario.steps[w.index].id}: ${h.from} → ${h.to} ${h.verb} ${h.resource.split('?')[0]}`,
    );
    store.getState().nextStep();
  }
  return { store, ends };
}

describe('the create-pod walkthrough on the live simulation', () => {
  it('ends every step at its hop, in order, and the last one shows the pod Running', () => {
    const { store, ends } = runWalkthrough(1, 100);
    const node = store.getState().walkthrough!.vars.node!;
    expect(node).toMatch(/^worker-\d$/);
    expect(ends.map((e) => e.replaceAll(node, 'NODE'))).toEqual([
      'submit: kubectl → kube-apiserver@control-plane-1 POST /api/v1/namespaces/default/pods',
      'admit: kube-apiserver@control-plane-1 → etcd@control-plane-1 Txn /registry/pods/default/nginx',
      'persist: etcd@control-plane-1 → kube-apiserver@control-plane-1 Txn /registry/pods/default/nginx',
      'watch: kube-apiserver@control-plane-1 → kube-scheduler@control-plane-1 ADDED pods/default/nginx',
      'schedule: kube-scheduler@control-plane-1 → kube-apiserver@control-plane-1 POST /api/v1/namespaces/default/pods/nginx/binding',
      'bind: etcd@control-plane-1 → kube-apiserver@control-plane-1 Txn /registry/pods/default/nginx',
      'kubelet: kube-apiserver@control-plane-1 → kubelet@NODE ADDED pods/default/nginx',
      'sandbox: containerd@NODE → kubelet@NODE RunPodSandbox pod/default/nginx',
      'pull: containerd@NODE → kubelet@NODE PullImage pod/default/nginx',
      'create: containerd@NODE → kubelet@NODE CreateContainer pod/default/nginx',
      'start: containerd@NODE → kubelet@NODE StartContainer pod/default/nginx',
      'status: kube-apiserver@control-plane-1 → kubelet@NODE 200 /api/v1/namespaces/default/pods/nginx/status',
      'get: kube-apiserver@control-plane-1 → kubectl 200 /api/v1/namespaces/default/pods',
    ]);
    // the three predictions, answered by what the simulation did
    const quizzes = store.getState().walkthrough!.quizzes!;
    expect(
      Object.fromEntries(Object.entries(quizzes).map(([id, q]) => [id, [q.prediction, q.answer]])),
    ).toEqual({ watch: [0, 1], schedule: [0, 1], sandbox: [0, 2] });
    // paused on the last step: the diagram still refreshes
    for (let i = 1; i <= 20; i++) store.getState().tick(16, 1e6 + i * 16);
    const last = store.getState().terminal.at(-1)!;
    expect(last.shown).toBe('kubectl get pods');
    expect(last.done).toBe(true);
    expect(last.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nnginx\s+1\/1\s+Running\s+0\s+/,
    );
    const pod = store
      .getState()
      .topology.nodes.flatMap((n) => n.pods)
      .find((p) => p.name === 'nginx');
    expect(pod).toMatchObject({ node, phase: 'Running' });
  });

  it('runs through the load balancer and replicated etcd with three control planes', () => {
    const { store, ends } = runWalkthrough(3, 100);
    expect(ends).toHaveLength(createPod.steps.length);
    expect(ends[0]).toMatch(/^submit: load-balancer → kube-apiserver@control-plane-\d POST/);
    expect(store.getState().terminal.at(-1)!.stdout).toMatch(/nginx\s+1\/1\s+Running/);
  });

  it('jumps to the end of a step not reached yet, and reviews earlier steps without rewinding', () => {
    const store = createSimulationStore({ cluster: { seed: 1 }, walkthrough: createPod });
    store.getState().nextStep();
    const w = store.getState().walkthrough!;
    expect(w).toMatchObject({ index: 0, reached: true });
    expect(store.getState().viewTime).toBe(w.endHop!.deliveredAt);
    store.getState().nextStep();
    store.getState().nextStep();
    const time = store.getState().viewTime;
    store.getState().previousStep();
    expect(store.getState().walkthrough).toMatchObject({ index: 1, viewing: 0 });
    expect(store.getState().viewTime).toBe(time);
    store.getState().nextStep();
    expect(store.getState().walkthrough).toMatchObject({ index: 1, viewing: 1, reached: true });
  });
});

describe('a step’s own kubectl command', () => {
  it('is typed with what the walkthrough has learnt filled in, as its actions are', () => {
    const scenario: Scenario = {
      ...createPod,
      id: 'describe-node',
      steps: [
        createPod.steps[0],
        {
          ...createPod.steps[1],
          id: 'describe',
          kubectl: { command: 'get node {node}', shown: 'kubectl get node {node}' },
          until: { to: 'kubectl', verb: '200', resource: '/api/v1/nodes/*' },
        },
      ],
    };
    const store = createSimulationStore({
      cluster: { seed: 1, workers: 3 },
      walkthrough: scenario,
      playing: false,
    });
    store.getState().nextStep(); // the pod is applied and the engine runs on: it gets bound
    const node = store.cluster.get('pods', 'nginx', 'default') as unknown as {
      spec: { nodeName: string };
    };
    store.getState().nextStep();
    store.getState().nextStep();
    expect(store.getState().walkthrough).toMatchObject({ index: 1, reached: true });
    const last = store.getState().terminal.at(-1)!;
    expect(last.shown).toBe(`kubectl get node ${node.spec.nodeName}`);
    expect(last.stdout).toMatch(new RegExp(`^NAME\\s+STATUS.*\\n${node.spec.nodeName}\\s+Ready`));
  });
});
