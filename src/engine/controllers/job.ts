import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { BackoffRecord } from './util/job-backoff';
import { backoffRemaining, podFinishedTime, updateBackoffRecord } from './util/job-backoff';
import type { JobCondition, JobShape } from './util/job-status';
import {
  JOB_TRACKING_FINALIZER,
  activeDeadlinePassed,
  findCondition,
  isJobFinished,
  jobPodTemplate,
  newCondition,
  podsOfJob,
  wantActive,
} from './util/job-status';

// kube-controller-manager --concurrent-job-syncs default 5
const CONCURRENT_JOB_SYNCS = 5;
// job_controller.go syncJobBatchPeriod: pod events are batched for 1 s
const SYNC_JOB_BATCH_PERIOD_MS = 1_000;
// job_controller.go MaxPodCreateDeletePerSync
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

type Pod = KubeObject & {
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

function phase(p: KubeObject): string | undefined {
  return (p as Pod).status?.phase;
}
function isTerminal(p: KubeObject): boolean {
  return phase(p) === 'Succeeded' || phase(p) === 'Failed';
}
function isReady(p: KubeObject): boolean {
  return !!(p as Pod).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The Job controller (pkg/controller/job, v1.32): runs pods with the job-tracking finalizer up
 * to parallelism until completions succeed; counts finished pods through
 * status.uncountedTerminatedPods before removing their finalizer; backs pod creation off after
 * failures (10 s doubling, 10 min cap); fails the job past backoffLimit or
 * activeDeadlineSeconds (FailureTarget, then Failed once no pod runs); completes it through
 * SuccessCriteriaMet, then Complete.
 */
export class JobController implements Controller {
  readonly name = 'job';
  readonly serviceAccount = 'job-controller';
  private ctx!: ControllerContext;
  private jobs!: Informer;
  private pods!: Informer;
  private queue!: RateLimitingQueue;
  private readonly backoff = new Map<string, BackoffRecord>();
  // expectations: pods this controller created or deleted that the cache has yet to show
  private readonly expectCreated = new Map<string, Set<string>>();
  private readonly expectDeleted = new Map<string, Set<string>>();
  private epochMs = 0;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.epochMs = Date.parse(ctx.timestamp(0));
    this.jobs = ctx.informers.informer('/apis/batch/v1/jobs');
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.queue = ctx.queue('job', CONCURRENT_JOB_SYNCS, (key, done) => this.syncJob(key, done));
    const enqueue = (j: KubeObject) => this.queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
    this.jobs.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const podChanged = (p: KubeObject) => {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Job');
      if (ref) this.enqueueAfter(`${p.metadata.namespace}/${ref.name}`, SYNC_JOB_BATCH_PERIOD_MS);
    };
    this.pods.addHandlers({
      onAdd: podChanged,
      onUpdate: (_o, n) => podChanged(n),
      onDelete: podChanged,
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private toVirtual = (t: string): number => Date.parse(t) - this.epochMs;

  /** AddAfter with every deadline kept (the queue's addAfter keeps only the first per key). */
  private enqueueAfter(key: string, ms: number): void {
    this.ctx.after(ms, () => this.queue.add(key));
  }

  private satisfied(key: string, namespace: string): boolean {
    const created = this.expectCreated.get(key);
    const deleted = this.expectDeleted.get(key);
    if ([...(created ?? [])].some((n) => !this.pods.get(namespace, n))) return false;
    if (
      [...(deleted ?? [])].some(
        (n) =>
          this.pods.get(namespace, n)?.metadata.deletionTimestamp === undefined &&
          this.pods.get(namespace, n),
      )
    )
      return false;
    this.expectCreated.delete(key);
    this.expectDeleted.delete(key);
    return true;
  }

  private syncJob(key: string, done: () => void): void {
    const [namespace, name] = key.split('/');
    if (!this.jobs.synced || !this.pods.synced || !this.satisfied(key, namespace)) {
      done();
      return this.queue.addAfter(key, 100);
    }
    const job = this.jobs.get(namespace, name) as (KubeObject & JobShape) | undefined;
    if (!job) {
      this.backoff.delete(key);
      this.queue.forget(key);
      return done();
    }
    const finish = (ok: boolean) => {
      if (ok) this.queue.forget(key);
      else this.queue.addRateLimited(key);
      done();
    };
    const pods = podsOfJob(job, this.pods.items(namespace));
    if (isJobFinished(job))
      return this.removeFinalizers(pods.filter(hasFinalizer), () => finish(true));
    const now = this.ctx.now();
    const nowTs = this.ctx.timestamp();
    const status = structuredClone(job.status ?? {});
    status.startTime ??= nowTs;
    const uncounted = {
      succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])],
      failed: [...(status.uncountedTerminatedPods?.failed ?? [])],
    };
    // Finished pods still holding the finalizer and not yet noted: count them now.
    // isPodFailed: with podReplacementPolicy TerminatingOrFailed a deleted pod counts as failed.
    const finished = (p: KubeObject) =>
      isTerminal(p) ||
      (job.spec.podReplacementPolicy !== 'Failed' && p.metadata.deletionTimestamp !== undefined);
    const newlyFinished = pods.filter(
      (p) =>
        hasFinalizer(p) &&
        finished(p) &&
        !uncounted.succeeded.includes(p.metadata.uid!) &&
        !uncounted.failed.includes(p.metadata.uid!),
    );
    for (const p of newlyFinished)
      (phase(p) === 'Succeeded' ? uncounted.succeeded : uncounted.failed).push(p.metadata.uid!);
    const counted = new Set([...uncounted.succeeded, ...uncounted.failed]);
    const record = updateBackoffRecord(
      this.backoff.get(key) ?? { failuresAfterLastSuccess: 0 },
      newlyFinished.map((p) => ({
        succeeded: phase(p) === 'Succeeded',
        at: podFinishedTime(p, now, this.toVirtual),
      })),
    );
    this.backoff.set(key, record);
    const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    // pods being deleted still hold resources; the finished condition waits for them
    const terminating = pods.filter(
      (p) => !isTerminal(p) && p.metadata.deletionTimestamp && !counted.has(p.metadata.uid!),
    );
    const succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length;
    const failed = (status.failed ?? 0) + uncounted.failed.length;
    const spec = job.spec;
    const conditions: JobCondition[] = [...(status.conditions ?? [])];
    let interim =
      findCondition(conditions, 'FailureTarget') ?? findCondition(conditions, 'SuccessCriteriaMet');
    if (!interim) {
      const complete =
        spec.completions !== undefined && spec.completions !== null
          ? succeeded >= spec.completions
          : succeeded > 0 && active.length === 0;
      if (failed > (spec.backoffLimit ?? 6))
        interim = newCondition(
          'FailureTarget',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          nowTs,
        );
      else if (activeDeadlinePassed(job, status.startTime, now, this.toVirtual))
        interim = newCondition(
          'FailureTarget',
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
          nowTs,
        );
      else if (complete)
        interim = newCondition(
          'SuccessCriteriaMet',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          nowTs,
        );
      if (interim) conditions.push(interim);
    }
    // Pods to delete (all of them once the job's fate is sealed) and to create.
    let toDelete: KubeObject[] = [];
    let toCreate = 0;
    if (interim) toDelete = active;
    else {
      const want = wantActive(job, active.length, succeeded);
      if (active.length > want) toDelete = active.slice(0, active.length - want);
      else if (active.length < want) {
        const wait = backoffRemaining(record, now);
        if (wait > 0) this.enqueueAfter(key, wait);
        else toCreate = Math.min(want - active.length, MAX_POD_CREATE_DELETE_PER_SYNC);
      }
    }
    if (spec.activeDeadlineSeconds && !interim) {
      const left = this.toVirtual(status.startTime) + spec.activeDeadlineSeconds * 1000 - now;
      this.enqueueAfter(key, Math.max(left, 0) + 1);
    }
    this.deletePods(key, job, toDelete, () =>
      this.createPods(key, job, toCreate, (created) => {
        const stillActive = active.length - toDelete.length + created;
        const stillTerminating = terminating.length + toDelete.length;
        const base = {
          ...status,
          conditions,
          active: stillActive,
          ready: active.filter((p) => isReady(p) && !toDelete.includes(p)).length,
          terminating: stillTerminating,
        };
        this.trackStatus(job, base, uncounted, pods, stillActive + stillTerminating === 0, finish);
      }),
    );
  }

  /**
   * trackJobStatusAndRemoveFinalizers: write the newly finished pods into
   * uncountedTerminatedPods, remove their finalizers, then move them into the counters and add
   * the terminal condition once no pod is left running.
   */
  private trackStatus(
    job: KubeObject & JobShape,
    base: NonNullable<JobShape['status']>,
    uncounted: { succeeded: string[]; failed: string[] },
    pods: KubeObject[],
    noPodsLeft: boolean,
    finish: (ok: boolean) => void,
  ): void {
    const pending = pods.filter(
      (p) =>
        hasFinalizer(p) &&
        (uncounted.succeeded.includes(p.metadata.uid!) ||
          uncounted.failed.includes(p.metadata.uid!)),
    );
    const step1 = { ...base, uncountedTerminatedPods: uncounted };
    const needStep1 =
      pending.length > 0 &&
      JSON.stringify(job.status?.uncountedTerminatedPods ?? {}) !== JSON.stringify(uncounted);
    const writeFinal = () => {
      const conditions = [...(base.conditions ?? [])];
      const interim =
        findCondition(conditions, 'FailureTarget') ??
        findCondition(conditions, 'SuccessCriteriaMet');
      const final = {
        ...base,
        conditions,
        succeeded: (base.succeeded ?? 0) + uncounted.succeeded.length,
        failed: (base.failed ?? 0) + uncounted.failed.length,
        uncountedTerminatedPods: {},
      };
      let terminal: JobCondition | undefined;
      if (interim && noPodsLeft) {
        const type = interim.type === 'FailureTarget' ? 'Failed' : 'Complete';
        terminal = newCondition(type, interim.reason, interim.message, this.ctx.timestamp());
        conditions.push(terminal);
        if (type === 'Complete') final.completionTime = this.ctx.timestamp();
      }
      this.writeStatus(job, final, (ok) => {
        if (ok && terminal) this.recordJobFinished(job, terminal, final.succeeded);
        finish(ok);
      });
    };
    const afterStep1 = (ok: boolean) => {
      if (!ok) return finish(false);
      this.removeFinalizers(pending, writeFinal);
    };
    if (needStep1) this.writeStatus(job, step1, afterStep1);
    else afterStep1(true);
  }

  private recordJobFinished(
    job: KubeObject & JobShape,
    cond: JobCondition,
    succeeded: number,
  ): void {
    if (cond.type === 'Complete') {
      const completions = job.spec.completions;
      if (completions !== undefined && completions !== null && succeeded > completions)
        this.ctx.events.record(
          job,
          'Warning',
          'TooManySucceededPods',
          'Too many succeeded pods running after completion count reached',
        );
      this.ctx.events.record(job, 'Normal', 'Completed', 'Job completed');
    } else this.ctx.events.record(job, 'Warning', cond.reason, cond.message);
  }

  private writeStatus(
    job: KubeObject,
    status: JobShape['status'],
    done: (ok: boolean) => void,
  ): void {
    const clean = { ...status };
    if (!clean.active) delete clean.active;
    if (!clean.succeeded) delete clean.succeeded;
    if (!clean.failed) delete clean.failed;
    // Only write what changed (syncJob's needsStatusUpdate); every write wakes this job again.
    if (JSON.stringify(sortKeys(clean)) === JSON.stringify(sortKeys(job.status ?? {})))
      return done(true);
    const body = { ...structuredClone(job), status: clean };
    this.ctx.client.request(
      {
        method: 'PUT',
        path: `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}/status`,
        body,
      },
      (res) => done(res.ok && res.response.status < 300),
    );
  }

  private removeFinalizers(pods: KubeObject[], done: () => void): void {
    let pending = pods.length;
    if (pending === 0) return done();
    for (const p of pods) {
      const finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
      this.ctx.client.request(
        {
          method: 'PATCH',
          path: `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: {
            metadata: { uid: p.metadata.uid, finalizers: finalizers.length ? finalizers : null },
          },
        },
        () => {
          if (--pending === 0) done();
        },
      );
    }
  }

  private deletePods(key: string, job: KubeObject, pods: KubeObject[], done: () => void): void {
    let pending = pods.length;
    if (pending === 0) return done();
    const expected = this.expectDeleted.get(key) ?? new Set<string>();
    this.expectDeleted.set(key, expected);
    for (const p of pods) {
      expected.add(p.metadata.name!);
      this.ctx.client.request(
        {
          method: 'DELETE',
          path: `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
        },
        (res) => {
          if (res.ok && res.response.status < 300)
            this.ctx.events.record(
              job,
              'Normal',
              'SuccessfulDelete',
              `Deleted pod: ${p.metadata.name}`,
            );
          else expected.delete(p.metadata.name!);
          if (--pending === 0) done();
        },
      );
    }
  }

  /** Creates `count` pods in slow-start batches (1, 2, 4, …), stopping at the first failure. */
  private createPods(
    key: string,
    job: KubeObject & JobShape,
    count: number,
    done: (created: number) => void,
  ): void {
    let created = 0;
    const expected = this.expectCreated.get(key) ?? new Set<string>();
    this.expectCreated.set(key, expected);
    const batch = (size: number) => {
      const n = Math.min(size, count - created);
      if (n <= 0) return done(created);
      let pending = n;
      let failed = false;
      for (let i = 0; i < n; i++) {
        this.ctx.client.request(
          {
            method: 'POST',
            path: `/api/v1/namespaces/${job.metadata.namespace}/pods`,
            body: jobPodTemplate(job),
          },
          (res) => {
            if (res.ok && res.response.status === 201) {
              const pod = res.response.body as KubeObject;
              expected.add(pod.metadata.name!);
              created++;
              this.ctx.events.record(
                job,
                'Normal',
                'SuccessfulCreate',
                `Created pod: ${pod.metadata.name}`,
              );
            } else {
              failed = true;
              const message = res.ok
                ? ((res.response.body as { message?: string })?.message ?? '')
                : res.error;
              this.ctx.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${message}`);
            }
            if (--pending > 0) return;
            if (failed) done(created);
            else batch(size * 2);
          },
        );
      }
    };
    batch(1);
  }
}

function sortKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function hasFinalizer(p: KubeObject): boolean {
  return (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** The Job controller's factory, for defaultControllers. */
export const jobController = (): Controller => new JobController();
