// pkg/scheduler/framework/interface.go (k8s.io/kube-scheduler/framework): the status codes a
// plugin returns, in upstream's order.
export type Code =
  | 'Success'
  | 'Error'
  | 'Unschedulable'
  | 'UnschedulableAndUnresolvable'
  | 'Wait'
  | 'Skip'
  | 'Pending';

/**
 * The result of one plugin at one extension point: a code, human-readable reasons and the
 * plugin that said so (framework.Status).
 *
 *   new Status('Unschedulable', ['Insufficient cpu'], 'NodeResourcesFit')
 */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    public plugin = '',
  ) {}

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit (yet). */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  /** The reasons joined as upstream's Status.Message() does. */
  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(plugin: string): Status {
    if (this.plugin === plugin) return this;
    return new Status(this.code, this.reasons, plugin);
  }
}

/** The shared success status (upstream returns nil for success; this is our nil). */
export const SUCCESS: Status = Object.freeze(new Status('Success')) as Status;
/** The shared Skip status. */
export const SKIP: Status = Object.freeze(new Status('Skip')) as Status;

/** A status with `code` and one or more reasons. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** An internal error as a status (framework.AsStatus). */
export function asStatus(err: unknown): Status {
  return new Status('Error', [err instanceof Error ? err.message : String(err)]);
}

/** A PreFilter answer of Skip and of Success, shared rather than built per cycle. */
export const SKIP_RESULT: { readonly status: Status } = Object.freeze({ status: SKIP });
export const SUCCESS_RESULT: { readonly status: Status } = Object.freeze({ status: SUCCESS });
