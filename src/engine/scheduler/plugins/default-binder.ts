import type { BindPlugin, CycleState, SchedulerApi } from '../framework/interface';
import type { PodInfo } from '../framework/pod-info';
import type { Status } from '../framework/status';
import * as names from './names';

/** DefaultBinder: POST pods/<name>/binding with the chosen node as target. */
export class DefaultBinderPlugin implements BindPlugin {
  readonly name = names.DefaultBinder;

  constructor(private readonly api: Pick<SchedulerApi, 'bind'>) {}

  bind(_state: CycleState, pod: PodInfo, nodeName: string, done: (s: Status) => void): void {
    this.api.bind(pod, nodeName, done);
  }
}
