import { describe, expect, it } from 'vitest';

import { podsLabelled } from '../../../src/scenarios/cluster-reads';
import { scheduling } from '../../../src/scenarios/scheduling';
import { runScenario } from './run-scenario';

const FAILED =
  '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';

describe('the scheduling walkthrough on the live simulation', () => {
  it('reaches every step through the engine and ends with each pod where its constraints put it', () => {
    const { store, steps } = runScenario(scheduling, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(scheduling.steps.map((s) => s.id));
    const c = store.cluster;
    const nodeOf = (name: string) =>
      (c.get('pods', name) as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;

    // big: rejected by every node, with the real FailedScheduling message
    const big = c.schedulingDecisions('default', 'big')[0];
    expect(big.result).toBe('Unschedulable');
    expect(big.message).toBe(FAILED);
    expect(big.filter.map((f) => `${f.node}:${f.plugin}`)).toEqual([
      'control-plane-1:TaintToleration',
      'worker-1:NodeResourcesFit',
      'worker-2:NodeResourcesFit',
      'worker-3:NodeResourcesFit',
    ]);
    const describe = store.getState().terminal.find((e) => e.shown === 'kubectl describe pod big')!;
    expect(describe.stdout).toContain(`Warning  FailedScheduling`);
    expect(describe.stdout).toContain(FAILED);

    expect(nodeOf('big')).toBeUndefined();
    expect(nodeOf('tolerant')).toBe('control-plane-1');
    expect(nodeOf('fast')).toBe('worker-2');
    expect(nodeOf('zonal')).toBe('worker-3');
    const zonal = c.schedulingDecisions('default', 'zonal').at(-1)!;
    expect(zonal.feasibleNodes).toEqual(['worker-3']);

    // topology spread: one replica in each zone
    const spread = podsLabelled(c, 'default', 'app=spread');
    expect(spread.map((p) => p.node === 'worker-3').sort()).toEqual([false, true]);

    // preemption: a batch pod gave way, urgent runs on its node, the replacement waits
    const w = store.getState().walkthrough!;
    expect(w.vars.victim).toMatch(/^batch-/);
    expect(w.vars.nominated).toMatch(/^worker-[123]$/);
    expect(nodeOf('urgent')).toBe(w.vars.nominated);
    const batch = podsLabelled(c, 'default', 'app=batch');
    // fill: the three batch pods went one per worker, the first with its Filter and Score table
    const firstBatch = c.schedulingDecisions('default', w.vars.batchPod!)[0];
    expect(firstBatch.result).toBe('Scheduled');
    expect(firstBatch.scores.length).toBeGreaterThan(1);
    const batchNodes = [w.vars.victim!, ...batch.filter((p) => p.node).map((p) => p.name)].map(
      (name) =>
        c.schedulingDecisions('default', name).find((a) => a.result === 'Scheduled')!.chosenNode,
    );
    expect(new Set(batchNodes)).toEqual(new Set(['worker-1', 'worker-2', 'worker-3']));
    expect(batch.find((p) => p.name === w.vars.victim)).toBeUndefined();
    expect(batch.filter((p) => p.phase === 'Running')).toHaveLength(2);
    expect(batch.filter((p) => p.node === undefined)).toHaveLength(1);
    expect(at(steps, 'urgent-runs') - at(steps, 'preempt')).toBeGreaterThan(25_000);

    const get = store.getState().terminal.at(-1)!;
    expect(get.shown).toBe('kubectl get pods -o wide');
    const rows = get.stdout.trim().split('\n').slice(1);
    expect(rows.find((r) => r.startsWith('big '))).toMatch(/\sPending\s/);
    expect(rows.find((r) => r.startsWith('urgent '))).toMatch(
      new RegExp(`\\sRunning\\s.*\\s${w.vars.nominated}\\s+${w.vars.nominated}\\s`),
    );
    expect(rows.filter((r) => r.startsWith('batch-') && /\sPending\s/.test(r))).toHaveLength(1);

    // the engine answered the questions
    const q = w.quizzes!;
    expect(q['too-big']).toMatchObject({ prediction: 1, answer: 1 });
    expect(q.toleration.choices[q.toleration.answer!]).toBe('control-plane-1');
    expect(q.affinity.choices[q.affinity.answer!]).toBe('worker-3');
    expect(q.spread).toMatchObject({ prediction: 1, answer: 1 });
    expect(q.preempt).toMatchObject({ prediction: 1, answer: 1 });
  }, 300_000);
});

function at(steps: { id: string; at: number }[], id: string): number {
  return steps.find((s) => s.id === id)!.at;
}
