// The Go type a field decodes into, as encoding/json names it in an UnmarshalTypeError
// (`of type int32`, `of type []v1.Container`, `of type v1.RestartPolicy`).

// Fields whose Go type is a named type the OpenAPI models flatten to string or map
// (k8s.io/api core/v1, apps/v1, batch/v1, discovery/v1 types.go; apimachinery meta/v1 types.go).
const NAMED: Readonly<Record<string, string>> = {
  'ObjectMeta.uid': 'types.UID',
  'OwnerReference.uid': 'types.UID',
  'ObjectReference.uid': 'types.UID',
  'LabelSelectorRequirement.operator': 'v1.LabelSelectorOperator',
  'NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'PodSpec.overhead': 'v1.ResourceList',
  'PriorityClass.preemptionPolicy': 'v1.PreemptionPolicy',
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'ContainerPort.protocol': 'v1.Protocol',
  'ServicePort.protocol': 'v1.Protocol',
  'EndpointPort.protocol': 'v1.Protocol',
  'ResourceRequirements.limits': 'v1.ResourceList',
  'ResourceRequirements.requests': 'v1.ResourceList',
  'NodeStatus.capacity': 'v1.ResourceList',
  'NodeStatus.allocatable': 'v1.ResourceList',
  'NodeAddress.type': 'v1.NodeAddressType',
  'NodeCondition.type': 'v1.NodeConditionType',
  'NodeCondition.status': 'v1.ConditionStatus',
  'Taint.effect': 'v1.TaintEffect',
  'Toleration.operator': 'v1.TolerationOperator',
  'Toleration.effect': 'v1.TaintEffect',
  'PodStatus.phase': 'v1.PodPhase',
  'PodStatus.qosClass': 'v1.PodQOSClass',
  'PodCondition.type': 'v1.PodConditionType',
  'PodCondition.status': 'v1.ConditionStatus',
  'ServiceSpec.type': 'v1.ServiceType',
  'ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilies': '[]v1.IPFamily',
  'ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'Secret.type': 'v1.SecretType',
  'Secret.data': 'map[string][]uint8',
  'ResourceQuotaSpec.hard': 'v1.ResourceList',
  'ResourceQuotaStatus.hard': 'v1.ResourceList',
  'ResourceQuotaStatus.used': 'v1.ResourceList',
  'LimitRangeItem.type': 'v1.LimitType',
  'LimitRangeItem.default': 'v1.ResourceList',
  'LimitRangeItem.defaultRequest': 'v1.ResourceList',
  'LimitRangeItem.max': 'v1.ResourceList',
  'LimitRangeItem.min': 'v1.ResourceList',
  'LimitRangeItem.maxLimitRequestRatio': 'v1.ResourceList',
  'DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'DeploymentCondition.type': 'v1.DeploymentConditionType',
  'DeploymentCondition.status': 'v1.ConditionStatus',
  'ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'ReplicaSetCondition.status': 'v1.ConditionStatus',
  'DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'StatefulSetUpdateStrategy.type': 'v1.StatefulSetUpdateStrategyType',
  'StatefulSetSpec.podManagementPolicy': 'v1.PodManagementPolicyType',
  'JobCondition.type': 'v1.JobConditionType',
  'JobCondition.status': 'v1.ConditionStatus',
  'JobSpec.completionMode': 'v1.CompletionMode',
  'JobSpec.podReplacementPolicy': 'v1.PodReplacementPolicy',
  'EndpointSlice.addressType': 'v1.AddressType',
};

const LEAVES: Readonly<Record<string, string>> = {
  s: 'string',
  B: '[]uint8',
  b: 'bool',
  i: 'int32',
  l: 'int64',
  d: 'float64',
  q: 'resource.Quantity',
  x: 'intstr.IntOrString',
  t: 'v1.Time',
  '*': 'interface {}',
};

/** A struct's Go name from its table name: `CoreV1EndpointPort` → `EndpointPort`. */
export function goStructName(name: string): string {
  return name.replace(/^[A-Za-z]*?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');
}

/** The Go type of a table type code: `[Container` → `[]v1.Container`. */
export function goTypeOfCode(code: string): string {
  if (code[0] === '[') return `[]${goTypeOfCode(code.slice(1))}`;
  if (code[0] === '{') return `map[string]${goTypeOfCode(code.slice(1))}`;
  return LEAVES[code] ?? `v1.${goStructName(code)}`;
}

/** The Go type of `struct.field` (its named type when it has one). */
export function goTypeOfField(struct: string, field: string, code: string): string {
  return NAMED[`${goStructName(struct)}.${field}`] ?? goTypeOfCode(code);
}

/** The element type of an array or map's Go type: `[]v1.FinalizerName` → `v1.FinalizerName`. */
export function goElementType(goType: string): string {
  if (goType.startsWith('[]')) return goType.slice(2);
  if (goType.startsWith('map[string]')) return goType.slice('map[string]'.length);
  return goType === 'v1.ResourceList' ? 'resource.Quantity' : goType;
}
