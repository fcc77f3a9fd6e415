import type { ApiRequest, KubeObject } from '../api/types';
import { EventRecorder } from '../client/event-recorder';
import type { Informer } from '../client/informer';
import type { LeaderElector } from '../client/leader-election';
import { componentLeaderElector } from '../client/leader-election';
import type { WatchHandlers } from '../client/rest-client';
import { RestClient } from '../client/rest-client';
import { SharedInformers } from '../client/shared-informers';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import type { SchedulerConfiguration } from './config';
import { defaultConfiguration } from './config';
import type { SchedulingAttempt } from './decisions';
import type { PodInfo } from './framework/pod-info';
import { podKey } from './framework/pod-info';
import type { Status } from './framework/status';
import { SUCCESS, newStatus } from './framework/status';
import type { SchedulerEffects } from './scheduler';
import { Scheduler } from './scheduler';
import { eventNameSuffixer } from '../client/event-name';
import { EventSink } from '../client/event-sink';

// backend/queue: flushBackoffQCompleted every 1 s, flushUnschedulablePodsLeftover every 30 s.
const BACKOFF_FLUSH_MS = 1_000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;
// scheduler.go newPodInformer: finished pods are not the scheduler's concern.
const POD_FIELD_SELECTOR = 'status.phase!=Succeeded,status.phase!=Failed';

/** A REST client that remembers the trace of the watch event being handled. */
class TracingRestClient extends RestClient {
  currentTrace: string | undefined;

  override watch(
    req: ApiRequest,
    handlers: WatchHandlers,
    options?: { trace?: string; background?: boolean },
  ): () => void {
    return super.watch(
      req,
      {
        onEvent: (e, env: Envelope) => {
          this.currentTrace = env.trace;
          try {
            handlers.onEvent(e, env);
          } finally {
            this.currentTrace = undefined;
          }
        },
        onClose: (reason, res) => handlers.onClose(reason, res),
      },
      options,
    );
  }
}

/**
 * kube-scheduler: one process per control-plane node, talking to its local apiserver as
 * `system:kube-scheduler`. Every instance keeps informers and a queue warm; only the holder of
 * the `kube-scheduler` Lease schedules (server.go runs informers before leader election).
 */
export class KubeScheduler extends Process {
  readonly identity: string;
  private elector?: LeaderElector;
  private informers?: SharedInformers;
  private client?: TracingRestClient;
  private events?: EventRecorder;
  private core?: Scheduler;
  private loopQueued = false;
  /** the trace of each pod's creation, so binding joins the story kubectl started */
  private readonly podTraces = new Map<string, string>();
  private listers: Record<string, Informer> = {};

  constructor(
    sim: Simulation,
    readonly node: string,
    private readonly config: SchedulerConfiguration = defaultConfiguration(),
  ) {
    super(sim, `kube-scheduler@${node}`, node);
    // holderIdentity `<hostname>_<uuid>` (leaderelection.ResourceLockConfig)
    this.identity = `${node}_${sim.rng.uuid()}`;
    this.boot();
  }

  get isLeader(): boolean {
    return this.elector?.isLeader ?? false;
  }

  /** The scheduler core of this instance (its cache, queue and decisions), while it runs. */
  get scheduler(): Scheduler | undefined {
    return this.core;
  }

  /** Every recorded scheduling attempt of a pod by this instance. */
  schedulingDecisions(namespace: string, name: string): SchedulingAttempt[] {
    return this.core?.attempts(namespace, name) ?? [];
  }

  receive(_env: Envelope): void {}

  protected override onStop(): void {
    this.elector?.stop();
    this.informers?.stop();
    this.informers = undefined;
    this.core = undefined;
    this.loopQueued = false;
    this.podTraces.clear();
  }

  protected override onStart(): void {
    this.boot();
  }

  private boot(): void {
    const client = new TracingRestClient(this.transport(), `kube-apiserver@${this.node}`, {
      user: 'system:kube-scheduler',
    });
    this.client = client;
    this.events = new EventRecorder(
      new EventSink(
        client,
        (ms, run) => this.after(ms, run),
        () => this.sim.rng.next(),
      ),
      { component: 'default-scheduler', instance: this.identity },
      () => this.sim.timestamp(),
      eventNameSuffixer(
        () => this.sim.wallTime(),
        () => this.sim.rng.nextUint32(),
      ),
      () => undefined,
    );
    const informers = new SharedInformers(
      client,
      (ms, run) => this.after(ms, run),
      () => this.sim.rng.next(),
      () => this.sim.newTrace('bg-informer'),
    );
    this.informers = informers;
    const core = new Scheduler({
      config: this.config,
      effects: this.effects(),
      now: () => this.sim.now(),
      random: () => this.sim.rng.next(),
      instance: this.id,
      onActivated: () => this.kick(),
    });
    this.core = core;
    const pods = informers.informer('/api/v1/pods', { fieldSelector: POD_FIELD_SELECTOR });
    pods.addHandlers({
      onAdd: (p) => {
        this.rememberTrace(p);
        core.onPodAdd(p);
      },
      onUpdate: (o, p) => core.onPodUpdate(o, p),
      onDelete: (p) => {
        this.podTraces.delete(podKey(p));
        core.onPodDelete(p);
      },
    });
    informers.informer('/api/v1/nodes').addHandlers({
      onAdd: (n) => core.onNodeAdd(n),
      onUpdate: (o, n) => core.onNodeUpdate(o, n),
      onDelete: (n) => core.onNodeDelete(n),
    });
    this.listers = {
      services: informers.informer('/api/v1/services'),
      replicasets: informers.informer('/apis/apps/v1/replicasets'),
      statefulsets: informers.informer('/apis/apps/v1/statefulsets'),
      poddisruptionbudgets: informers.informer('/apis/policy/v1/poddisruptionbudgets'),
    };
    informers.start();
    this.flushLoop();
    this.elector = componentLeaderElector(
      this.sim,
      this,
      client,
      { name: 'kube-scheduler', identity: this.identity },
      (ms, run) => this.after(ms, run),
      () => this.kick(),
    );
    this.elector.start();
  }

