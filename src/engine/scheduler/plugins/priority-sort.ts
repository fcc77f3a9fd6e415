import type { QueuedPodInfo, QueueSortPlugin } from '../framework/interface';
import * as names from './names';

/**
 * PrioritySort (queuesort/priority_sort.go Less): higher spec.priority first, then the pod
 * that entered the queue earlier.
 */
export class PrioritySortPlugin implements QueueSortPlugin {
  readonly name = names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    // the queue keeps each pod's spec.priority (PodInfo.priority) in its entry
    const p1 = a.priority;
    const p2 = b.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}
