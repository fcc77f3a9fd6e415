import { describe, expect, it } from 'vitest';

import { nodeFailure } from '../../../src/scenarios';
import { podsLabelled } from '../../../src/scenarios/cluster-reads';
import { runScenario } from './run-scenario';

describe('the node-failure walkthrough on the live simulation', () => {
  it('reaches every step through the engine and ends with 3 replicas Running off worker-2, whose Node and orphaned pod are gone', () => {
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
    expect(w.vars.newNode).toMatch(/^worker-[13]$/);
    const terminal = store.getState().terminal;
    const out = (shown: string) => terminal.find((e) => e.shown === shown)!.stdout;

    // before the Node is deleted: 3 replicas elsewhere, the evicted pod Terminating on worker-2,
    // and worker-2 NotReady, not removed by any timer
    const rows = out('kubectl get pods -o wide').trim().split('\n').slice(1);
    expect(rows.filter((r) => /\sRunning\s/.test(r) && !r.includes('worker-2'))).toHaveLength(3);
    expect(rows.filter((r) => /\sTerminating\s/.test(r) && r.includes('worker-2'))).toEqual([
      expect.stringMatching(new RegExp(`^${w.vars.evicted}\\s`)),
    ]);
    expect(out('kubectl get nodes')).toMatch(/\nworker-2\s+NotReady\s+<none>\s/);

    // kubectl delete node: the pod garbage collector removes the orphan after its 40 s quarantine
    expect(out('kubectl delete node worker-2')).toBe('node "worker-2" deleted\n');
    expect(at['delete-node'] - at.get).toBeGreaterThanOrEqual(40_000);
    expect(at['delete-node'] - at.get).toBeLessThan(65_000);
    expect(store.cluster.get('nodes', 'worker-2', '')).toBeUndefined();
    const web = podsLabelled(store.cluster, 'default', 'app=web');
    expect(web).toHaveLength(3);
    expect(web.every((p) => p.phase === 'Running' && !p.terminating)).toBe(true);
    expect(web.map((p) => p.node).sort()).toEqual(['worker-1', 'worker-3', w.vars.newNode].sort());

    // the engine answered the questions: the node lifecycle controller, 300 s, the chosen node
    const quizzes = w.quizzes!;
    expect(quizzes.unknown).toMatchObject({ prediction: 1, answer: 1 });
    expect(quizzes.evict).toMatchObject({ prediction: 1, answer: 2 });
    expect(quizzes.schedule.choices[quizzes.schedule.answer!]).toBe(w.vars.newNode);
    expect(quizzes['delete-node']).toMatchObject({ prediction: 1, answer: 1 });
  }, 300_000);
});
