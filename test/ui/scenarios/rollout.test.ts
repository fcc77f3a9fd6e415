import { describe, expect, it } from 'vitest';

import { rollout, webReplicaSets } from '../../../src/scenarios/rollout';
import { runScenario } from './run-scenario';

describe('the rollout walkthrough on the live simulation', () => {
  it('rolls out nginx:1.28, stalls on ngnix:1.28 past the progress deadline and rolls back to the kept ReplicaSet', () => {
    const { store, steps } = runScenario(rollout, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(rollout.steps.map((s) => s.id));
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    // progressDeadlineSeconds 600 counts from the last progress, made as the broken pods appeared
    expect(at.deadline - at['bad-image']).toBeGreaterThan(590_000);
    expect(at.deadline - at['bad-image']).toBeLessThan(620_000);
    expect(steps.find((s) => s.id === 'deadline')!.progress).toMatch(
      /^\d+ s of 600 s without progress$/,
    );

    const w = store.getState().walkthrough!;
    const { stableRS, nextRS, brokenRS } = w.vars;
    expect([stableRS, nextRS, brokenRS].every((n) => /^web-[a-z0-9]{9,10}$/.test(n ?? ''))).toBe(
      true,
    );

    // the old ReplicaSet came back with the next revision; the others are kept at 0
    const byName = Object.fromEntries(webReplicaSets(store.cluster).map((rs) => [rs.name, rs]));
    expect(byName[stableRS!]).toMatchObject({ image: 'nginx:1.27', revision: '1', desired: 0 });
    expect(byName[nextRS!]).toMatchObject({
      image: 'nginx:1.28',
      revision: '4',
      desired: 4,
      available: 4,
    });
    expect(byName[brokenRS!]).toMatchObject({ image: 'ngnix:1.28', revision: '3', desired: 0 });

    const out = Object.fromEntries(
      store.getState().terminal.map((t, i) => [`${i} ${t.shown}`, t.stdout + t.stderr]),
    );
    const lines = (key: string) => out[key].trim().split('\n');
    expect(lines('0 kubectl apply -f web.yaml')).toEqual(['deployment.apps/web created']);
    expect(lines('1 kubectl get rs')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
    expect(lines('1 kubectl get rs')[1]).toMatch(
      new RegExp(`^${stableRS}\\s+4\\s+4\\s+4\\s+\\d+s$`),
    );
    expect(lines('2 kubectl set image deployment/web nginx=nginx:1.28')).toEqual([
      'deployment.apps/web image updated',
    ]);
    const status = lines('3 kubectl rollout status deployment/web');
    expect(status[0]).toMatch(/^Waiting for deployment "web" rollout to finish: /);
    expect(status).toContain(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    expect(status.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(lines('4 kubectl set image deployment/web nginx=ngnix:1.28')).toEqual([
      'deployment.apps/web image updated',
    ]);
    const pods = lines('5 kubectl get pods').slice(1);
    expect(
      pods.filter((r) => r.startsWith(`${nextRS}-`) && /\s1\/1\s+Running\s/.test(r)),
    ).toHaveLength(3);
    expect(
      pods.filter(
        (r) => r.startsWith(`${brokenRS}-`) && /\s0\/1\s+(ErrImagePull|ImagePullBackOff)\s/.test(r),
      ),
    ).toHaveLength(2);
    expect(pods).toHaveLength(5);
    const stalled = store.getState().terminal[6];
    expect(stalled.exitCode).toBe(1);
    expect(stalled.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(stalled.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...',
    );
    expect(stalled.completesAt).toBeLessThanOrEqual(at.deadline + 1_000);
    const describeEntry = store.getState().terminal[7];
    expect(describeEntry.completesAt).toBeLessThanOrEqual(at.describe);
    const describe = out['7 kubectl describe deployment web'];
    expect(describe).toMatch(/\n {2}Progressing {4}False {3}ProgressDeadlineExceeded\n/);
    expect(describe).toContain(
      'Replicas:               4 desired | 2 updated | 5 total | 3 available | 2 unavailable',
    );
    expect(describe).toContain(`NewReplicaSet:   ${brokenRS} (2/2 replicas created)`);
    expect(lines('8 kubectl rollout undo deployment/web')).toEqual([
      'deployment.apps/web rolled back',
    ]);
    // revision 2 became 4 when its ReplicaSet came back
    expect(out['9 kubectl rollout history deployment/web']).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         <none>\n\n',
    );

    // the engine answered: 5 pods at most, 3 old pods serving, no automatic rollback, the kept RS
    const q = w.quizzes!;
    expect(q.update.choices[q.update.answer!]).toBe('5');
    expect(q['bad-image'].choices[q['bad-image'].answer!]).toBe('3');
    expect(q.deadline.answer).toBe(1);
    expect(q.undo.choices[q.undo.answer!]).toBe(nextRS);
  }, 300_000);
});
