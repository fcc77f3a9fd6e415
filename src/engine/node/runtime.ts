import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import { CNI_NOT_INITIALIZED, NETWORK_NOT_READY_REASON } from './cni';
import { CniPlugin } from './cni-plugin';
import { ComponentSupervisor } from './runtime-components';
import type { ImageReference } from './images';
import { parseImageReference, PAUSE_IMAGE, resolveImage, syntheticDigest } from './images';
import type { CatalogImage } from './images';
import type { Program } from './runtime-program';
import { execDurationMs, execIn, programFor } from './runtime-program';
import type {
  ContainerConfig,
  ContainerEvent,
  ContainerStatus,
  ContainerSummary,
  PodSandbox,
  PodSandboxStatus,
  CriError,
  CriReply,
  ImageInfo,
  RunPodSandboxRequest,
  RuntimeStatus,
} from './runtime-types';

export interface ContainerdOptions {
  node: string;
  /** the node's address: host-network sandboxes (static pods) use it */
  hostIP?: string;
  /** a podCIDR known up front; otherwise the pod network waits for kubelet's UpdateRuntimeConfig */
  podCIDR?: string;
  /** image download bandwidth in bytes per second (default 30 MB/s) */
  pullBandwidth?: number;
  /** images present before any pull (kubeadm preloads the control-plane images) */
  preloaded?: string[];
  /** component processes by binary name (etcd, kube-apiserver…) that containers may run */
  components?: ReadonlyMap<string, Process>;
}

const DEFAULT_BANDWIDTH = 30_000_000;
// Resolving a tag and fetching the manifest costs a few registry round trips.
const REGISTRY_RTT_MS = 250;
// runc create/start, and how long a process with a SIGTERM handler takes to exit.
const CREATE_MS = 30;
const START_MS = 40;
const GRACEFUL_EXIT_MS = 100;
// How often the shims notice a component process that died, and how long a broken
// component binary takes to crash after its container starts.
const SHIM_WAIT_MS = 1000;
const BROKEN_BINARY_EXIT_MS = 500;
// cri server/restart.go: a container whose task vanished (the machine restarted) exited with
// unknownExitCode and unknownExitReason
const UNKNOWN_EXIT_CODE = 255;
const UNKNOWN_EXIT_REASON = 'Unknown';

interface Sandbox {
  id: string;
  req: RunPodSandboxRequest;
  ip: string;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  createdAt: number;
}

interface Container {
  status: ContainerStatus;
  sandboxId: string;
  podUid: string;
  image: CatalogImage;
  program?: Program;
  config: ContainerConfig;
  exitTimer?: { cancel(): void };
}

/**
 * containerd with its CRI plugin on one node: sandboxes (the pause container holding the pod's
 * network namespace, wired by the CNI plugin), an image store, containers whose processes
 * behave as their images do. The kubelet talks to it only through CRI calls (hops).
 */
export class Containerd extends Process {
  private readonly images = new Map<string, ImageInfo & { catalog: CatalogImage }>();
  private readonly pulls = new Map<string, Envelope[]>();
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  /** namespace/pod/container → health checks its application fails (failure injection) */
  private readonly failingChecks = new Map<string, Set<string>>();
  // checks the application stops answering (a deadlock, a full accept backlog)
  private readonly hangingChecks = new Map<string, Set<string>>();
  readonly cni: CniPlugin;
  private readonly supervisor?: ComponentSupervisor;
  private idCounter = 0;

  constructor(
    sim: Simulation,
    readonly options: ContainerdOptions,
  ) {
    super(sim, `containerd@${options.node}`, options.node);
    this.cni = new CniPlugin(sim, options.node, options.podCIDR);
    for (const image of options.preloaded ?? []) {
      const ref = parseImageReference(image)!;
      const res = resolveImage(ref);
      if (res.ok) this.store(ref, res.image);
    }
    if (options.components) {
      this.supervisor = new ComponentSupervisor(options.components, {
        processDied: (id) => {
          const c = this.containers.get(id);
          if (c) this.exit(c, 137, 'Error');
        },
      });
      this.supervise();
    }
  }

