// A control-plane component whose binary runs inside a static pod: the object exists from
// t=0 (so views and fail/recover know it), but its process is not running until the kubelet
// starts the container. Components boot in their constructors, so whatever they would send
// while being constructed is held back, and they are stopped as soon as they exist.
import type { Process } from '../sim';

// TypeScript's mixin pattern requires a constructor taking any[]
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ProcessClass = new (...args: any[]) => Process;

/**
 * The component class, stopped right after construction; `start()` (from its container, or
 * `Cluster.recover`) boots it as a restart would.
 *
 *   const apiServer = new (bornStopped(KubeApiServer))(sim, options); // isUp() === false
 */
export function bornStopped<T extends ProcessClass>(Base: T): T {
  // abstract only for the type checker: Base is a concrete component class
  abstract class Stopped extends Base {
    private constructed?: boolean;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      this.constructed = true;
      this.kill();
    }

    protected override send(...args: Parameters<Process['send']>): void {
      if (this.constructed) super.send(...args);
    }

    protected override call(...args: Parameters<Process['call']>): void {
      if (this.constructed) super.call(...args);
    }

    protected override openStream(...args: Parameters<Process['openStream']>): number {
      return this.constructed ? super.openStream(...args) : -1;
    }
  }
  return Stopped as unknown as T;
}
