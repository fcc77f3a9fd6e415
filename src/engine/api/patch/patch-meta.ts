// Strategic merge patch metadata: the patchStrategy / patchMergeKey struct tags of the
// built-in types (k8s.io/api core/v1, apps/v1, batch/v1 types.go; apimachinery ObjectMeta).
// Fields without an entry are atomic: lists are replaced, maps merged key by key.

/** Patch metadata of one field and, for structs and lists of structs, of its fields. */
export interface PatchMeta {
  /** `merge` merges lists (by mergeKey for lists of maps); `replace` replaces maps. */
  strategy?: 'merge' | 'replace' | 'retainKeys';
  mergeKey?: string;
  /** Fields of the struct (or of each list element). */
  fields?: Record<string, PatchMeta>;
}

const merge = (mergeKey?: string, fields?: Record<string, PatchMeta>): PatchMeta => ({
  strategy: 'merge',
  ...(mergeKey ? { mergeKey } : {}),
  ...(fields ? { fields } : {}),
});
const struct = (fields: Record<string, PatchMeta>): PatchMeta => ({ fields });

const objectMeta = struct({
  finalizers: merge(), // patchStrategy:"merge" on a list of strings
  ownerReferences: merge('uid'),
});

// core/v1 Container (and EphemeralContainerCommon)
const container = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
};

// core/v1 PodSpec: volumes carry patchStrategy:"merge,retainKeys".
const podSpec = struct({
  volumes: merge('name'),
  initContainers: merge('name', container),
  containers: merge('name', container),
  ephemeralContainers: merge('name', container),
  imagePullSecrets: merge('name'),
  hostAliases: merge('ip'),
  topologySpreadConstraints: merge('topologyKey'),
  resourceClaims: merge('name'),
  schedulingGates: merge('name'),
  // tolerations, readinessGates, affinity terms: no strategy, replaced as a whole
});

// core/v1 PodStatus: containerStatuses have no merge key and are replaced whole.
const podStatus = struct({
  conditions: merge('type'),
  podIPs: merge('ip'),
  hostIPs: merge('ip'),
  resourceClaimStatuses: merge('name'),
});

const podTemplate = struct({ metadata: objectMeta, spec: podSpec });
const conditionsStatus = struct({ conditions: merge('type') });

const kinds: Record<string, PatchMeta> = {
  Pod: struct({ metadata: objectMeta, spec: podSpec, status: podStatus }),
  PodTemplate: struct({ metadata: objectMeta, template: podTemplate }),
  ReplicationController: struct({
    metadata: objectMeta,
    spec: struct({ template: podTemplate }),
    status: conditionsStatus,
  }),
  Deployment: struct({
    metadata: objectMeta,
    // DeploymentSpec.strategy carries patchStrategy:"retainKeys"
    spec: struct({ template: podTemplate, strategy: { strategy: 'retainKeys' } }),
    status: conditionsStatus,
  }),
  ReplicaSet: struct({
    metadata: objectMeta,
    spec: struct({ template: podTemplate }),
    status: conditionsStatus,
  }),
  StatefulSet: struct({
    metadata: objectMeta,
    spec: struct({ template: podTemplate }),
    status: conditionsStatus,
  }),
  DaemonSet: struct({
    metadata: objectMeta,
    spec: struct({ template: podTemplate }),
    status: conditionsStatus,
  }),
  Job: struct({
    metadata: objectMeta,
    spec: struct({ template: podTemplate }),
    status: conditionsStatus,
  }),
  CronJob: struct({
    metadata: objectMeta,
    spec: struct({
      jobTemplate: struct({ metadata: objectMeta, spec: struct({ template: podTemplate }) }),
    }),
  }),
  Service: struct({
    metadata: objectMeta,
    spec: struct({ ports: merge('port') }),
    status: conditionsStatus,
  }),
  Node: struct({
    metadata: objectMeta,
    spec: struct({ podCIDRs: merge() }),
    status: struct({ conditions: merge('type'), addresses: merge('type') }),
  }),
  Namespace: struct({ metadata: objectMeta, status: conditionsStatus }),
};

/** The patch metadata of a kind; unknown kinds get ObjectMeta's tags only. */
export function patchMetaFor(kind: string): PatchMeta {
  return kinds[kind] ?? struct({ metadata: objectMeta });
}
