// pkg/controller/namespace/deletion/status_condition_utils.go: the five deletion conditions
// a Terminating namespace reports, False with an "all is well" reason unless something failed.

export interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

// conditionTypes, okReasons and okMessages, in upstream order
const OK: [type: string, reason: string, message: string][] = [
  [
    'NamespaceDeletionDiscoveryFailure',
    'ResourcesDiscovered',
    'All resources successfully discovered',
  ],
  [
    'NamespaceDeletionGroupVersionParsingFailure',
    'ParsedGroupVersions',
    'All legacy kube types successfully parsed',
  ],
  [
    'NamespaceDeletionContentFailure',
    'ContentDeleted',
    'All content successfully deleted, may be waiting on finalization',
  ],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  [
    'NamespaceFinalizersRemaining',
    'ContentHasNoFinalizers',
    'All content-preserving finalizers finished',
  ],
];

/**
 * The failing conditions for what deleteAllContent left: remaining resources
 * (`pods. has 2 resource instances`), finalizers (`x in 1 resource instances`), errors.
 */
export function contentTotalsConditions(
  resources: Map<string, number>,
  finalizers: Map<string, number>,
  errors: string[],
): Map<string, NamespaceCondition> {
  const out = new Map<string, NamespaceCondition>();
  const left = [...resources]
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${r} has ${n} resource instances`);
  if (left.length > 0) {
    out.set('NamespaceContentRemaining', {
      type: 'NamespaceContentRemaining',
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${left.sort().join(', ')}`,
    });
  }
  const fin = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`);
  if (fin.length > 0) {
    out.set('NamespaceFinalizersRemaining', {
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${fin.sort().join(', ')}`,
    });
  }
  if (errors.length > 0) {
    out.set('NamespaceDeletionContentFailure', {
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${errors.length} remaining: ${errors.join(', ')}`,
    });
  }
  return out;
}

/**
 * namespaceConditionUpdater.Update: every condition type in order, the failing one if any,
 * else the OK one; keeps lastTransitionTime of unchanged conditions. Undefined if nothing changed.
 */
export function updateConditions(
  current: NamespaceCondition[],
  failing: Map<string, NamespaceCondition>,
  now: string,
): NamespaceCondition[] | undefined {
  let changed = false;
  const next = OK.map(([type, reason, message]) => {
    const want = failing.get(type) ?? { type, status: 'False', reason, message };
    const have = current.find((c) => c.type === type);
    if (
      have &&
      have.status === want.status &&
      have.reason === want.reason &&
      have.message === want.message
    )
      return have;
    changed = true;
    return {
      type,
      status: want.status,
      lastTransitionTime: now,
      reason: want.reason,
      message: want.message,
    };
  });
  const others = current.filter((c) => !OK.some(([t]) => t === c.type));
  return changed ? [...others, ...next] : undefined;
}
