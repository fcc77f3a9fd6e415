// controller.UIDTrackingControllerExpectations (pkg/controller/controller_utils.go): a
// controller records how many creates and which deletes it has asked for, and does not act
// on a key again until its informer has seen them all, or the expectations time out.

// controller_utils.go ExpectationsTimeout
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  /** pod keys whose deletion is awaited */
  deleting: Set<string>;
  timestamp: number;
}

/** Per-controller-key counts of pending pod creations and deletions. */
export class ControllerExpectations {
  private readonly items = new Map<string, Expectation>();

  constructor(private readonly now: () => number) {}

  /** SatisfiedExpectations: nothing pending, expired, or never recorded. */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, adds: number): void {
    this.items.set(key, { add: adds, del: 0, deleting: new Set(), timestamp: this.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.items.set(key, {
      add: 0,
      del: podKeys.length,
      deleting: new Set(podKeys),
      timestamp: this.now(),
    });
  }

  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.add--;
  }

  /** DeletionObserved: counts only a pod this controller asked to delete. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.items.get(key);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
