import { describe, expect, it } from 'vitest';

import { nodeFailure } from '../../../src/scenarios';
import { nodeCondition, nodeTaint, podsLabelled } from '../../../src/scenarios/cluster-reads';
import { runScenario } from './run-scenario';

describe('the node-failure walkthrough on the live simulation', () => {
  it('reaches every step through the engine and ends with 3 replicas Running off worker-2', () => {
    const { store, steps } = runScenario(nodeFailure, { predict: () => 1 });
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    expect(steps.map((s) => s.id)).toEqual(nodeFailure.steps.map((s) => s.id));
    // 50 s grace after the last renewal (up to 10 s before the power-off), checked every 5 s
    const unknownAfter = at.unknown - at['power-off'];
    expect(unknownAfter).toBeGreaterThan(40_000);
    expect(unknownAfter).toBeLessThan(66_000);
    // the 300 s toleration counts from the NoExecute taint
    expect(at.evict - at.taints).toBeGreaterThan(299_000);
    expect(at.evict - at.taints).toBeLessThan(302_000);
    expect(at.replace).toBeGreaterThanOrEqual(at.evict);
    expect(at.start).toBeLessThan(at.evict + 10_000);

    const w = store.getState().walkthrough!;
    const web = podsLabelled(store.cluster, 'default', 'app=web');
    const live = web.filter((p) => !p.terminating);
    expect(live).toHaveLength(3);
    expect(live.every((p) => p.phase === 'Running' && p.node !== 'worker-2')).toBe(true);
    expect(web.find((p) => p.name === w.vars.evicted)).toMatchObject({
      node: 'worker-2',
      terminating: true,
    });
    expect(w.vars.newNode).toMatch(/^worker-[13]$/);

    // worker-2 stays Unknown and tainted: nothing deletes the Node on a timer
    expect(nodeCondition(store.cluster, 'worker-2')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    for (const effect of ['NoSchedule', 'NoExecute'])
      expect(
        nodeTaint(store.cluster, 'worker-2', 'node.kubernetes.io/unreachable', effect),
      ).toMatchObject({ key: 'node.kubernetes.io/unreachable', effect });
    expect(store.cluster.get('nodes', 'worker-2', '')).toBeDefined();

    const get = store.getState().terminal.at(-1)!;
    expect(get.shown).toBe('kubectl get pods -o wide');
    const rows = get.stdout.trim().split('\n').slice(1);
    expect(rows.filter((r) => /\sRunning\s/.test(r) && !r.includes('worker-2'))).toHaveLength(3);
    expect(rows.filter((r) => /\sTerminating\s/.test(r) && r.includes('worker-2'))).toHaveLength(1);

    // the engine answered the questions: the node lifecycle controller, 300 s, the chosen node
    const quizzes = w.quizzes!;
    expect(quizzes.unknown).toMatchObject({ prediction: 1, answer: 1 });
    expect(quizzes.evict).toMatchObject({ prediction: 1, answer: 2 });
    expect(quizzes.schedule.choices[quizzes.schedule.answer!]).toBe(w.vars.newNode);
  }, 300_000);
});
