// NodeRestriction (plugin/pkg/admission/noderestriction/admission.go), which kubeadm enables:
// a kubelet may only change its own Node and Lease, create and delete mirror pods bound to it,
// and update the status of (or evict) pods bound to it. Simplified: node label/taint rules,
// PVC status, service-account token and CSINode checks are not modelled.
import type { KubeObject } from '../../api/types';
import { nodeIdentity } from '../auth/identities';
import { admissionForbidden, notFound } from './errors';
import type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionResult,
  MutatingPlugin,
} from './types';

// api.MirrorPodAnnotationKey
const mirrorPodAnnotation = 'kubernetes.io/config.mirror';

const nodeNameOf = (pod: KubeObject | undefined) =>
  (pod?.spec as { nodeName?: string } | undefined)?.nodeName;

function labelsEqual(a: KubeObject | undefined, b: KubeObject | undefined): boolean {
  const x = a?.metadata.labels ?? {};
  const y = b?.metadata.labels ?? {};
  return (
    Object.keys(x).length === Object.keys(y).length &&
    Object.entries(x).every(([k, v]) => y[k] === v)
  );
}

function admitPodCreate(
  node: string,
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
): AdmissionResult {
  const pod = attrs.object!;
  if (!(mirrorPodAnnotation in (pod.metadata.annotations ?? {}))) {
    return admissionForbidden(
      attrs,
      `pod does not have "${mirrorPodAnnotation}" annotation, node "${node}" can only create mirror pods`,
    );
  }
  if (nodeNameOf(pod) !== node) {
    return admissionForbidden(
      attrs,
      `node "${node}" can only create pods with spec.nodeName set to itself`,
    );
  }
  const owners = pod.metadata.ownerReferences ?? [];
  if (owners.length > 1) {
    return admissionForbidden(
      attrs,
      `node "${node}" can only create pods with a single owner reference set to itself`,
    );
  }
  const owner = owners[0];
  if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node) {
    return admissionForbidden(
      attrs,
      `node "${node}" can only create pods with an owner reference set to itself`,
    );
  }
  if (!owner.controller) {
    return admissionForbidden(
      attrs,
      `node "${node}" can only create pods with a controller owner reference set to itself`,
    );
  }
  if (owner.blockOwnerDeletion) {
    return admissionForbidden(
      attrs,
      `node "${node}" must not set blockOwnerDeletion on an owner reference`,
    );
  }
  const nodeObj = ctx.reader.get('nodes', undefined, node);
  if (!nodeObj) return notFound('', 'nodes', node);
  if (owner.uid !== nodeObj.metadata.uid) {
    return admissionForbidden(
      attrs,
      `node ${node} UID mismatch: expected ${owner.uid} got ${nodeObj.metadata.uid ?? ''}`,
    );
  }
  if ((pod.spec as { serviceAccountName?: string })?.serviceAccountName) {
    return admissionForbidden(
      attrs,
      `node "${node}" can not create pods that reference a service account`,
    );
  }
  return undefined;
}

function admitPod(
  node: string,
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
): AdmissionResult {
  switch (attrs.subresource) {
    case '':
      if (attrs.operation === 'CREATE') return admitPodCreate(node, attrs, ctx);
      if (attrs.operation === 'DELETE') {
        const existing = ctx.reader.get('pods', attrs.namespace, attrs.name);
        if (!existing) return notFound('', 'pods', attrs.name);
        if (nodeNameOf(existing) !== node) {
          return admissionForbidden(
            attrs,
            `node "${node}" can only delete pods with spec.nodeName set to itself`,
          );
        }
        return undefined;
      }
      return admissionForbidden(
        attrs,
        `unexpected operation "${attrs.operation}", node "${node}" can only create and delete mirror pods`,
      );
    case 'status':
      if (attrs.operation !== 'UPDATE')
        return admissionForbidden(attrs, `unexpected operation "${attrs.operation}"`);
      if (nodeNameOf(attrs.oldObject) !== node) {
        return admissionForbidden(
          attrs,
          `node "${node}" can only update pod status for pods with spec.nodeName set to itself`,
        );
      }
      if (!labelsEqual(attrs.oldObject, attrs.object)) {
        return admissionForbidden(attrs, `node "${node}" cannot update labels through pod status`);
      }
      return undefined;
    case 'eviction': {
      if (attrs.operation !== 'CREATE')
        return admissionForbidden(attrs, `unexpected operation ${attrs.operation}`);
      const podName = attrs.name || attrs.object?.metadata.name || '';
      if (!podName) return admissionForbidden(attrs, 'could not determine pod from request data');
      const existing = ctx.reader.get('pods', attrs.namespace, podName);
      if (!existing) return notFound('', 'pods', podName);
      if (nodeNameOf(existing) !== node) {
        return admissionForbidden(
          attrs,
          `node ${node} can only evict pods with spec.nodeName set to itself`,
        );
      }
      return undefined;
    }
    default:
      return admissionForbidden(
        attrs,
        `unexpected pod subresource "${attrs.subresource}", only 'status' and 'eviction' are allowed`,
      );
  }
}

function admitLease(node: string, attrs: AdmissionAttributes): AdmissionResult {
  if (attrs.namespace !== 'kube-node-lease') {
    return admissionForbidden(
      attrs,
      'can only access leases in the "kube-node-lease" system namespace',
    );
  }
  // on create the name comes from the proposed object
  const name = attrs.operation === 'CREATE' ? attrs.object?.metadata.name : attrs.name;
  if (name !== node) {
    return admissionForbidden(
      attrs,
      'can only access node lease with the same name as the requesting node',
    );
  }
  return undefined;
}

/** The NodeRestriction plugin (mutating phase, as upstream's Admit). */
export const nodeRestriction: MutatingPlugin = {
  name: 'NodeRestriction',
  handles: (operation) =>
    operation === 'CREATE' || operation === 'UPDATE' || operation === 'DELETE',
  admit(attrs, ctx) {
    const identity = nodeIdentity(attrs.user);
    if (!identity) return undefined;
    const node = identity.nodeName;
    if (!node)
      return admissionForbidden(
        attrs,
        `could not determine node from user "${attrs.user.username}"`,
      );
    const resource = attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
    switch (resource) {
      case 'pods':
        return admitPod(node, attrs, ctx);
      case 'nodes': {
        const requested =
          attrs.name || (attrs.operation === 'CREATE' ? (attrs.object?.metadata.name ?? '') : '');
        if (requested !== node) {
          return admissionForbidden(
            attrs,
            `node "${node}" is not allowed to modify node "${requested}"`,
          );
        }
        return undefined;
      }
      case 'leases.coordination.k8s.io':
        return admitLease(node, attrs);
      default:
        return undefined;
    }
  },
};
