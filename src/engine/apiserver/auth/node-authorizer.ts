// The Node authorizer (plugin/pkg/auth/authorizer/node/node_authorizer.go, with
// AuthorizeNodeWithSelectors on). Simplified: instead of the watch-fed graph, relationships are
// computed on demand from the apiserver cache (node ← pod ← secret/configmap/pvc/serviceaccount,
// node ← pod ← pvc ← pv); CSI nodes, ResourceSlices and VolumeAttachments are not modelled.
import type { KubeObject, ObjectReader } from '../../api/types';
import type { AuthorizationAttributes, AuthorizationDecision } from './attributes';
import { nodeRules } from './bootstrap-policy';
import { nodeIdentity } from './identities';
import type { PolicyRule } from './policy-rule';
import { rulesAllow } from './policy-rule';

const noOpinion = (reason = ''): AuthorizationDecision => ({ decision: 'NoOpinion', reason });
const allow = (): AuthorizationDecision => ({ decision: 'Allow', reason: '' });

// The system:node rules are static (bootstrappolicy NodeRules()): build them once, not per request.
let staticNodeRules: readonly PolicyRule[] | undefined;

type VertexType = 'secret' | 'configmap' | 'pvc' | 'pv' | 'serviceAccount' | 'pod';

interface PodLike {
  spec?: {
    nodeName?: string;
    serviceAccountName?: string;
    imagePullSecrets?: { name?: string }[];
    volumes?: Record<string, unknown>[];
    containers?: Record<string, unknown>[];
    initContainers?: Record<string, unknown>[];
    ephemeralContainers?: Record<string, unknown>[];
  };
}

// pkg/api/v1/pod VisitPodSecretNames / VisitPodConfigmapNames, for the sources the engine models
function podReferences(pod: PodLike, type: VertexType): string[] {
  const spec = pod.spec ?? {};
  const names: string[] = [];
  if (type === 'serviceAccount') return spec.serviceAccountName ? [spec.serviceAccountName] : [];
  if (type === 'secret')
    for (const s of spec.imagePullSecrets ?? []) if (s.name) names.push(s.name);
  for (const v of spec.volumes ?? []) {
    const volume = v as {
      secret?: { secretName?: string };
      configMap?: { name?: string };
      persistentVolumeClaim?: { claimName?: string };
      projected?: { sources?: { secret?: { name?: string }; configMap?: { name?: string } }[] };
    };
    if (type === 'secret' && volume.secret?.secretName) names.push(volume.secret.secretName);
    if (type === 'configmap' && volume.configMap?.name) names.push(volume.configMap.name);
    if (type === 'pvc' && volume.persistentVolumeClaim?.claimName) {
      names.push(volume.persistentVolumeClaim.claimName);
    }
    for (const source of volume.projected?.sources ?? []) {
      if (type === 'secret' && source.secret?.name) names.push(source.secret.name);
      if (type === 'configmap' && source.configMap?.name) names.push(source.configMap.name);
    }
  }
  const containers = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  for (const c of containers) {
    const container = c as {
      env?: {
        valueFrom?: { secretKeyRef?: { name?: string }; configMapKeyRef?: { name?: string } };
      }[];
      envFrom?: { secretRef?: { name?: string }; configMapRef?: { name?: string } }[];
    };
    for (const env of container.env ?? []) {
      if (type === 'secret' && env.valueFrom?.secretKeyRef?.name)
        names.push(env.valueFrom.secretKeyRef.name);
      if (type === 'configmap' && env.valueFrom?.configMapKeyRef?.name) {
        names.push(env.valueFrom.configMapKeyRef.name);
      }
    }
    for (const from of container.envFrom ?? []) {
      if (type === 'secret' && from.secretRef?.name) names.push(from.secretRef.name);
      if (type === 'configmap' && from.configMapRef?.name) names.push(from.configMapRef.name);
    }
  }
  return names;
}

