// Admission rejections as upstream builds them (k8s.io/apiserver pkg/admission/errors.go).
import { newForbidden, newNotFound } from '../../api/errors';
import type { Status } from '../../api/types';
import type { AdmissionAttributes } from './types';

// extractResourceName: the request name, else the object's name or generateName, else "Unknown"
function resourceName(attrs: AdmissionAttributes): string {
  if (attrs.name) return attrs.name;
  const meta = attrs.object?.metadata;
  return meta?.name || meta?.generateName || 'Unknown';
}

/** admission.NewForbidden: `pods "x" is forbidden: <message>`. */
export function admissionForbidden(attrs: AdmissionAttributes, message: string): Status {
  return newForbidden(
    { group: attrs.group, resource: attrs.resource },
    resourceName(attrs),
    message,
  ).status;
}

/** A NotFound Status for another resource, e.g. `namespaces "x" not found`. */
export function notFound(group: string, resource: string, name: string): Status {
  return newNotFound({ group, resource }, name).status;
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several de-duplicated in brackets. */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
