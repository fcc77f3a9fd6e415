// Priority (plugin/pkg/admission/priority/admission.go): resolves a pod's priorityClassName to
// spec.priority and spec.preemptionPolicy (or the global default class, else 0), and allows
// only one globalDefault PriorityClass.
import type { KubeObject } from '../../api/types';
import { admissionForbidden } from './errors';
import type {
  AdmissionAttributes,
  AdmissionContext,
  MutatingPlugin,
  ValidatingPlugin,
} from './types';

// pkg/apis/scheduling/types.go: the built-in classes the apiserver creates at start-up
export const systemCriticalPriority = 2000000000;
export const systemClusterCritical = 'system-cluster-critical';
export const systemNodeCritical = 'system-node-critical';
// scheduling.DefaultPriorityWhenNoDefaultClassExists
const defaultPriorityWhenNoDefaultClassExists = 0;

interface PriorityClassLike {
  metadata: { name?: string };
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/** The PriorityClasses the apiserver's scheduling storage creates at boot (storage_scheduling.go). */
export function systemPriorityClasses(): KubeObject[] {
  const pc = (name: string, value: number, description: string): KubeObject => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    globalDefault: false,
    description,
    preemptionPolicy: 'PreemptLowerPriority',
  });
  return [
    pc(
      systemNodeCritical,
      systemCriticalPriority + 1000,
      'Used for system critical pods that must not be moved from their current node.',
    ),
    pc(
      systemClusterCritical,
      systemCriticalPriority,
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    ),
  ];
}

// the system classes always exist (they cannot be deleted); fall back to them if not stored
function priorityClass(ctx: AdmissionContext, name: string): PriorityClassLike | undefined {
  const stored = ctx.reader.get('priorityclasses', undefined, name);
  const found = stored ?? systemPriorityClasses().find((pc) => pc.metadata.name === name);
  return found as unknown as PriorityClassLike | undefined;
}

// getDefaultPriorityClass: among globalDefault classes, the one with the lowest value
function defaultPriorityClass(ctx: AdmissionContext): PriorityClassLike | undefined {
  const defaults = (ctx.reader.list('priorityclasses') as unknown as PriorityClassLike[]).filter(
    (pc) => pc.globalDefault,
  );
  return defaults.sort((a, b) => a.value - b.value)[0];
}

interface PodSpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

function admitPod(attrs: AdmissionAttributes, ctx: AdmissionContext) {
  const spec = (attrs.object!.spec ??= {}) as PodSpec;
  if (attrs.operation === 'UPDATE') {
    // the priority set on create is kept; validation forbids changing it
    const old = (attrs.oldObject?.spec ?? {}) as PodSpec;
    if (spec.priority === undefined && old.priority !== undefined) spec.priority = old.priority;
    if (spec.preemptionPolicy === undefined && old.preemptionPolicy !== undefined) {
      spec.preemptionPolicy = old.preemptionPolicy;
    }
    return undefined;
  }
  let priority: number;
  let preemptionPolicy: string | undefined;
  if (!spec.priorityClassName) {
    const dpc = defaultPriorityClass(ctx);
    if (dpc) {
      spec.priorityClassName = dpc.metadata.name;
      priority = dpc.value;
      preemptionPolicy = dpc.preemptionPolicy;
    } else {
      priority = defaultPriorityWhenNoDefaultClassExists;
      preemptionPolicy = 'PreemptLowerPriority';
    }
  } else {
    const pc = priorityClass(ctx, spec.priorityClassName);
    if (!pc)
      return admissionForbidden(
        attrs,
        `no PriorityClass with name ${spec.priorityClassName} was found`,
      );
    priority = pc.value;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    return admissionForbidden(
      attrs,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (preemptionPolicy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== preemptionPolicy) {
      return admissionForbidden(
        attrs,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
  return undefined;
}

/** Priority's mutating half: pods on CREATE and UPDATE. */
export const priorityMutating: MutatingPlugin = {
  name: 'Priority',
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  admit(attrs, ctx) {
    if (
      attrs.subresource !== '' ||
      attrs.group !== '' ||
      attrs.resource !== 'pods' ||
      !attrs.object
    ) {
      return undefined;
    }
    return admitPod(attrs, ctx);
  },
};

/** Priority's validating half: at most one globalDefault PriorityClass. */
export const priorityValidating: ValidatingPlugin = {
  name: 'Priority',
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  validate(attrs, ctx) {
    if (
      attrs.subresource !== '' ||
      attrs.group !== 'scheduling.k8s.io' ||
      attrs.resource !== 'priorityclasses'
    ) {
      return undefined;
    }
    const pc = attrs.object as unknown as PriorityClassLike | undefined;
    if (!pc?.globalDefault) return undefined;
    const dpc = defaultPriorityClass(ctx);
    if (dpc && (attrs.operation === 'CREATE' || dpc.metadata.name !== pc.metadata.name)) {
      return admissionForbidden(
        attrs,
        `PriorityClass ${dpc.metadata.name} is marked as default. Only one default can exist`,
      );
    }
    return undefined;
  },
};