  private rememberTrace(p: KubeObject): void {
    const trace = this.client?.currentTrace;
    if (trace && !trace.startsWith('bg-')) this.podTraces.set(podKey(p), trace);
  }

  private flushLoop(): void {
    let sinceUnschedulable = 0;
    const tick = () => {
      this.core?.queue.flushBackoffQCompleted();
      sinceUnschedulable += BACKOFF_FLUSH_MS;
      if (sinceUnschedulable >= UNSCHEDULABLE_FLUSH_MS) {
        sinceUnschedulable = 0;
        this.core?.queue.flushUnschedulablePodsLeftover();
      }
      this.after(BACKOFF_FLUSH_MS, tick);
    };
    this.after(BACKOFF_FLUSH_MS, tick);
  }

  /** Runs scheduling cycles (leader only, informers synced) until activeQ is empty. */
  private kick(): void {
    if (this.loopQueued) return;
    this.loopQueued = true;
    this.after(0, () => {
      this.loopQueued = false;
      const core = this.core;
      if (!core || !this.isLeader) return;
      // WaitForCacheSync: no cycle runs on a half-filled cache
      if (!this.informers?.synced) return void this.after(100, () => this.kick());
      if (core.scheduleOne() && core.queue.activeQ.length > 0) this.kick();
    });
  }

  private traceOf(pod: PodInfo): string | undefined {
    return this.podTraces.get(pod.key);
  }

  private podPath(pod: PodInfo, sub = ''): string {
    return `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}${sub ? `/${sub}` : ''}`;
  }

  private effects(): SchedulerEffects {
    return {
      lister: (resource) => this.listers[resource]?.items() ?? [],
      bind: (pod, nodeName, done) => {
        // DefaultBinder: a Binding named after the pod, targeting the node
        const body = {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        };
        this.client!.request(
          { method: 'POST', path: this.podPath(pod, 'binding'), body },
          (res) => {
            if (!res.ok) return done(newStatus('Error', `Post binding: ${res.error}`));
            if (res.response.status >= 300) {
              const msg = (res.response.body as { message?: string })?.message ?? '';
              return done(newStatus('Error', msg) as Status);
            }
            done(SUCCESS);
          },
          { trace: this.traceOf(pod) },
        );
      },
      reportScheduled: (pod, nodeName) => {
        this.events!.record(
          pod.pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${pod.namespace}/${pod.name} to ${nodeName}`,
          this.traceOf(pod),
        );
      },
      reportFailure: (pod, reason, message, nominated) => {
        this.events!.record(pod.pod, 'Warning', 'FailedScheduling', message, this.traceOf(pod));
        const current = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
        const nominatedChanged =
          nominated !== undefined && nominated !== (pod.status.nominatedNodeName ?? '');
        // updatePod: only write when the condition or the nomination changes
        if (
          current?.status === 'False' &&
          current.reason === reason &&
          current.message === message &&
          !nominatedChanged
        )
          return;
        const status: Record<string, unknown> = {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: this.sim.timestamp(),
              reason,
              message,
            },
          ],
        };
        if (nominatedChanged) status.nominatedNodeName = nominated || null;
        this.client!.request(
          {
            method: 'PATCH',
            path: this.podPath(pod, 'status'),
            headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
            body: { status },
          },
          () => undefined,
          { trace: this.traceOf(pod) },
        );
      },
      preempt: (victim, preemptor, nodeName) => {
        const trace = this.traceOf(preemptor);
        // preemption.go: mark the victim DisruptionTarget, delete it, tell its owner why
        this.client!.request(
          {
            method: 'PATCH',
            path: this.podPath(victim, 'status'),
            headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
            body: {
              status: {
                conditions: [
                  {
                    type: 'DisruptionTarget',
                    status: 'True',
                    lastTransitionTime: this.sim.timestamp(),
                    reason: 'PreemptionByScheduler',
                    message: `${this.config.profiles[0].schedulerName}: preempting to accommodate a higher priority pod`,
                  },
                ],
              },
            },
          },
          () =>
            this.client!.request(
              { method: 'DELETE', path: this.podPath(victim) },
              () => undefined,
              { trace },
            ),
          { trace },
        );
        this.events!.record(
          victim.pod,
          'Normal',
          'Preempted',
          `Preempted by pod ${preemptor.uid} on node ${nodeName}`,
          trace,
        );
      },
    };
  }
}