  protected override onStart(): void {
    if (this.supervisor) this.supervise();
  }

  private supervise(): void {
    this.supervisor!.check();
    this.after(SHIM_WAIT_MS, () => this.supervise());
  }

  private get kubelet(): string {
    return `kubelet@${this.options.node}`;
  }

  /** The node's images, as kubelet reports them in node.status.images. */
  listImages(): ImageInfo[] {
    return [...this.images.values()].map(({ catalog: _c, ...info }) => info);
  }

  /** CRI Status: RuntimeReady always, NetworkReady once the CNI plugin has a config. */
  status(): RuntimeStatus {
    const ready = this.cni.initialized;
    return {
      conditions: [
        { type: 'RuntimeReady', status: true, reason: '', message: '' },
        {
          type: 'NetworkReady',
          status: ready,
          reason: ready ? '' : NETWORK_NOT_READY_REASON,
          message: ready ? '' : CNI_NOT_INITIALIZED,
        },
      ],
    };
  }

  /** ListContainerStats: each running container's working set (declared by its program). */
  memoryUsage(): { podUid: string; container: string; workingSetBytes: number }[] {
    return [...this.containers.values()]
      .filter((c) => c.status.state === 'CONTAINER_RUNNING')
      .map((c) => ({
        podUid: c.podUid,
        container: c.status.name,
        workingSetBytes: c.program?.memoryBytes ?? 0,
      }));
  }

  /** Every container the runtime knows, for views and tests. */
  listContainers(): ContainerStatus[] {
    return [...this.containers.values()].map((c) => ({ ...c.status }));
  }

  /** Every pod sandbox the runtime knows (`crictl pods -a`), for views and tests. */
  listPodSandboxes(): PodSandbox[] {
    return [...this.sandboxes.values()].map((s) => ({
      id: s.id,
      metadata: s.req.metadata,
      state: s.state,
      createdAt: s.createdAt,
    }));
  }

  receive(env: Envelope): void {
    if (env.callId === undefined) return;
    const p = env.payload as Record<string, unknown>;
    switch (env.verb) {
      case 'RunPodSandbox':
        return this.runPodSandbox(env, p as unknown as RunPodSandboxRequest);
      case 'StopPodSandbox':
        return this.stopPodSandbox(env, p.sandboxId as string);
      case 'RemovePodSandbox':
        this.sandboxes.delete(p.sandboxId as string);
        return this.reply(env, { ok: true, result: {} }, 'removed');
      case 'ImageStatus':
        return this.imageStatus(env, p.image as string);
      case 'PullImage':
        return this.pullImage(env, p.image as string);
      case 'CreateContainer':
        return this.createContainer(env, p.sandboxId as string, p.config as ContainerConfig);
      case 'StartContainer':
        return this.startContainer(env, p.containerId as string);
      case 'StopContainer':
        return this.stopContainer(env, p.containerId as string, p.timeout as number);
      case 'RemoveContainer':
        this.containers.delete(p.containerId as string);
        return this.reply(env, { ok: true, result: {} }, 'removed');
      case 'ContainerStatus':
        return this.containerStatus(env, p.containerId as string);
      case 'ListPodSandbox':
        return this.listPodSandbox(env, p.podUid as string | undefined);
      case 'PodSandboxStatus':
        return this.podSandboxStatus(env, p.sandboxId as string);
      case 'ListContainers':
        return this.listContainersOf(env, p.podUid as string | undefined);
      case 'ExecSync':
        return this.execSync(
          env,
          p.containerId as string,
          p.cmd as string[],
          (p.timeout as number | undefined) ?? 0,
        );
      case 'UpdateRuntimeConfig':
        // flannel's subnet for this node: the CNI config becomes loadable (simplified: at once)
        this.cni.configure(p.podCIDR as string);
        return this.reply(env, { ok: true, result: {} }, `podCIDR ${String(p.podCIDR)}`);
      case 'Status': {
        const status = this.status();
        const network = status.conditions.find((c) => c.type === 'NetworkReady')!;
        return this.reply(
          env,
          { ok: true, result: status },
          network.status ? 'RuntimeReady NetworkReady' : `NetworkReady=false ${network.reason}`,
        );
      }
      default:
        return this.reply(
          env,
          { ok: false, error: { code: 'Unknown', desc: `unknown method ${env.verb}` } },
          'unimplemented',
        );
    }
  }

