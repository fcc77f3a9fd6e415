// NamespaceLifecycle (k8s.io/apiserver pkg/admission/plugin/namespace/lifecycle/admission.go):
// nothing is created in a namespace that does not exist or is being terminated, and the
// immortal namespaces cannot be deleted. The live-lookup cache is unnecessary here: the
// reader is always current.
import { newForbidden } from '../../api/errors';
import { admissionForbidden, notFound } from './errors';
import type { AdmissionAttributes, AdmissionResult, MutatingPlugin } from './types';

// metav1.NamespaceDefault, NamespaceSystem, NamespacePublic
export const immortalNamespaces = ['default', 'kube-system', 'kube-public'];

// access reviews are always allowed: "not found" would leak which namespaces exist
const accessReviewResources = new Set(['localsubjectaccessreviews.authorization.k8s.io']);

const isNamespace = (attrs: AdmissionAttributes) =>
  attrs.group === '' && attrs.resource === 'namespaces';

/** The NamespaceLifecycle plugin (mutating phase; handles CREATE, UPDATE, DELETE). */
export const namespaceLifecycle: MutatingPlugin = {
  name: 'NamespaceLifecycle',
  handles: (operation) =>
    operation === 'CREATE' || operation === 'UPDATE' || operation === 'DELETE',
  admit(attrs, ctx): AdmissionResult {
    if (
      attrs.operation === 'DELETE' &&
      isNamespace(attrs) &&
      immortalNamespaces.includes(attrs.name)
    ) {
      return newForbidden(
        { group: '', resource: 'namespaces' },
        attrs.name,
        'this namespace may not be deleted',
      ).status;
    }
    // cluster-scoped objects and namespaces themselves are always allowed
    if (!attrs.namespace || isNamespace(attrs)) return undefined;
    if (attrs.operation === 'DELETE') return undefined;
    if (accessReviewResources.has(`${attrs.resource}.${attrs.group}`)) return undefined;

    const namespace = ctx.reader.get('namespaces', undefined, attrs.namespace) as
      { status?: { phase?: string } } | undefined;
    if (!namespace) return notFound('', 'namespaces', attrs.namespace);

    if (attrs.operation === 'CREATE' && namespace.status?.phase === 'Terminating') {
      const status = admissionForbidden(
        attrs,
        `unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
      );
      status.details = {
        ...status.details,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${attrs.namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      };
      return status;
    }
    return undefined;
  },
};
