import type { PodInfo } from '../framework/pod-info';
import type { PreEnqueuePlugin } from '../framework/interface';
import { SUCCESS, newStatus } from '../framework/status';
import type { Status } from '../framework/status';
import * as names from './names';

/** SchedulingGates (PreEnqueue): a pod with spec.schedulingGates waits outside activeQ. */
export class SchedulingGatesPlugin implements PreEnqueuePlugin {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: PodInfo): Status {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return SUCCESS;
    // schedulinggates/scheduling_gates.go: fmt.Sprintf("waiting for scheduling gates: %v", gates)
    return newStatus(
      'UnschedulableAndUnresolvable',
      `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`,
    );
  }
}