  // --- failure injection (the failures issue uses these) ---

  /**
   * The machine restarted: every process it ran died with it. containerd starts again with
   * what its metadata store kept (cri's recover): sandboxes NOTREADY, containers that were
   * running exited 255 "Unknown" now, images still there. Call before start().
   */
  reboot(): void {
    this.pulls.clear();
    this.supervisor?.reset();
    for (const s of this.sandboxes.values()) s.state = 'SANDBOX_NOTREADY';
    for (const c of this.containers.values()) {
      c.exitTimer?.cancel();
      if (c.status.state !== 'CONTAINER_RUNNING') continue;
      c.status.state = 'CONTAINER_EXITED';
      c.status.finishedAt = this.sim.now();
      c.status.exitCode = UNKNOWN_EXIT_CODE;
      c.status.reason = UNKNOWN_EXIT_REASON;
    }
  }

  /** Makes a running container's process exit with `exitCode` now (a crash). */
  crashContainer(namespace: string, pod: string, container: string, exitCode = 1): boolean {
    const c = this.findRunning(namespace, pod, container);
    if (!c) return false;
    this.exit(c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
    return true;
  }

  /** The kernel's OOM killer ends a running container (exit 137, OOMKilled). */
  oomKillContainer(namespace: string, pod: string, container: string): boolean {
    const c = this.findRunning(namespace, pod, container);
    if (!c) return false;
    this.exit(c, 137, 'OOMKilled');
    return true;
  }

  /**
   * The application in a pod's container starts failing (or passes again) one health check:
   * its HTTP endpoint answers 500, its TCP port stops accepting, its exec check exits 1. The
   * fault outlives container restarts, as a broken dependency would.
   */
  setHealthCheckFailing(
    namespace: string,
    pod: string,
    container: string,
    check: HealthCheck,
    failing: boolean,
  ): void {
    setCheck(this.failingChecks, `${namespace}/${pod}/${container}`, check, failing);
  }

  /**
   * The application stops answering one health check (or answers again): an HTTP endpoint
   * accepts the connection but never sends its headers, a TCP port's accept backlog is full so
   * connections are never established. Probes then run into their timeoutSeconds.
   */
  setHealthCheckHanging(
    namespace: string,
    pod: string,
    container: string,
    check: HealthCheck,
    hanging: boolean,
  ): void {
    setCheck(this.hangingChecks, `${namespace}/${pod}/${container}`, check, hanging);
  }

  private checkIn(checks: Map<string, Set<string>>, c: Container, check: HealthCheck): boolean {
    const key = `${c.config.pod.namespace}/${c.config.pod.name}/${c.status.name}`;
    return checks.get(key)?.has(healthCheckKey(check)) ?? false;
  }

  // --- helpers for the kubelet's network probes (the pod network is flat on the node) ---

  /** A TCP connect to `podIP:port`: established, refused, or never answered (timeout). */
  tcpConnect(podIP: string, port: number): 'open' | 'refused' | 'timeout' {
    const c = this.runningIn(podIP).find((x) => x.program?.ports.includes(port));
    if (!c || this.checkIn(this.failingChecks, c, { tcp: port })) return 'refused';
    return this.checkIn(this.hangingChecks, c, { tcp: port }) ? 'timeout' : 'open';
  }

  /** The HTTP status a GET of `path` on `podIP:port` gets, 'refused', or 'timeout' (no answer). */
  httpGet(podIP: string, port: number, path: string): number | 'refused' | 'timeout' {
    const c = this.runningIn(podIP).find((x) => x.program?.ports.includes(port));
    if (!c) return 'refused';
    if (this.checkIn(this.hangingChecks, c, { http: port, path })) return 'timeout';
    if (this.checkIn(this.failingChecks, c, { http: port, path })) return 500;
    const paths = c.program?.httpPaths;
    return !paths || paths.includes(path) ? 200 : 404;
  }

  private runningIn(podIP: string): Container[] {
    // host-network sandboxes share the node's address, so several may match
    const ids = new Set(
      [...this.sandboxes.values()]
        .filter((s) => s.ip === podIP && s.state === 'SANDBOX_READY')
        .map((s) => s.id),
    );
    return [...this.containers.values()].filter(
      (c) => ids.has(c.sandboxId) && c.status.state === 'CONTAINER_RUNNING',
    );
  }

  private findRunning(namespace: string, pod: string, name: string): Container | undefined {
    return [...this.containers.values()].find(
      (c) =>
        c.config.pod.namespace === namespace &&
        c.config.pod.name === pod &&
        c.status.name === name &&
        c.status.state === 'CONTAINER_RUNNING',
    );
  }

  // --- CRI methods ---

  private runPodSandbox(env: Envelope, req: RunPodSandboxRequest): void {
    const id = this.newId(`sandbox/${req.metadata.uid}/${req.metadata.attempt}`);
    const pod = `${req.metadata.namespace}/${req.metadata.name}`;
    const done = (address: string) => {
      let ip = address;
      this.sandboxes.set(id, { id, req, ip, state: 'SANDBOX_READY', createdAt: this.sim.now() });
      if (req.hostNetwork) ip = '';
      this.reply(
        env,
        { ok: true, result: { sandboxId: id, ip } },
        `sandbox ${id.slice(0, 13)} ${ip}`,
      );
    };
    if (req.hostNetwork) {
      this.after(START_MS, () => done(this.options.hostIP ?? ''));
      return;
    }
    // The pause container starts, then the CNI plugin wires its network namespace.
    this.call(
      {
        to: this.cni.id,
        verb: 'ADD',
        resource: `pod/${pod}`,
        summary: `CNI ADD ${pod} netns of sandbox ${id.slice(0, 13)}`,
        payload: { containerId: id, pod },
        trace: env.trace,
      },
      (err, reply) => {
        const ip = (reply?.payload as { ip?: string } | undefined)?.ip;
        if (err || !ip) {
          const why = (reply?.payload as { error?: string } | undefined)?.error ?? err;
          return this.reply(
            env,
            {
              ok: false,
              error: {
                code: 'Unknown',
                desc: `failed to setup network for sandbox "${id}": plugin type="flannel" failed (add): ${why}`,
              },
            },
            'CNI failed',
          );
        }
        done(ip);
      },
      10_000,
    );
  }

  private stopPodSandbox(env: Envelope, sandboxId: string): void {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return this.reply(env, { ok: true, result: {} }, 'not found (ok)');
    sandbox.state = 'SANDBOX_NOTREADY';
    for (const c of this.containers.values()) {
      if (c.sandboxId === sandboxId && c.status.state === 'CONTAINER_RUNNING')
        this.exit(c, 137, 'Error');
    }
    if (!sandbox.ip || sandbox.req.hostNetwork)
      return this.reply(env, { ok: true, result: {} }, 'stopped');
    const pod = `${sandbox.req.metadata.namespace}/${sandbox.req.metadata.name}`;
    this.call(
      {
        to: this.cni.id,
        verb: 'DEL',
        resource: `pod/${pod}`,
        summary: `CNI DEL ${pod} (release ${sandbox.ip})`,
        payload: { containerId: sandboxId, pod, ip: sandbox.ip },
        trace: env.trace,
      },
      () => this.reply(env, { ok: true, result: {} }, 'stopped'),
      10_000,
    );
  }

  private imageStatus(env: Envelope, image: string): void {
    const ref = parseImageReference(image);
    const info = ref && this.images.get(ref.normalized);
    this.reply(
      env,
      { ok: true, result: { image: info ? strip(info) : null } },
      info ? `present ${info.id.slice(0, 19)}` : 'not present',
    );
  }

  private pullImage(env: Envelope, image: string): void {
    const ref = parseImageReference(image);
    if (!ref) {
      return this.reply(
        env,
        {
          ok: false,
          error: {
            code: 'Unknown',
            desc: `failed to pull image "${image}": invalid reference format`,
          },
        },
        'invalid reference',
      );
    }
    const present = this.images.get(ref.normalized);
    if (present)
      return this.reply(
        env,
        {
          ok: true,
          result: { imageRef: present.id, imageID: present.repoDigests[0], size: present.size },
        },
        'present',
      );
    // Concurrent pulls of one image share the download (containerd's pull deduplication).
    const waiting = this.pulls.get(ref.normalized);
    if (waiting) {
      waiting.push(env);
      return;
    }
    this.pulls.set(ref.normalized, [env]);
    const res = resolveImage(ref);
    const bandwidth = this.options.pullBandwidth ?? DEFAULT_BANDWIDTH;
    const ms = res.ok
      ? REGISTRY_RTT_MS + Math.round((res.image.size / bandwidth) * 1000)
      : REGISTRY_RTT_MS;
    this.after(ms, () => {
      const envs = this.pulls.get(ref.normalized) ?? [];
      this.pulls.delete(ref.normalized);
      for (const e of envs) {
        if (!res.ok) {
          this.reply(e, { ok: false, error: { code: res.code, desc: res.error } }, 'pull failed');
          continue;
        }
        const info = this.store(ref, res.image);
        this.reply(
          e,
          {
            ok: true,
            result: { imageRef: info.id, imageID: info.repoDigests[0], size: info.size },
          },
          `pulled ${info.size} bytes`,
        );
      }
    });
  }

  private createContainer(env: Envelope, sandboxId: string, config: ContainerConfig): void {
    const sandbox = this.sandboxes.get(sandboxId);
    const image = [...this.images.values()].find((i) => i.id === config.image);
    if (!sandbox || sandbox.state !== 'SANDBOX_READY' || !image) {
      const desc = !image
        ? `failed to create containerd container: get image: image "${config.image}": not found`
        : `failed to create containerd container: sandbox "${sandboxId}" is not ready`;
      return this.reply(env, { ok: false, error: { code: 'NotFound', desc } }, 'failed');
    }
    const id = this.newId(`container/${config.pod.uid}/${config.name}/${config.attempt}`);
    const now = this.sim.now();
    const c: Container = {
      sandboxId,
      podUid: config.pod.uid,
      image: image.catalog,
      config,
      status: {
        id,
        name: config.name,
        attempt: config.attempt,
        state: 'CONTAINER_CREATED',
        createdAt: now,
        startedAt: 0,
        finishedAt: 0,
        exitCode: 0,
        reason: '',
        message: '',
        image: image.repoTags[0] ?? '',
        imageRef: image.repoDigests[0] ?? image.id,
      },
    };
    this.after(CREATE_MS, () => {
      this.containers.set(id, c);
      this.reply(env, { ok: true, result: { containerId: id } }, `created ${id.slice(0, 13)}`);
    });
  }

  private startContainer(env: Envelope, id: string): void {
    const c = this.containers.get(id);
    if (!c || c.status.state !== 'CONTAINER_CREATED') {
      return this.reply(
        env,
        { ok: false, error: { code: 'NotFound', desc: `container "${id}" in wrong state` } },
        'failed',
      );
    }
    this.after(START_MS, () => {
      c.program = programFor({
        image: c.image,
        command: c.config.command,
        args: c.config.args,
        env: c.config.env,
        memoryLimit: c.config.memoryLimit,
      });
      c.status.state = 'CONTAINER_RUNNING';
      c.status.startedAt = this.sim.now();
      // a component binary starts its process; a broken one crashes instead
      const binary = this.supervisor?.binaryOf(c.config.command);
      if (binary && !this.supervisor!.launch(binary, id)) {
        c.program = { ...c.program, ports: [], exit: { afterMs: BROKEN_BINARY_EXIT_MS, code: 1 } };
      }
      const exit = c.program.exit;
      if (exit) {
        c.exitTimer = this.after(exit.afterMs, () =>
          this.exit(c, exit.code, exit.oom ? 'OOMKilled' : exit.code === 0 ? 'Completed' : 'Error'),
        );
      }
      this.reply(env, { ok: true, result: {} }, `started ${id.slice(0, 13)}`);
    });
  }

  private stopContainer(env: Envelope, id: string, timeoutS: number): void {
    const c = this.containers.get(id);
    if (!c || c.status.state !== 'CONTAINER_RUNNING') {
      return this.reply(env, { ok: true, result: {} }, 'already stopped');
    }
    const finish = () =>
      this.reply(env, { ok: true, result: {} }, `stopped exit ${c.status.exitCode}`);
    // SIGTERM; a process without a handler (PID 1 shell, sleep) ignores it until SIGKILL.
    if (timeoutS > 0 && !c.program?.ignoresSigterm) {
      this.after(Math.min(GRACEFUL_EXIT_MS, timeoutS * 1000), () => {
        if (c.status.state === 'CONTAINER_RUNNING') this.exit(c, 0, 'Completed');
        finish();
      });
      return;
    }
    this.after(timeoutS * 1000, () => {
      if (c.status.state === 'CONTAINER_RUNNING') this.exit(c, 137, 'Error');
      finish();
    });
  }

  /** ListPodSandbox, filtered by the io.kubernetes.pod.uid label when `podUid` is given. */
  private listPodSandbox(env: Envelope, podUid: string | undefined): void {
    const items = this.listPodSandboxes().filter(
      (s) => podUid === undefined || s.metadata.uid === podUid,
    );
    this.reply(env, { ok: true, result: { items } }, `${items.length} sandboxes`);
  }

  private podSandboxStatus(env: Envelope, id: string): void {
    const s = this.sandboxes.get(id);
    if (!s) {
      const desc = `an error occurred when try to find sandbox "${id}": not found`;
      return this.reply(env, { ok: false, error: { code: 'NotFound', desc } }, 'not found');
    }
    const ip = s.req.hostNetwork ? '' : s.ip;
    const status: PodSandboxStatus = {
      id,
      metadata: s.req.metadata,
      state: s.state,
      createdAt: s.createdAt,
      ip,
    };
    this.reply(env, { ok: true, result: status }, `${s.state} ${ip}`);
  }

  /** ListContainers, filtered by the io.kubernetes.pod.uid label when `podUid` is given. */
  private listContainersOf(env: Envelope, podUid: string | undefined): void {
    const items: ContainerSummary[] = [...this.containers.values()]
      .filter((c) => podUid === undefined || c.podUid === podUid)
      .map((c) => ({
        id: c.status.id,
        podSandboxId: c.sandboxId,
        podUid: c.podUid,
        name: c.status.name,
        attempt: c.status.attempt,
        state: c.status.state,
        createdAt: c.status.createdAt,
      }));
    this.reply(env, { ok: true, result: { items } }, `${items.length} containers`);
  }

  private containerStatus(env: Envelope, id: string): void {
    const c = this.containers.get(id);
    if (!c) {
      return this.reply(
        env,
        {
          ok: false,
          error: {
            code: 'NotFound',
            desc: `an error occurred when try to find container "${id}": not found`,
          },
        },
        'not found',
      );
    }
    this.reply(env, { ok: true, result: { ...c.status } }, c.status.state);
  }

  /** ExecSync: runs the command in the container; one that outlives `timeoutS` is cut off. */
  private execSync(env: Envelope, id: string, cmd: string[], timeoutS: number): void {
    const c = this.containers.get(id);
    if (!c || c.status.state !== 'CONTAINER_RUNNING' || !c.program) {
      return this.reply(
        env,
        { ok: false, error: { code: 'Unknown', desc: `container is not running` } },
        'not running',
      );
    }
    const program = c.program;
    const startedAt = c.status.startedAt;
    // an injected fault: the check command hangs (never returns) or fails (exit 1)
    const takes = this.checkIn(this.hangingChecks, c, { exec: cmd })
      ? Infinity
      : execDurationMs(cmd);
    const failing = this.checkIn(this.failingChecks, c, { exec: cmd });
    const answer = () => {
      const r = failing
        ? { code: 1, output: '' }
        : execIn(program, cmd, this.sim.now() - startedAt);
      this.reply(
        env,
        { ok: true, result: { exitCode: r.code, stdout: r.output } },
        `exit ${r.code}`,
      );
    };
    if (timeoutS > 0 && takes > timeoutS * 1000) {
      // internal/cri/server/container_execsync.go: the exec's context deadline
      this.after(timeoutS * 1000, () =>
        this.reply(
          env,
          {
            ok: false,
            error: {
              code: 'DeadlineExceeded',
              desc: `failed to exec in container: timeout ${timeoutS}s exceeded: context deadline exceeded`,
            },
          },
          'timed out',
        ),
      );
      return;
    }
    if (takes === Infinity) return; // a hung command without a deadline never answers
    if (takes > 0) this.after(takes, answer);
    else answer();
  }

  private exit(c: Container, code: number, reason: string): void {
    if (c.status.state !== 'CONTAINER_RUNNING') return;
    c.exitTimer?.cancel();
    c.status.state = 'CONTAINER_EXITED';
    c.status.finishedAt = this.sim.now();
    c.status.exitCode = code;
    c.status.reason = reason;
    this.supervisor?.stopped(c.status.id);
    const event: ContainerEvent = {
      type: 'CONTAINER_STOPPED_EVENT',
      containerId: c.status.id,
      podUid: c.podUid,
      status: { ...c.status },
    };
    // The evented PLEG hears of the exit at once (GetContainerEvents stream).
    this.send({
      to: this.kubelet,
      verb: 'ContainerEvent',
      resource: `pod/${c.config.pod.namespace}/${c.config.pod.name}`,
      summary: `container ${c.status.name} exited with ${code} (${reason})`,
      payload: event,
    });
  }

  private store(ref: ImageReference, catalog: CatalogImage): ImageInfo & { catalog: CatalogImage } {
    const digest = syntheticDigest(`manifest:${ref.normalized}`);
    const info = {
      id: `sha256:${syntheticDigest(`config:${ref.normalized}`)}`,
      repoTags: [ref.normalized],
      repoDigests: [`${ref.repository}@sha256:${digest}`],
      size: catalog.size,
      catalog,
    };
    this.images.set(ref.normalized, info);
    return info;
  }

  private newId(seed: string): string {
    return syntheticDigest(`${this.id}/${seed}/${++this.idCounter}`);
  }

  private reply<T>(env: Envelope, reply: CriReply<T>, summary: string): void {
    const error = reply.ok ? undefined : (reply.error as CriError);
    this.respond(env, {
      verb: env.verb,
      resource: env.resource,
      summary: error ? `${env.verb}: ${error.code}` : `${env.verb}: ${summary}`,
      payload: reply,
      ...(error ? { status: error.code === 'NotFound' ? 404 : 500 } : {}),
    });
  }
}

/** A probe's target as the application sees it: an HTTP path, a TCP port, an exec command. */
export type HealthCheck = { http: number; path: string } | { tcp: number } | { exec: string[] };

/** Adds or removes one check of a container in a fault map. */
function setCheck(
  map: Map<string, Set<string>>,
  key: string,
  check: HealthCheck,
  on: boolean,
): void {
  const checks = map.get(key) ?? new Set<string>();
  if (on) checks.add(healthCheckKey(check));
  else checks.delete(healthCheckKey(check));
  if (checks.size > 0) map.set(key, checks);
  else map.delete(key);
}

function healthCheckKey(check: HealthCheck): string {
  if ('http' in check) return `http:${check.http}${check.path}`;
  if ('tcp' in check) return `tcp:${check.tcp}`;
  return `exec:${JSON.stringify(check.exec)}`;
}

function strip(info: ImageInfo & { catalog: CatalogImage }): ImageInfo {
  const { catalog: _c, ...rest } = info;
  return rest;
}

export { PAUSE_IMAGE };
