import { newBadRequest } from '../../api/errors';
import type { FieldRequirement, LabelSelectorValue } from '../../api/selectors';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelectorFor,
  parseLabelSelector,
  selectableFields,
} from '../../api/selectors';
import type { KubeObject, ResourceInfo } from '../../api/types';

/** A list/watch filter: namespace, label selector and field selector of the request. */
export interface ObjectFilter {
  namespace: string;
  labels: LabelSelectorValue;
  fields: FieldRequirement[];
  matches(obj: KubeObject): boolean;
}

/** Builds the filter from the query; bad selectors are 400s with upstream's wording. */
export function objectFilter(
  resource: ResourceInfo,
  namespace: string,
  query: Record<string, string>,
): ObjectFilter {
  const labelSelector = query.labelSelector ?? '';
  const fieldSelector = query.fieldSelector ?? '';
  let labels: LabelSelectorValue;
  let fields: FieldRequirement[];
  try {
    labels = parseLabelSelector(labelSelector);
  } catch (e) {
    throw newBadRequest((e as Error).message);
  }
  try {
    fields = parseFieldSelectorFor(resource.resource, fieldSelector);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    // pkg/registry/generic/registry/store.go ListPredicate wraps conversion errors so.
    const gvr = `${resource.group ? `${resource.group}/` : '/'}${resource.version}, Resource=${resource.resource}`;
    throw newBadRequest(
      `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(fieldSelector)}: ${e.message}`,
    );
  }
  return {
    namespace,
    labels,
    fields,
    matches(obj) {
      if (namespace && resource.namespaced && obj.metadata.namespace !== namespace) return false;
      if (!matchesLabels(labels, obj.metadata.labels)) return false;
      return fields.length === 0 || matchesFields(fields, fieldsOf(resource.resource, obj));
    },
  };
}

// Cached objects are frozen and shared by every watcher and list: their field set is computed
// once, not once per watcher an event passes.
const fieldSets = new WeakMap<KubeObject, Record<string, string>>();

function fieldsOf(resource: string, obj: KubeObject): Record<string, string> {
  if (!Object.isFrozen(obj)) return selectableFields(resource, obj);
  let fields = fieldSets.get(obj);
  if (!fields) fieldSets.set(obj, (fields = selectableFields(resource, obj)));
  return fields;
}
