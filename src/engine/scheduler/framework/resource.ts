import { parseQuantity, milliValue, integerValueOf } from '../../api/quantity';
import type { KubeObject } from '../../api/types';

// pkg/scheduler/util/pod_resources.go: requests assumed for containers that set none, used
// when spreading load (LeastAllocated), so best-effort pods do not all pile on one node.
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The resources a node offers or pods request (framework.Resource), in integer units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** allocatable pods (AllowedPodNumber) on a node; unused for requests */
  allowedPodNumber: number;
  /** extended resources such as nvidia.com/gpu, by name */
  scalar: Map<string, number>;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

type ResourceList = Record<string, string | number> | undefined;

/** Whether a resource name is an extended (scalar) resource, i.e. not cpu/memory/storage/pods. */
export function isScalarResourceName(name: string): boolean {
  return !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(name);
}

function amount(name: string, value: string | number): number {
  const q = parseQuantity(String(value));
  return name === 'cpu' ? milliValue(q) : integerValueOf(q);
}

/** Adds a ResourceList (container requests, node allocatable) into `into`. */
export function addResourceList(into: Resource, list: ResourceList): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    const v = amount(name, value);
    if (name === 'cpu') into.milliCPU += v;
    else if (name === 'memory') into.memory += v;
    else if (name === 'ephemeral-storage') into.ephemeralStorage += v;
    else if (name === 'pods') into.allowedPodNumber += v;
    else into.scalar.set(name, (into.scalar.get(name) ?? 0) + v);
  }
}

function maxInto(into: Resource, other: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, other.milliCPU);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
  for (const [k, v] of other.scalar) into.scalar.set(k, Math.max(into.scalar.get(k) ?? 0, v));
}

interface ContainerLike {
  resources?: { requests?: ResourceList };
}

// The extended resources of every pod that requests none (nearly all), shared: a Map of its
// own per pod would be kept alive, and copied by each young-generation collection, with every
// queued pod. A pod's requests are only read once computed: nothing writes to this Map.
const NO_SCALARS = new Map<string, number>();

/**
 * A pod's effective requests (k8s.io/component-helpers resource.PodRequests): the sum of its
 * containers, raised to the largest init container, plus overhead. With `nonMissing`, a
 * container that sets no cpu (memory) request counts 100m (200Mi), as the scorers assume.
 */
export function podRequests(pod: KubeObject, nonMissing = false): Resource {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerLike[];
    initContainers?: (ContainerLike & { restartPolicy?: string })[];
    overhead?: ResourceList;
  };
  const sum = emptyResource();
  const containerRequests = (c: ContainerLike): Resource => {
    const r = emptyResource();
    const req = c.resources?.requests ?? {};
    addResourceList(r, req);
    if (nonMissing) {
      if (req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
      if (req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c);
    sum.milliCPU += r.milliCPU;
    sum.memory += r.memory;
    sum.ephemeralStorage += r.ephemeralStorage;
    for (const [k, v] of r.scalar) sum.scalar.set(k, (sum.scalar.get(k) ?? 0) + v);
  }
  // Sidecars (restartPolicy Always) keep running, so they add to every later init container.
  const sidecars = emptyResource();
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars.milliCPU += r.milliCPU;
      sidecars.memory += r.memory;
      sidecars.ephemeralStorage += r.ephemeralStorage;
      sum.milliCPU += r.milliCPU;
      sum.memory += r.memory;
      sum.ephemeralStorage += r.ephemeralStorage;
      continue;
    }
    r.milliCPU += sidecars.milliCPU;
    r.memory += sidecars.memory;
    r.ephemeralStorage += sidecars.ephemeralStorage;
    maxInto(sum, r);
  }
  if (spec.overhead) addResourceList(sum, spec.overhead);
  if (sum.scalar.size === 0) sum.scalar = NO_SCALARS;
  return sum;
}
