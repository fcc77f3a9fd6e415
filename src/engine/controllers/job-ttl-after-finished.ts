import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import type { JobShape } from './util/job-status';
import { findCondition } from './util/job-status';

// kube-controller-manager --concurrent-ttl-after-finished-syncs default 5
const CONCURRENT_TTL_SYNCS = 5;

/** When a finished job with ttlSecondsAfterFinished expires (virtual ms), or undefined. */
export function jobExpireAt(
  job: KubeObject & JobShape,
  toVirtual: (t: string) => number,
): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const conds = job.status?.conditions ?? [];
  const finished = findCondition(conds, 'Complete') ?? findCondition(conds, 'Failed');
  if (!finished?.lastTransitionTime) return undefined;
  return toVirtual(finished.lastTransitionTime) + ttl * 1000;
}

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
 * (with Foreground propagation, so its pods go first) ttlSecondsAfterFinished after its
 * Complete or Failed condition, re-reading the Job from the apiserver before deleting.
 */
export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  readonly serviceAccount = 'ttl-after-finished-controller';
  private ctx!: ControllerContext;
  private jobs!: Informer;
  private queue!: RateLimitingQueue;
  private epochMs = 0;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.epochMs = Date.parse(ctx.timestamp(0));
    this.jobs = ctx.informers.informer('/apis/batch/v1/jobs');
    this.queue = ctx.queue('ttl_jobs_to_delete', CONCURRENT_TTL_SYNCS, (k, done) =>
      this.processJob(k, done),
    );
    const enqueue = (j: KubeObject) => {
      if (j.metadata.deletionTimestamp) return;
      if (jobExpireAt(j as KubeObject & JobShape, this.toVirtual) !== undefined)
        this.queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
    };
    this.jobs.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  private toVirtual = (t: string): number => Date.parse(t) - this.epochMs;

  private processJob(key: string, done: () => void): void {
    const [namespace, name] = key.split('/');
    const cached = this.jobs.get(namespace, name) as (KubeObject & JobShape) | undefined;
    const expireAt = cached && jobExpireAt(cached, this.toVirtual);
    if (!cached || expireAt === undefined || cached.metadata.deletionTimestamp) return done();
    const left = expireAt - this.ctx.now();
    if (left > 0) {
      done();
      return this.queue.addAfter(key, left);
    }
    // The TTL may have been changed: check the live object before deleting it.
    const path = `/apis/batch/v1/namespaces/${namespace}/jobs/${name}`;
    this.ctx.client.request({ method: 'GET', path }, (got) => {
      if (!got.ok || got.response.status !== 200) return done();
      const fresh = got.response.body as KubeObject & JobShape;
      const at = jobExpireAt(fresh, this.toVirtual);
      if (at === undefined || at > this.ctx.now()) {
        done();
        if (at !== undefined) this.queue.addAfter(key, at - this.ctx.now());
        return;
      }
      this.ctx.client.request(
        {
          method: 'DELETE',
          path,
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            propagationPolicy: 'Foreground',
            preconditions: {
              uid: fresh.metadata.uid,
              resourceVersion: fresh.metadata.resourceVersion,
            },
          },
        },
        () => done(),
      );
    });
  }
}

/** The TTL-after-finished controller's factory, for defaultControllers. */
export const ttlAfterFinishedController = (): Controller => new TTLAfterFinishedController();
