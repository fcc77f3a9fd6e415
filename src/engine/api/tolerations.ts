// Whether a toleration tolerates a taint (k8s.io/api core/v1 toleration.go ToleratesTaint and
// component-helpers v1helper.TolerationsTolerateTaint), shared by the scheduler and controllers.

export interface TaintLike {
  key: string;
  value?: string;
  effect: string;
}

export interface TolerationLike {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Effect and key must match when the toleration sets them; Equal (the default) compares values. */
export function toleratesTaint(toleration: TolerationLike, taint: TaintLike): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator || 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly TolerationLike[] | undefined,
  taint: TaintLike,
): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}
