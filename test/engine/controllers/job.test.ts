import { describe, expect, it } from 'vitest';

import type { Cluster, KubeObject } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { eventsFor } from './nodelifecycle-kubelet-helpers';

const job = (name: string, script: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: {
    // The apiserver does not generate Job selectors yet (generateJobSelector is not wired into
    // create), so these jobs bring their own, as manualSelector jobs do.
    manualSelector: true,
    selector: { matchLabels: { 'job-name': name } },
    template: {
      metadata: { labels: { 'job-name': name } },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }],
      },
    },
    ...spec,
  },
});

const podsOf = (c: Cluster, name: string) =>
  c.list('pod', 'default').filter((p) => p.metadata.labels?.['job-name'] === name);

type JobStatus = {
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  terminating?: number;
  startTime?: string;
  completionTime?: string;
  uncountedTerminatedPods?: unknown;
  conditions?: { type: string; status: string; reason: string; message: string }[];
};
const status = (c: Cluster, name: string) => (c.get('job', name)?.status ?? {}) as JobStatus;
const hasCondition = (c: Cluster, name: string, type: string) =>
  (status(c, name).conditions ?? []).some((x) => x.type === type);
const create = (c: Cluster, body: KubeObject) =>
  c.request({ method: 'POST', path: '/apis/batch/v1/namespaces/default/jobs', body });

describe('Job controller', () => {
  it('runs parallelism 2 until 3 completions succeed, then completes', () => {
    const c = createCluster({ seed: 21, workers: 2 });
    create(c, job('pi', 'sleep 5', { parallelism: 2, completions: 3 }));
    expect(c.runUntil(() => status(c, 'pi').active === 2, { timeoutMs: 5_000 })).toBe(true);
    const first = podsOf(c, 'pi');
    expect(first).toHaveLength(2);
    expect(first[0].metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(first[0].metadata.generateName).toBe('pi-');
    expect(first[0].metadata.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: 'pi',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect(status(c, 'pi').startTime).toBeDefined();
    // never more than parallelism at once
    let maxActive = 0;
    expect(
      c.runUntil(
        () => {
          maxActive = Math.max(maxActive, status(c, 'pi').active ?? 0);
          return hasCondition(c, 'pi', 'Complete');
        },
        { timeoutMs: 60_000 },
      ),
    ).toBe(true);
    c.advance(1_000);
    expect(maxActive).toBe(2);
    const s = status(c, 'pi');
    expect(s.succeeded).toBe(3);
    expect(s.active).toBeUndefined();
    expect(s.uncountedTerminatedPods).toEqual({});
    expect(s.completionTime).toBeDefined();
    expect(s.conditions!.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    const created = eventsFor(c, 'SuccessfulCreate').filter((e) => e.name === 'pi');
    expect(created).toHaveLength(3);
    expect(created[0].message).toMatch(/^Created pod: pi-[a-z0-9]{5}$/);
    expect(eventsFor(c, 'Completed').map((e) => [e.name, e.message])).toEqual([
      ['pi', 'Job completed'],
    ]);
    // counted pods lose the tracking finalizer
    expect(podsOf(c, 'pi').map((p) => p.metadata.finalizers ?? [])).toEqual([[], [], []]);
  });

  it('backs off 10 s, then 20 s, between failed pods and fails with BackoffLimitExceeded', () => {
    const c = createCluster({ seed: 22, workers: 1 });
    create(c, job('flaky', 'exit 1', { backoffLimit: 2 }));
    const createdAt: number[] = [];
    for (let i = 1; i <= 3; i++) {
      expect(c.runUntil(() => podsOf(c, 'flaky').length === i, { timeoutMs: 60_000 })).toBe(true);
      createdAt.push(c.now());
    }
    // Each pod runs about a second before failing, and the failure time has second precision.
    const gaps = [createdAt[1] - createdAt[0], createdAt[2] - createdAt[1]];
    expect(gaps[0]).toBeGreaterThanOrEqual(9_000);
    expect(gaps[0]).toBeLessThan(14_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(19_000);
    expect(gaps[1]).toBeLessThan(24_000);
    expect(c.runUntil(() => hasCondition(c, 'flaky', 'Failed'), { timeoutMs: 30_000 })).toBe(true);
    c.advance(1_000);
    const s = status(c, 'flaky');
    expect(s.failed).toBe(3);
    expect(s.conditions!.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(
      eventsFor(c, 'BackoffLimitExceeded').map((e) => [e.name, e.message, e.event.type]),
    ).toEqual([['flaky', 'Job has reached the specified backoff limit', 'Warning']]);
    c.advance(60_000);
    expect(podsOf(c, 'flaky')).toHaveLength(3);
  });

  it('fails a job past activeDeadlineSeconds and deletes its running pods', () => {
    const c = createCluster({ seed: 23, workers: 1 });
    create(
      c,
      job('slow', 'sleep 3600', { activeDeadlineSeconds: 30, parallelism: 2, completions: 2 }),
    );
    expect(c.runUntil(() => status(c, 'slow').active === 2, { timeoutMs: 5_000 })).toBe(true);
    const start = Date.parse(status(c, 'slow').startTime!);
    expect(c.runUntil(() => hasCondition(c, 'slow', 'FailureTarget'), { timeoutMs: 60_000 })).toBe(
      true,
    );
    expect(c.sim.wallTime() - start).toBeGreaterThanOrEqual(30_000);
    expect(c.sim.wallTime() - start).toBeLessThan(32_000);
    // Failed waits until the pods are gone (sleep ignores SIGTERM: killed after the 30 s grace).
    expect(c.runUntil(() => hasCondition(c, 'slow', 'Failed'), { timeoutMs: 60_000 })).toBe(true);
    c.advance(1_000);
    expect(status(c, 'slow').conditions!.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(eventsFor(c, 'SuccessfulDelete').filter((e) => e.name === 'slow')).toHaveLength(2);
    expect(eventsFor(c, 'DeadlineExceeded').map((e) => e.message)).toEqual([
      'Job was active longer than specified deadline',
    ]);
  });

  it('deletes a finished job ttlSecondsAfterFinished after it completed', () => {
    const c = createCluster({ seed: 24, workers: 1 });
    create(c, job('once', 'exit 0', { ttlSecondsAfterFinished: 100 }));
    expect(c.runUntil(() => hasCondition(c, 'once', 'Complete'), { timeoutMs: 30_000 })).toBe(true);
    const completedAt = c.now();
    c.advance(95_000);
    expect(c.get('job', 'once')).toBeDefined();
    expect(
      c.runUntil(
        () =>
          !c.get('job', 'once') || c.get('job', 'once')!.metadata.deletionTimestamp !== undefined,
        {
          timeoutMs: 20_000,
        },
      ),
    ).toBe(true);
    expect(c.now() - completedAt).toBeGreaterThanOrEqual(98_000);
    expect(c.now() - completedAt).toBeLessThan(102_000);
  });
});
