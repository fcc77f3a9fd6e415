import { EventRecorder } from '../client/event-recorder';
import type { LeaderElector } from '../client/leader-election';
import { componentLeaderElector } from '../client/leader-election';
import { RestClient } from '../client/rest-client';
import { SharedInformers } from '../client/shared-informers';
import { RateLimitingQueue } from '../client/workqueue';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import type { Controller, ControllerContext, ControllerFactory } from './controller';
import { eventNameSuffixer } from '../client/event-name';
import { EventSink } from '../client/event-sink';

/**
 * kube-controller-manager: one process per control-plane node, talking to its local
 * apiserver; only the holder of the `kube-controller-manager` Lease runs its controllers.
 */
export class ControllerManager extends Process {
  private elector?: LeaderElector;
  private informers?: SharedInformers;
  private running: Controller[] = [];
  readonly identity: string;

  constructor(
    sim: Simulation,
    readonly node: string,
    private readonly factories: readonly ControllerFactory[],
  ) {
    super(sim, `kube-controller-manager@${node}`, node);
    // holderIdentity is `<hostname>_<uuid>` (leaderelection.ResourceLockConfig in the component)
    this.identity = `${node}_${sim.rng.uuid()}`;
    this.boot();
  }

  get isLeader(): boolean {
    return this.elector?.isLeader ?? false;
  }

  /** The controllers running now (empty unless this instance leads). */
  controllers(): readonly Controller[] {
    return this.running;
  }

  receive(_env: Envelope): void {}

  protected override onStop(): void {
    this.stopControllers();
    this.elector?.stop();
  }

  protected override onStart(): void {
    this.boot();
  }

  private client(user: string): RestClient {
    return new RestClient(this.transport(), `kube-apiserver@${this.node}`, { user });
  }

  private boot(): void {
    this.elector = componentLeaderElector(
      this.sim,
      this,
      this.client('system:kube-controller-manager'),
      { name: 'kube-controller-manager', identity: this.identity },
      (ms, run) => this.after(ms, run),
      () => this.startControllers(),
    );
    this.elector.start();
  }

  private startControllers(): void {
    const shared = new SharedInformers(
      this.client('system:kube-controller-manager'),
      (ms, run) => this.after(ms, run),
      () => this.sim.rng.next(),
      () => this.sim.newTrace('bg-informer'),
    );
    this.informers = shared;
    for (const factory of this.factories) {
      const controller = factory();
      const client = this.client(`system:serviceaccount:kube-system:${controller.serviceAccount}`);
      const ctx: ControllerContext = {
        now: () => this.sim.now(),
        timestamp: (at) => this.sim.timestamp(at),
        microTimestamp: () => this.sim.microTimestamp(),
        rng: this.sim.rng,
        informers: shared,
        client,
        events: new EventRecorder(
          new EventSink(
            client,
            (ms, run) => this.after(ms, run),
            () => this.sim.rng.next(),
          ),
          {
            component: controller.eventSource ?? controller.serviceAccount,
            instance: this.identity,
          },
          () => this.sim.timestamp(),
          eventNameSuffixer(
            () => this.sim.wallTime(),
            () => this.sim.rng.nextUint32(),
          ),
          () => undefined,
          // each controller's own record.NewBroadcaster, with its EventCorrelator
          { now: () => this.sim.now() },
        ),
        queue: (name, workers, process) =>
          new RateLimitingQueue(
            name,
            () => this.sim.now(),
            (ms, run) => this.after(ms, run),
            workers,
            process,
          ),
        after: (ms, run) => this.after(ms, run),
        newTrace: (prefix) => this.sim.newTrace(prefix),
      };
      controller.start(ctx);
      this.running.push(controller);
    }
    shared.start();
  }

  private stopControllers(): void {
    for (const c of this.running) c.stop?.();
    this.running = [];
    this.informers?.stop();
    this.informers = undefined;
  }
}