/**
 * A reader that also finds the pods bound to a node through an index, as upstream's graph
 * (graph_populator.go) links a node to its pods without scanning every pod.
 */
export interface NodeGraphReader extends ObjectReader {
  /** undefined when there is no index to ask */
  podsOnNode?(nodeName: string): readonly KubeObject[] | undefined;
}

function podsOnNode(
  nodeName: string,
  namespace: string | undefined,
  reader: NodeGraphReader,
): readonly KubeObject[] {
  const indexed = reader.podsOnNode?.(nodeName);
  if (!indexed) {
    return reader.list('pods', namespace).filter((p) => (p as PodLike).spec?.nodeName === nodeName);
  }
  return namespace ? indexed.filter((p) => p.metadata.namespace === namespace) : indexed;
}

/** Whether there is a path from the object to the node in the authorizer's graph. */
function hasPathFrom(
  nodeName: string,
  type: VertexType,
  namespace: string,
  name: string,
  reader: ObjectReader,
): boolean {
  if (type === 'pod') {
    const pod = reader.get('pods', namespace, name) as PodLike | undefined;
    return pod?.spec?.nodeName === nodeName;
  }
  if (type === 'pv') {
    const pv = reader.get('persistentvolumes', undefined, name) as
      { spec?: { claimRef?: { namespace?: string; name?: string } } } | undefined;
    const claim = pv?.spec?.claimRef;
    return !!claim?.name && hasPathFrom(nodeName, 'pvc', claim.namespace ?? '', claim.name, reader);
  }
  return podsOnNode(nodeName, namespace, reader).some((pod) =>
    podReferences(pod as PodLike, type).includes(name),
  );
}

function authorizeRelated(
  nodeName: string,
  type: VertexType,
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  if (!attrs.name) return noOpinion('No Object name found');
  if (!hasPathFrom(nodeName, type, attrs.namespace ?? '', attrs.name, reader)) {
    return noOpinion(`no relationship found between node '${nodeName}' and this object`);
  }
  return allow();
}

function authorizeGet(
  nodeName: string,
  type: VertexType,
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  if (attrs.verb !== 'get') return noOpinion('can only get individual resources of this type');
  if (attrs.subresource) return noOpinion('cannot get subresource');
  return authorizeRelated(nodeName, type, attrs, reader);
}

function authorizeReadNamespacedObject(
  nodeName: string,
  type: VertexType,
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  if (!['get', 'list', 'watch'].includes(attrs.verb)) {
    return noOpinion('can only read resources of this type');
  }
  if (attrs.subresource) return noOpinion('cannot read subresource');
  if (!attrs.namespace) return noOpinion('can only read namespaced object of this type');
  return authorizeRelated(nodeName, type, attrs, reader);
}

function authorizeLease(nodeName: string, attrs: AuthorizationAttributes): AuthorizationDecision {
  if (!['get', 'create', 'update', 'patch', 'delete'].includes(attrs.verb)) {
    return noOpinion('can only get, create, update, patch, or delete a node lease');
  }
  if (attrs.namespace !== 'kube-node-lease') {
    return noOpinion('can only access leases in the "kube-node-lease" system namespace');
  }
  // the name is unknown on create; NodeRestriction admission checks it there
  if (attrs.verb !== 'create' && attrs.name !== nodeName) {
    return noOpinion('can only access node lease with the same name as the requesting node');
  }
  return allow();
}

function authorizeNode(nodeName: string, attrs: AuthorizationAttributes): AuthorizationDecision {
  const sub = attrs.subresource ?? '';
  if (sub === '' && ['create', 'update', 'patch'].includes(attrs.verb)) return allow();
  if (sub === '' && ['get', 'list', 'watch'].includes(attrs.verb)) {
    if (attrs.name === nodeName) return allow();
    if (!attrs.name)
      return noOpinion(`node '${nodeName}' cannot read all nodes, only its own Node object`);
    return noOpinion(`node '${nodeName}' cannot read '${attrs.name}', only its own Node object`);
  }
  if (sub === 'status' && ['update', 'patch'].includes(attrs.verb)) return allow();
  return noOpinion();
}

