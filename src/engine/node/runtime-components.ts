// The control-plane binaries a container can run (etcd, kube-apiserver, …): their processes
// are simulation components, started when the container starts and stopped with it. The
// shim waits on each one, so a process that dies on its own ends its container (exit 137).
import type { Process } from '../sim';

export interface ComponentHost {
  /** a bound process died while its container ran: the container exits */
  processDied(containerId: string): void;
}

/**
 * Which component process each running container holds. A process killed from outside
 * (`Cluster.fail`) stays broken — each new container of it crashes at start — until it is
 * started again from outside (`Cluster.recover`), so the static pod shows CrashLoopBackOff.
 */
export class ComponentSupervisor {
  private readonly running = new Map<string, string>();
  private readonly broken = new Set<string>();

  constructor(
    private readonly components: ReadonlyMap<string, Process>,
    private readonly host: ComponentHost,
  ) {}

  /** The component binary a container's command runs (`etcd --name=…` → etcd), if any. */
  binaryOf(command: readonly string[]): string | undefined {
    const binary = command[0]?.split('/').pop();
    return binary && this.components.has(binary) ? binary : undefined;
  }

  /** StartContainer: the binary starts; false when it cannot (it is broken). */
  launch(binary: string, containerId: string): boolean {
    const process = this.components.get(binary)!;
    if (this.broken.has(binary)) {
      if (!process.isUp()) return false;
      this.broken.delete(binary);
    }
    this.running.set(binary, containerId);
    process.start();
    return true;
  }

  /** The container stopped (exited, was stopped or killed): its process ends with it. */
  stopped(containerId: string): void {
    for (const [binary, id] of this.running) {
      if (id !== containerId) continue;
      this.running.delete(binary);
      this.components.get(binary)!.kill();
    }
  }

  /** The machine restarted: no container holds a process, and none is broken any more. */
  reset(): void {
    this.running.clear();
    this.broken.clear();
  }

  /** The shim's wait(): processes that died under a running container. */
  check(): void {
    for (const [binary, id] of this.running) {
      if (this.components.get(binary)!.isUp()) continue;
      this.running.delete(binary);
      this.broken.add(binary);
      this.host.processDied(id);
    }
  }
}
