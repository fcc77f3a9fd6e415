// One pod's worker (pkg/kubelet/pod_workers.go + kuberuntime SyncPod): drives the CRI in
// order — sandbox, init containers one by one, app containers — restarts per restartPolicy
// with the crash-loop backoff, runs probes, terminates gracefully, reports status.
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { parseMilli, parseValue } from '../api/quantity';
import { jsonEqual } from '../api/patch/json-value';
import type { RestClient } from '../client/rest-client';
import type { Backoff } from './backoff';
import { goDuration } from './backoff';
import { resolveContainerEnv } from './container-config';
import type { ImageManager } from './kubelet-images';
import type { ContainerRecord } from './pod-status';
import { generatePodStatus, initDone } from './pod-status';
import type { ProbeOutcome, ProbeType } from './probes';
import {
  connectionRefused,
  execTimedOut,
  httpProbeFailure,
  httpTimedOut,
  probeTimeoutS,
  ProbeWorker,
  tcpTimedOut,
} from './probes';
import type { Containerd } from './runtime';
import type {
  ContainerEvent,
  ContainerStatus,
  CriReply,
  PodSandboxMetadata,
} from './runtime-types';
import { criErrorMessage } from './runtime-types';
import { getPodStatus } from './runtime-pod-status';
import { digest53 } from './status-digest';

interface Timer {
  cancel(): void;
}

/** What a pod worker needs from its kubelet. */
export interface WorkerContext {
  node: string;
  hostIP: string;
  now(): number;
  timestamp(at?: number): string;
  after(ms: number, run: () => void): Timer;
  cri<T>(
    verb: string,
    pod: KubeObject,
    payload: unknown,
    trace: string | undefined,
    done: (r: CriReply<T>) => void,
    background?: boolean,
  ): void;
  api: RestClient;
  event(
    pod: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    trace: string | undefined,
    fieldPath?: string,
  ): void;
  crashBackoff: Backoff;
  images: ImageManager;
  runtime: Containerd;
  /** the worker has torn its pod down and forgotten it */
  finished(uid: string): void;
  /** runtimeState.networkErrors: why the pod network is not ready, or undefined */
  networkError(): string | undefined;
  /** writes status: a mirror pod for static pods, the pod otherwise */
  statusPath(pod: KubeObject): string | undefined;
}

// pkg/kubelet/kubelet.go backOffPeriod: a failed sync is retried after 10 s.
const SYNC_ERROR_REQUEUE_MS = 10_000;
// pod_workers.go backOffOnTransientErrorPeriod: a pod waiting for the network retries in 1 s
const NETWORK_NOT_READY_RETRY_MS = 1000;
// pkg/kubelet/kubelet.go NetworkNotReadyErrorMsg
const NETWORK_NOT_READY_MSG = 'network is not ready';
// the round's failed steps are keyed by container name; the sandbox has a name no container can
const SANDBOX = '#sandbox';
// pkg/kubelet/kubelet.go genericPlegRelistPeriod
const PLEG_RELIST_MS = 1000;
// kuberuntime_container.go minimumGracePeriodInSeconds
const MIN_GRACE_S = 2;