function fieldSelectorHas(selector: string | undefined, field: string, value: string): boolean {
  return (selector ?? '')
    .split(',')
    .map((req) => req.trim())
    .some((req) => req === `${field}=${value}` || req === `${field}==${value}`);
}

function authorizePod(
  nodeName: string,
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  const sub = attrs.subresource ?? '';
  if (sub === '') {
    if (attrs.verb === 'get') return authorizeGet(nodeName, 'pod', attrs, reader);
    if (attrs.verb === 'list' || attrs.verb === 'watch') {
      if (fieldSelectorHas(attrs.fieldSelector, 'spec.nodeName', nodeName)) return allow();
      if (attrs.name) return authorizeRelated(nodeName, 'pod', attrs, reader);
      return noOpinion('can only list/watch pods with spec.nodeName field selector');
    }
    // mirror pods; NodeRestriction admission limits them to the node's own
    if (attrs.verb === 'create' || attrs.verb === 'delete') return allow();
  }
  if (sub === 'status' && (attrs.verb === 'update' || attrs.verb === 'patch')) return allow();
  if (sub === 'eviction' && attrs.verb === 'create') return allow();
  return noOpinion();
}

function authorizeCreateToken(
  nodeName: string,
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  if (attrs.verb !== 'create' || !attrs.name) {
    return noOpinion('can only create tokens for individual service accounts');
  }
  if (attrs.subresource !== 'token') {
    return noOpinion('can only create token subresource of serviceaccount');
  }
  return authorizeRelated(nodeName, 'serviceAccount', attrs, reader);
}

/**
 * The Node authorizer's decision; NoOpinion for anyone who is not a kubelet.
 *
 *   nodeAuthorize({ user: nodeUser('worker-1'), verb: 'update', resourceRequest: true,
 *     apiGroup: '', resource: 'nodes', subresource: 'status', name: 'worker-1' }, reader); // Allow
 */
export function nodeAuthorize(
  attrs: AuthorizationAttributes,
  reader: ObjectReader,
): AuthorizationDecision {
  const identity = nodeIdentity(attrs.user);
  if (!identity) return noOpinion();
  const { nodeName } = identity;
  if (!nodeName) return noOpinion(`unknown node for user "${attrs.user.username}"`);

  if (attrs.resourceRequest) {
    const group = attrs.apiGroup ?? '';
    const resource = `${attrs.resource ?? ''}${group ? `.${group}` : ''}`;
    switch (resource) {
      case 'secrets':
        return authorizeReadNamespacedObject(nodeName, 'secret', attrs, reader);
      case 'configmaps':
        return authorizeReadNamespacedObject(nodeName, 'configmap', attrs, reader);
      case 'persistentvolumeclaims':
        if (attrs.subresource === 'status') {
          if (!['update', 'patch'].includes(attrs.verb))
            return noOpinion('can only get/update/patch this type');
          return authorizeRelated(nodeName, 'pvc', attrs, reader);
        }
        return authorizeGet(nodeName, 'pvc', attrs, reader);
      case 'persistentvolumes':
        return authorizeGet(nodeName, 'pv', attrs, reader);
      case 'serviceaccounts':
        return authorizeCreateToken(nodeName, attrs, reader);
      case 'leases.coordination.k8s.io':
        return authorizeLease(nodeName, attrs);
      case 'nodes':
        return authorizeNode(nodeName, attrs);
      case 'pods':
        return authorizePod(nodeName, attrs, reader);
    }
  }
  // everything else is authorized uniformly by the static node rules
  staticNodeRules ??= nodeRules();
  return rulesAllow(attrs, staticNodeRules) ? allow() : noOpinion();
}
