import type { RestClient } from './rest-client';
import { Informer } from './informer';

type After = (ms: number, run: () => void) => { cancel(): void };

/**
 * client-go's SharedInformerFactory: one informer (one list+watch) per collection path and
 * selector, shared by every controller of a process.
 */
export class SharedInformers {
  private readonly informers = new Map<string, Informer>();
  private started = false;

  constructor(
    private readonly client: RestClient,
    private readonly after: After,
    private readonly random: () => number,
    private readonly trace: () => string,
  ) {}

  /** The informer for a collection, e.g. `/api/v1/pods` or `/apis/apps/v1/deployments`. */
  informer(
    path: string,
    selectors: { labelSelector?: string; fieldSelector?: string } = {},
  ): Informer {
    const key = `${path}?${selectors.labelSelector ?? ''}&${selectors.fieldSelector ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(
        this.client,
        { path, ...selectors, trace: this.trace },
        this.after,
        this.random,
      );
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  stop(): void {
    this.started = false;
    for (const inf of this.informers.values()) inf.stop();
    this.informers.clear();
  }

  /** Whether every informer has completed its first list. */
  get synced(): boolean {
    return [...this.informers.values()].every((i) => i.synced);
  }
}
