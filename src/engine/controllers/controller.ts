import type { EventRecorder } from '../client/event-recorder';
import type { RestClient } from '../client/rest-client';
import type { SharedInformers } from '../client/shared-informers';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Rng } from '../sim';

/** What a controller gets from kube-controller-manager. */
export interface ControllerContext {
  /** virtual time, ms */
  now(): number;
  /** RFC 3339 timestamp of now (or of a given virtual time) */
  timestamp(at?: number): string;
  microTimestamp(): string;
  rng: Rng;
  /** the process's shared informers (one list+watch per collection) */
  informers: SharedInformers;
  /** this controller's REST client, authenticated as its service account
   *  (kubeadm runs kube-controller-manager with --use-service-account-credentials) */
  client: RestClient;
  /** Events as `source.component` = the controller's name */
  events: EventRecorder;
  /** a rate-limited work queue whose `process` runs one key at a time per worker */
  queue(
    name: string,
    workers: number,
    process: (key: string, done: () => void) => void,
  ): RateLimitingQueue;
  /** a timer that dies with the process (and with lost leadership) */
  after(ms: number, run: () => void): { cancel(): void };
  /** a fresh trace id for a story this controller starts */
  newTrace(prefix?: string): string;
}

/**
 * One controller of kube-controller-manager (a file each under src/engine/controllers/):
 * `start` registers informer handlers and queues; the manager starts the informers after.
 */
export interface Controller {
  /** the name in --controllers, e.g. `deployment`, `replicaset`, `nodelifecycle` */
  readonly name: string;
  /** the service account it runs as in kube-system, e.g. `deployment-controller` */
  readonly serviceAccount: string;
  /** the Events' source component when it differs from the service account (EventSource) */
  readonly eventSource?: string;
  start(ctx: ControllerContext): void;
  stop?(): void;
}

export type ControllerFactory = () => Controller;