/** pkg/kubelet/util/format.Pod: name_namespace(uid) */
export function formatPod(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

export class PodWorker {
  pod: KubeObject;
  trace: string | undefined;
  /** a static pod from the node's manifests (its status goes to the mirror pod) */
  isStatic = false;
  private readonly init = new Map<string, ContainerRecord>();
  private readonly app = new Map<string, ContainerRecord>();
  // the probe workers of each probed container; made with the first probe (most pods have none)
  private probes?: Map<string, ProbeWorker[]>;
  private sandboxId?: string;
  private podIP?: string;
  private startTime: number;
  private busy = false;
  private dirty = false;
  // the runtime lost this pod's sandbox with the machine (its containers exited 255 Unknown)
  private sandboxLost = false;
  // the attempt of the next sandbox: 0, or one more than a lost sandbox's
  private sandboxAttempt = 0;
  private wake?: Timer;
  private terminating = false;
  // the eviction manager's message, once it has chosen this pod
  private eviction?: string;
  private terminated = false;
  // the digest of the status last written (without transition times); 0 = none written
  private lastStatus = 0;
  // status_manager: a write that failed stays cached and is retried by the next syncBatch
  private statusUnsynced = false;
  // status_manager.go Start: one goroutine writes statuses, so one pod's writes never overlap
  // (two PATCHes in flight to different apiservers could land older-last); the latest is
  // written once the write in flight has answered.
  private statusWriting = false;
  private statusQueued?: { terminal: boolean };
  // containers whose start failed in this round of syncs: retried on the next trigger
  // (made with the first failure: most pods start without one)
  private failedThisRound?: Set<string>;

  constructor(
    private readonly ctx: WorkerContext,
    pod: KubeObject,
    trace: string | undefined,
  ) {
    this.pod = pod;
    this.trace = trace;
    this.startTime = ctx.now();
  }

  private get spec(): Pod['spec'] {
    return (this.pod as unknown as Pod).spec;
  }

  /** The pod changed (or was delivered again): remember its trace and sync. */
  update(pod: KubeObject, trace: string | undefined): void {
    // config.go checkAndUpdatePod: a change of status alone (our own writes) is no reason to sync
    if (sameDesiredState(this.pod, pod)) {
      this.pod = pod;
      return;
    }
    const deleting = !this.pod.metadata.deletionTimestamp && pod.metadata.deletionTimestamp;
    this.pod = pod;
    if (deleting) this.trace = trace ?? this.trace;
    this.sync();
  }

  /**
   * After a kubelet restart: take over the sandbox and containers the runtime still runs for
   * this pod (same IDs, restart counts from their attempts), then sync as usual.
   */
  adopt(done: () => void): void {
    this.busy = true;
    getPodStatus(this.ctx.cri, this.pod, this.trace, (status) => {
      this.busy = false;
      if (status.sandbox) {
        this.sandboxId = status.sandbox.id;
        this.podIP = this.spec?.hostNetwork ? this.ctx.hostIP : status.sandbox.ip;
        // generateAPIPodStatus keeps the startTime the API already has
        const apiStart = (this.pod.status as { startTime?: string } | undefined)?.startTime;
        if (apiStart) this.startTime = Date.parse(apiStart) - Date.parse(this.ctx.timestamp(0));
      }
      const specs = [
        ...(this.spec?.initContainers ?? []).map((c) => [c, true] as const),
        ...(this.spec?.containers ?? []).map((c) => [c, false] as const),
      ];
      for (const [c, isInit] of specs) {
        const [current, previous] = status.containers.filter((x) => x.name === c.name);
        if (current) this.adoptContainer(c, isInit, current, previous);
      }
      if (!status.stale) return done();
      this.sandboxAttempt = status.stale.nextAttempt;
      for (const [c, isInit] of specs) {
        const last = status.stale.containers.find((x) => x.name === c.name);
        if (last) this.afterRestart(c, isInit, last);
      }
      this.killStaleSandboxes(status.stale.sandboxIds, done);
    });
  }

  /**
   * A container of a sandbox that did not survive (the node restarted): the new one continues
   * its restart count (kuberuntime_container.go: the last status's RestartCount + 1) and shows
   * it as lastState; init containers run again, as a new sandbox purges them.
   */
  private afterRestart(c: Container, isInit: boolean, last: ContainerStatus): void {
    const terminated = terminationOf(last);
    (isInit ? this.init : this.app).set(c.name, {
      ...blankRecord(c),
      containerID: terminated.containerID,
      imageID: last.imageRef,
      restartCount: last.attempt,
      ...(isInit
        ? { lastTerminated: terminated, waitingReason: 'PodInitializing' }
        : { state: 'terminated', terminated }),
    });
    this.sandboxLost = true;
  }

  // computePodActions: no ready sandbox, so the pod is killed (its sandboxes stopped, their
  // addresses released) and re-created, unless it never restarts (restartPolicy Never).
  private killStaleSandboxes(sandboxIds: string[], done: () => void): void {
    if (this.sandboxLost && (this.spec?.restartPolicy ?? 'Always') !== 'Never') {
      // kuberuntime_manager.go SyncPod
      this.ctx.event(
        this.pod,
        'Normal',
        'SandboxChanged',
        'Pod sandbox changed, it will be killed and re-created.',
        this.trace,
      );
    }
    let pending = sandboxIds.length;
    if (pending === 0) return done();
    for (const sandboxId of sandboxIds) {
      this.ctx.cri('StopPodSandbox', this.pod, { sandboxId }, this.trace, () => {
        if (--pending === 0) done();
      });
    }
  }

  private adoptContainer(
    c: Container,
    isInit: boolean,
    current: ContainerStatus,
    previous: ContainerStatus | undefined,
  ): void {
    const r: ContainerRecord = {
      name: c.name,
      image: c.image ?? '',
      state: 'running',
      waitingReason: '',
      containerID: `containerd://${current.id}`,
      imageID: current.imageRef,
      startedAt: current.startedAt,
      restartCount: current.attempt,
      // prober_manager: results start unknown, so probed containers wait for their first pass
      started: !c.startupProbe,
      ready: !c.readinessProbe && !c.startupProbe,
      ...(previous?.state === 'CONTAINER_EXITED'
        ? { lastTerminated: terminationOf(previous) }
        : {}),
    };
    (isInit ? this.init : this.app).set(c.name, r);
    if (current.state === 'CONTAINER_RUNNING') this.startProbes(c, r, isInit);
    else this.markExited(r, current);
  }

  /**
   * evictPod: the pod fails with reason Evicted and the manager's message, its containers are
   * killed at once (hard thresholds override the grace period with 0); the object stays.
   */
  evict(message: string): void {
    if (this.terminating || this.terminated) return;
    this.eviction = message;
    this.ctx.event(this.pod, 'Warning', 'Evicted', message, this.trace);
    this.terminate(true);
  }

  /** The pod object is gone from the API: stop everything without writing to it. */
  removed(): void {
    this.pod = {
      ...this.pod,
      metadata: {
        ...this.pod.metadata,
        deletionTimestamp: this.pod.metadata.deletionTimestamp ?? this.ctx.timestamp(),
      },
    };
    this.terminate(false);
  }

  /** A container of this pod stopped (the runtime's event). */
  containerEvent(e: ContainerEvent): void {
    const r = this.recordById(e.containerId);
    if (!r || r.state !== 'running') return;
    this.markExited(r, e.status);
    this.sync();
  }

  sync(continued = false): void {
    if (!continued) this.failedThisRound?.clear();
    if (this.terminated || this.terminating) return;
    if (this.pod.metadata.deletionTimestamp) return this.terminate(true);
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    if (this.isTerminalPhase()) return this.publish();
    const action = this.nextAction();
    if (!action) return this.publish();
    // kubelet.go SyncPod writes the status it generates before the runtime's SyncPod, which then
    // runs the round's steps (sandbox, pull, create, start) with no write in between; the next
    // sync, once the round is over, writes what the round did
    if (!continued) this.publish();
    this.busy = true;
    action(() => {
      this.busy = false;
      this.sync(!this.dirty);
    });
  }

  // --- what to do next (computePodActions) ---

  private nextAction(): ((done: () => void) => void) | undefined {
    const policy = this.spec?.restartPolicy ?? 'Always';
    if (!this.sandboxId) {
      if (this.failedThisRound?.has(SANDBOX)) return undefined;
      // kuberuntime_manager.go computePodActions: a pod that never restarts and has run is
      // not given a new sandbox
      if (this.sandboxLost && policy === 'Never') return undefined;
      return (done) => this.createSandbox(done);
    }
    for (const c of this.spec?.initContainers ?? []) {
      const r = this.init.get(c.name);
      const sidecar = c.restartPolicy === 'Always';
      if (r?.state === 'running') {
        if (sidecar && r.started) continue;
        return undefined;
      }
      if (!sidecar && r?.state === 'terminated' && r.terminated!.exitCode === 0) continue;
      if (!sidecar && r?.state === 'terminated' && policy === 'Never') return undefined;
      return this.startIfNotBackedOff(c, true);
    }
    for (const c of this.spec?.containers ?? []) {
      const r = this.app.get(c.name);
      if (r?.state === 'running') continue;
      if (r?.state === 'terminated' && !shouldRestart(policy, r.terminated!.exitCode)) continue;
      if (
        r?.state === 'waiting' &&
        r.lastTerminated &&
        !shouldRestart(policy, r.lastTerminated.exitCode)
      )
        continue;
      const action = this.startIfNotBackedOff(c, false);
      if (action) return action;
    }
    return undefined;
  }

  private startIfNotBackedOff(
    c: Container,
    isInit: boolean,
  ): ((done: () => void) => void) | undefined {
    const records = isInit ? this.init : this.app;
    const r = records.get(c.name);
    if (this.failedThisRound?.has(c.name)) return undefined;
    const finished = r?.state === 'terminated' ? r.terminated : undefined;
    if (finished) {
      const key = this.backoffKey(c);
      if (this.ctx.crashBackoff.isInBackOffSince(key, finished.finishedAt)) {
        const delay = this.ctx.crashBackoff.get(key);
        r!.lastTerminated = finished;
        r!.terminated = undefined;
        r!.state = 'waiting';
        r!.waitingReason = 'CrashLoopBackOff';
        r!.waitingMessage = `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${formatPod(this.pod)}`;
        this.ctx.event(
          this.pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${c.name} in pod ${formatPod(this.pod)}`,
          this.trace,
          fieldPath(c, isInit),
        );
        this.wakeAt(finished.finishedAt + delay);
        return undefined;
      }
      this.ctx.crashBackoff.next(key, finished.finishedAt);
    } else if (
      r?.state === 'waiting' &&
      r.waitingReason === 'CrashLoopBackOff' &&
      r.lastTerminated
    ) {
      const key = this.backoffKey(c);
      if (this.ctx.crashBackoff.isInBackOffSince(key, r.lastTerminated.finishedAt)) {
        this.wakeAt(r.lastTerminated.finishedAt + this.ctx.crashBackoff.get(key));
        return undefined;
      }
      this.ctx.crashBackoff.next(key, r.lastTerminated.finishedAt);
    }
    return (done) => this.startContainer(c, isInit, done);
  }

  private backoffKey(c: Container): string {
    // kuberuntime getStableKey: name_namespace_uid_container_hash
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}_${this.pod.metadata.uid}_${c.name}`;
  }

  private wakeAt(at: number): void {
    this.wake?.cancel();
    this.wake = this.ctx.after(Math.max(0, at - this.ctx.now()), () => this.sync());
  }

  // --- CRI steps ---

  private meta(): PodSandboxMetadata {
    return {
      name: this.pod.metadata.name!,
      namespace: this.pod.metadata.namespace ?? 'default',
      uid: this.pod.metadata.uid ?? '',
      attempt: this.sandboxAttempt,
    };
  }

  private createSandbox(done: () => void): void {
    const hostNetwork = this.spec?.hostNetwork ?? false;
    // kubelet.go SyncPod: without a pod network only host-network pods may start
    const networkError = hostNetwork ? undefined : this.ctx.networkError();
    if (networkError) {
      this.ctx.event(
        this.pod,
        'Warning',
        'NetworkNotReady',
        `${NETWORK_NOT_READY_MSG}: ${networkError}`,
        this.trace,
      );
      (this.failedThisRound ??= new Set()).add(SANDBOX);
      this.wakeAt(this.ctx.now() + NETWORK_NOT_READY_RETRY_MS);
      return done();
    }
    this.ctx.cri<{ sandboxId: string; ip: string }>(
      'RunPodSandbox',
      this.pod,
      { metadata: this.meta(), hostname: this.pod.metadata.name, hostNetwork },
      this.trace,
      (res) => {
        if (!res.ok) {
          this.ctx.event(
            this.pod,
            'Warning',
            'FailedCreatePodSandBox',
            `Failed to create pod sandbox: ${criErrorMessage(res.error)}`,
            this.trace,
          );
          (this.failedThisRound ??= new Set()).add(SANDBOX);
          this.wakeAt(this.ctx.now() + SYNC_ERROR_REQUEUE_MS);
          return done();
        }
        this.sandboxId = res.result.sandboxId;
        this.podIP = hostNetwork ? this.ctx.hostIP : res.result.ip;
        done();
      },
    );
  }

  private startContainer(c: Container, isInit: boolean, done: () => void): void {
    const records = isInit ? this.init : this.app;
    const prev = records.get(c.name);
    const path = fieldPath(c, isInit);
    const trace = this.trace;
    const fail = (reason: string, message: string, retryMs?: number) => {
      (this.failedThisRound ??= new Set()).add(c.name);
      records.set(c.name, {
        ...(prev ?? blankRecord(c)),
        state: 'waiting',
        waitingReason: reason,
        waitingMessage: message,
        terminated: undefined,
        lastTerminated: prev?.lastTerminated ?? prev?.terminated,
      });
      if (retryMs !== undefined) this.wakeAt(this.ctx.now() + retryMs);
      done();
    };
    this.ctx.images.ensureImageExists(this.pod, c, path, trace, (img) => {
      if (!img.ok) {
        if (img.reason === 'ErrImagePull' || img.reason === 'ImagePullBackOff') {
          this.ctx.event(this.pod, 'Warning', 'Failed', `Error: ${img.reason}`, trace, path);
        }
        // After a failed pull the worker syncs again about a second later (the next PLEG
        // relist), which finds the image in backoff: ImagePullBackOff until it expires.
        const retry =
          img.reason === 'ImagePullBackOff'
            ? this.ctx.images.backoffRemaining(this.pod, c)
            : img.reason === 'ErrImagePull'
              ? PLEG_RELIST_MS
              : SYNC_ERROR_REQUEUE_MS;
        return fail(img.reason, img.message, retry);
      }
      resolveContainerEnv(this.ctx.api, this.pod as unknown as Pod, c, trace, (cfg) => {
        if (!cfg.ok) {
          this.ctx.event(this.pod, 'Warning', 'Failed', `Error: ${cfg.message}`, trace, path);
          return fail('CreateContainerConfigError', cfg.message, SYNC_ERROR_REQUEUE_MS);
        }
        const restartCount = prev?.containerID ? prev.restartCount + 1 : 0;
        const limit = c.resources?.limits?.memory;
        const config = {
          name: c.name,
          attempt: restartCount,
          image: img.imageRef,
          command: c.command ?? [],
          args: c.args ?? [],
          env: cfg.env,
          ...(limit ? { memoryLimit: parseValue(String(limit)) } : {}),
          pod: this.meta(),
        };
        this.ctx.cri<{ containerId: string }>(
          'CreateContainer',
          this.pod,
          { sandboxId: this.sandboxId, config },
          trace,
          (created) => {
            if (!created.ok) {
              this.ctx.event(
                this.pod,
                'Warning',
                'Failed',
                `Error: ${created.error.desc}`,
                trace,
                path,
              );
              return fail('CreateContainerError', created.error.desc, SYNC_ERROR_REQUEUE_MS);
            }
            const id = created.result.containerId;
            this.ctx.event(
              this.pod,
              'Normal',
              'Created',
              `Created container: ${c.name}`,
              trace,
              path,
            );
            this.ctx.cri('StartContainer', this.pod, { containerId: id }, trace, (started) => {
              if (!started.ok) {
                this.ctx.event(
                  this.pod,
                  'Warning',
                  'Failed',
                  `Error: ${started.error.desc}`,
                  trace,
                  path,
                );
                return fail('RunContainerError', started.error.desc, SYNC_ERROR_REQUEUE_MS);
              }
              this.ctx.event(
                this.pod,
                'Normal',
                'Started',
                `Started container ${c.name}`,
                trace,
                path,
              );
              const r: ContainerRecord = {
                name: c.name,
                image: c.image ?? '',
                state: 'running',
                waitingReason: '',
                containerID: `containerd://${id}`,
                imageID: img.imageID,
                startedAt: this.ctx.now(),
                lastTerminated: prev?.lastTerminated ?? prev?.terminated,
                restartCount,
                started: !c.startupProbe,
                ready: !c.readinessProbe && !c.startupProbe,
              };
              if (prev?.state === 'terminated' && prev.terminated)
                r.lastTerminated = prev.terminated;
              records.set(c.name, r);
              this.startProbes(c, r, isInit);
              done();
            });
          },
        );
      });
    });
  }

  private markExited(r: ContainerRecord, s: ContainerStatus): void {
    this.stopProbes(r.name);
    r.state = 'terminated';
    r.ready = false;
    r.terminated = terminationOf(s);
  }

  private recordById(id: string): ContainerRecord | undefined {
    const cid = `containerd://${id}`;
    return [...this.init.values(), ...this.app.values()].find((r) => r.containerID === cid);
  }

  // --- probes ---

  private startProbes(c: Container, r: ContainerRecord, isInit: boolean): void {
    const workers: ProbeWorker[] = [];
    const add = (type: ProbeType, probe: Probe | undefined) => {
      if (!probe) return;
      workers.push(
        new ProbeWorker(type, probe, {
          now: () => this.ctx.now(),
          after: (ms, run) => this.ctx.after(ms, run),
          gated: () => type !== 'Startup' && !r.started,
          run: (p, done) => this.runProbe(r, p, done),
          onFailure: (output) =>
            this.ctx.event(
              this.pod,
              'Warning',
              'Unhealthy',
              `${type} probe failed: ${output}`,
              undefined,
              fieldPath(c, isInit),
            ),
          onResult: (ok) => this.probeResult(c, r, type, ok, isInit),
        }),
      );
    };
    add('Startup', c.startupProbe);
    add('Liveness', c.livenessProbe);
    add('Readiness', c.readinessProbe);
    if (workers.length > 0) (this.probes ??= new Map()).set(r.name, workers);
  }

  private stopProbes(name: string): void {
    const workers = this.probes?.get(name);
    if (!workers) return;
    for (const w of workers) w.stop();
    this.probes!.delete(name);
  }

  private probeResult(
    c: Container,
    r: ContainerRecord,
    type: ProbeType,
    ok: boolean,
    isInit: boolean,
  ): void {
    if (r.state !== 'running') return;
    if (type === 'Readiness') r.ready = ok;
    else if (type === 'Startup' && ok) {
      r.started = true;
      if (!c.readinessProbe) r.ready = true;
    } else if (!ok) {
      // prober_manager → kuberuntime: kill the container; the sync loop restarts it.
      const what = type === 'Liveness' ? 'liveness' : 'startup';
      this.ctx.event(
        this.pod,
        'Normal',
        'Killing',
        `Container ${c.name} failed ${what} probe, will be restarted`,
        undefined,
        fieldPath(c, isInit),
      );
      this.stopContainer(c, r, this.gracePeriod(), undefined, () => this.sync());
      return;
    }
    this.publish();
    this.sync();
  }

  private runProbe(r: ContainerRecord, p: Probe, done: (o: ProbeOutcome) => void): void {
    const ip = this.podIP ?? '';
    if (p.exec) {
      const id = r.containerID?.replace('containerd://', '');
      const cmd = p.exec.command ?? [];
      this.ctx.cri<{ exitCode: number; stdout: string }>(
        'ExecSync',
        this.pod,
        { containerId: id, cmd, timeout: probeTimeoutS(p) },
        undefined,
        (res) => {
          // cri/remote/remote_runtime.go ExecSync: DeadlineExceeded is a timed-out probe
          if (!res.ok && res.error.code === 'DeadlineExceeded')
            return done({ ok: false, output: execTimedOut(cmd) });
          if (!res.ok) return done({ ok: false, output: criErrorMessage(res.error) });
          done({ ok: res.result.exitCode === 0, output: res.result.stdout });
        },
        true,
      );
      return;
    }
    // HTTP and TCP probes go from the kubelet to the pod IP on the node's bridge; one the
    // application never answers fails when timeoutSeconds runs out (pkg/probe/http, tcp).
    const port = probePort(this.containerSpec(r.name), p.httpGet?.port ?? p.tcpSocket?.port ?? 0);
    const timedOut = (output: string) =>
      this.ctx.after(probeTimeoutS(p) * 1000, () => done({ ok: false, output }));
    if (p.httpGet) {
      const url = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${ip}:${port}${p.httpGet.path ?? '/'}`;
      const status = this.ctx.runtime.httpGet(ip, port, p.httpGet.path ?? '/');
      if (status === 'timeout') return void timedOut(httpTimedOut(url));
      if (status === 'refused')
        return done({ ok: false, output: connectionRefused(url, ip, port) });
      return done({ ok: status >= 200 && status < 400, output: httpProbeFailure(status) });
    }
    const conn = this.ctx.runtime.tcpConnect(ip, port);
    if (conn === 'timeout') return void timedOut(tcpTimedOut(ip, port));
    if (conn === 'open') return done({ ok: true, output: '' });
    done({ ok: false, output: connectionRefused(undefined, ip, port) });
  }

  private containerSpec(name: string): Container | undefined {
    return [...(this.spec?.initContainers ?? []), ...(this.spec?.containers ?? [])].find(
      (c) => c.name === name,
    );
  }

  // --- termination ---

  private gracePeriod(): number {
    return (
      this.pod.metadata.deletionGracePeriodSeconds ?? this.spec?.terminationGracePeriodSeconds ?? 30
    );
  }

  private stopContainer(
    c: Container,
    r: ContainerRecord,
    graceS: number,
    trace: string | undefined,
    done: () => void,
  ): void {
    const id = r.containerID!.replace('containerd://', '');
    const startedAt = this.ctx.now();
    const stop = () => {
      const left = Math.max(MIN_GRACE_S, graceS - Math.floor((this.ctx.now() - startedAt) / 1000));
      this.ctx.cri(
        'StopContainer',
        this.pod,
        { containerId: id, timeout: graceS === 0 ? 0 : left },
        trace,
        () => {
          this.ctx.cri<ContainerStatus>(
            'ContainerStatus',
            this.pod,
            { containerId: id },
            trace,
            (st) => {
              if (st.ok && r.state === 'running') this.markExited(r, st.result);
              done();
            },
          );
        },
      );
    };
    const preStop = c.lifecycle?.preStop;
    if (graceS > 0 && preStop?.exec) {
      // The hook runs in the container and the kill waits for it (bounded by the grace period).
      const sleep = (preStop.exec.command ?? []).join(' ').match(/sleep (\d+)/);
      const ms = Math.min(sleep ? Number(sleep[1]) * 1000 : 0, graceS * 1000);
      this.ctx.cri(
        'ExecSync',
        this.pod,
        { containerId: id, cmd: preStop.exec.command ?? [] },
        trace,
        () => undefined,
      );
      this.ctx.after(ms, stop);
      return;
    }
    if (graceS > 0 && preStop?.sleep) {
      this.ctx.after(Math.min(Number(preStop.sleep.seconds) * 1000, graceS * 1000), stop);
      return;
    }
    stop();
  }

  private terminate(writeApi: boolean): void {
    if (this.terminating) return;
    this.terminating = true;
    this.wake?.cancel();
    const trace = this.trace;
    const grace = this.eviction !== undefined ? 0 : this.gracePeriod();
    const all = [
      ...(this.spec?.containers ?? []).map((c) => [c, this.app.get(c.name), false] as const),
      ...(this.spec?.initContainers ?? []).map((c) => [c, this.init.get(c.name), true] as const),
    ].filter(([, r]) => r?.state === 'running');
    let pending = all.length;
    const afterKill = () => {
      const cleanup = () => {
        this.terminated = true;
        if (!writeApi) return this.ctx.finished(this.pod.metadata.uid ?? '');
        this.publish(true);
        if (this.eviction !== undefined) return this.ctx.finished(this.pod.metadata.uid ?? '');
        // status_manager: once the pod's containers are gone, delete it for good.
        this.ctx.api.request(
          {
            method: 'DELETE',
            path: `/api/v1/namespaces/${this.pod.metadata.namespace}/pods/${this.pod.metadata.name}`,
            body: {
              kind: 'DeleteOptions',
              apiVersion: 'v1',
              gracePeriodSeconds: 0,
              preconditions: { uid: this.pod.metadata.uid },
            },
          },
          () => this.ctx.finished(this.pod.metadata.uid ?? ''),
          { trace },
        );
      };
      if (!this.sandboxId) return cleanup();
      this.ctx.cri('StopPodSandbox', this.pod, { sandboxId: this.sandboxId }, trace, () => {
        this.ctx.cri('RemovePodSandbox', this.pod, { sandboxId: this.sandboxId }, trace, cleanup);
      });
    };
    if (pending === 0) return afterKill();
    for (const [c, r, isInit] of all) {
      this.stopProbes(c.name);
      this.ctx.event(
        this.pod,
        'Normal',
        'Killing',
        `Stopping container ${c.name}`,
        trace,
        fieldPath(c, isInit),
      );
      this.stopContainer(c, r!, grace, trace, () => {
        if (--pending === 0) afterKill();
      });
    }
  }

  // --- status ---

  private isTerminalPhase(): boolean {
    const phase = (this.pod.status as { phase?: string } | undefined)?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  }

  /** Patches pods/<name>/status when what the kubelet would write has changed. */
  publish(terminal = false): void {
    const path = this.ctx.statusPath(this.pod);
    if (!path) return;
    const policy = this.spec?.restartPolicy ?? 'Always';
    const done = [...this.app.values()];
    const allStopped =
      done.length === (this.spec?.containers ?? []).length &&
      done.every((r) => r.state === 'terminated' && !shouldRestart(policy, r.terminated!.exitCode));
    const status = generatePodStatus({
      pod: this.pod as unknown as Pod,
      init: this.init,
      app: this.app,
      podIP:
        this.podIP && !this.spec?.hostNetwork
          ? this.podIP
          : this.spec?.hostNetwork
            ? this.ctx.hostIP
            : undefined,
      hostIP: this.ctx.hostIP,
      startTime: this.startTime,
      sandboxReady: this.sandboxId !== undefined && !this.terminated,
      terminal: terminal || allStopped,
      timestamp: (at) => this.ctx.timestamp(at),
      now: this.ctx.now(),
    });
    if (this.eviction !== undefined) evicted(status, this.eviction, this.ctx.timestamp());
    const json = JSON.stringify({
      ...status,
      conditions: (status.conditions as { lastTransitionTime?: string }[]).map(
        ({ lastTransitionTime: _t, ...c }) => c,
      ),
    });
    const written = digest53(json);
    if (written === this.lastStatus) return;
    if (this.statusWriting) {
      this.statusQueued = { terminal: terminal || (this.statusQueued?.terminal ?? false) };
      return;
    }
    this.lastStatus = written;
    this.statusWriting = true;
    this.ctx.api.request(
      {
        method: 'PATCH',
        path,
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        // the uid guards against writing to a recreated pod (a mirror pod has its own uid)
        body: this.isStatic ? { status } : { metadata: { uid: this.pod.metadata.uid }, status },
      },
      (res) => {
        this.statusWriting = false;
        const queued = this.statusQueued;
        this.statusQueued = undefined;
        if (res.ok && res.response.status < 300) {
          const stored = res.response.body as KubeObject;
          // the watch may have brought this very write first: that object (shared with the
          // apiserver's cache) already holds the same status, so no copy of it is kept
          if (this.pod.metadata.resourceVersion !== stored.metadata.resourceVersion)
            this.pod = { ...this.pod, status: stored.status };
          if (this.lastStatus === written) this.statusUnsynced = false;
          if (queued) this.publish(queued.terminal);
          return;
        }
        this.lastStatus = 0;
        // status_manager.go syncPod: a pod gone (404) or replaced (uid precondition, 409) is
        // not written again; anything else (apiserver or etcd down) waits for syncBatch.
        const status = res.ok ? res.response.status : 0;
        this.statusUnsynced = status !== 404 && status !== 409;
      },
      { trace: this.trace },
    );
  }

  /** status_manager syncBatch: writes the status again if the last write failed. */
  syncStatus(): void {
    if (!this.statusUnsynced || this.terminated) return;
    this.statusUnsynced = false;
    this.republish();
  }

  /** Writes the status again even if unchanged (the mirror pod has just been created). */
  republish(): void {
    this.lastStatus = 0;
    this.publish();
  }

  /** CPU and memory the pod requests, for the kubelet's admission. */
  static requests(pod: KubeObject): { cpu: number; memory: number } {
    const spec = (pod as unknown as Pod).spec;
    let cpu = 0;
    let memory = 0;
    for (const c of spec?.containers ?? []) {
      cpu += parseMilli(String(c.resources?.requests?.cpu ?? '0'));
      memory += parseValue(String(c.resources?.requests?.memory ?? '0'));
    }
    for (const c of spec?.initContainers ?? []) {
      cpu = Math.max(cpu, parseMilli(String(c.resources?.requests?.cpu ?? '0')));
      memory = Math.max(memory, parseValue(String(c.resources?.requests?.memory ?? '0')));
    }
    return { cpu, memory };
  }

  get isInitDone(): boolean {
    return initDone(this.pod as unknown as Pod, this.init);
  }
}

function sameDesiredState(a: KubeObject, b: KubeObject): boolean {
  // config.go podsDifferSemantically: DeepEqual of the fields, no serialising of whole specs
  return (
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp &&
    jsonEqual(a.metadata.labels, b.metadata.labels) &&
    jsonEqual(a.metadata.annotations, b.metadata.annotations) &&
    jsonEqual(a.spec, b.spec)
  );
}

/** eviction_manager.go evictPod: phase Failed, reason Evicted, a DisruptionTarget condition. */
function evicted(status: Record<string, unknown>, message: string, now: string): void {
  status.phase = 'Failed';
  status.reason = 'Evicted';
  status.message = message;
  const conditions = (status.conditions as Record<string, unknown>[] | undefined) ?? [];
  status.conditions = [
    {
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: now,
      reason: 'TerminationByKubelet',
      message,
    },
    ...conditions,
  ];
}

/** An exited container's status as the pod status reports it. */
function terminationOf(s: ContainerStatus): NonNullable<ContainerRecord['terminated']> {
  return {
    exitCode: s.exitCode,
    reason: s.reason,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    containerID: `containerd://${s.id}`,
  };
}

function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

function fieldPath(c: Container, isInit: boolean): string {
  return `spec.${isInit ? 'initContainers' : 'containers'}{${c.name}}`;
}

function blankRecord(c: Container): ContainerRecord {
  return {
    name: c.name,
    image: c.image ?? '',
    state: 'waiting',
    waitingReason: 'ContainerCreating',
    restartCount: 0,
    started: false,
    ready: false,
  };
}

/**
 * A probe's port: a number, or the name of one of the container's ports
 * (pkg/kubelet/prober/prober.go: util.ResolvePort → findPortByName).
 */
export function probePort(container: Container | undefined, port: number | string): number {
  if (typeof port === 'number') return port;
  const named = container?.ports?.find((p) => p.name === port);
  return named ? named.containerPort : Number(port);
}
