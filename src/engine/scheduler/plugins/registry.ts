import { Registry } from '../framework/registry';
import { BalancedAllocationPlugin } from './balanced-allocation';
import { DefaultBinderPlugin } from './default-binder';
import { DefaultPreemptionPlugin } from './default-preemption';
import { ImageLocalityPlugin } from './image-locality';
import { InterPodAffinityPlugin } from './inter-pod-affinity';
import * as names from './names';
import { NodeAffinityPlugin } from './node-affinity';
import { NodeNamePlugin } from './node-name';
import { NodePortsPlugin } from './node-ports';
import type { NodeResourcesFitArgs } from './node-resources-fit';
import { NodeResourcesFitPlugin } from './node-resources-fit';
import { NodeUnschedulablePlugin } from './node-unschedulable';
import { PodTopologySpreadPlugin } from './pod-topology-spread';
import { PrioritySortPlugin } from './priority-sort';
import type { ResourceSpec } from './resource-allocation';
import { SchedulingGatesPlugin } from './scheduling-gates';
import { TaintTolerationPlugin } from './taint-toleration';

/** plugins/registry.go NewInTreeRegistry: every in-tree plugin the simulation has. */
export function inTreeRegistry(): Registry {
  const r = new Registry();
  r.register(names.SchedulingGates, () => new SchedulingGatesPlugin());
  r.register(names.PrioritySort, () => new PrioritySortPlugin());
  r.register(names.NodeUnschedulable, (_a, h) => new NodeUnschedulablePlugin(h));
  r.register(names.NodeName, () => new NodeNamePlugin());
  r.register(names.TaintToleration, (_a, h) => new TaintTolerationPlugin(h));
  r.register(names.NodeAffinity, () => new NodeAffinityPlugin());
  r.register(names.NodePorts, () => new NodePortsPlugin());
  r.register(
    names.NodeResourcesFit,
    (args) => new NodeResourcesFitPlugin((args ?? {}) as NodeResourcesFitArgs),
  );
  r.register(names.PodTopologySpread, (_a, h) => new PodTopologySpreadPlugin(h));
  r.register(names.InterPodAffinity, (_a, h) => new InterPodAffinityPlugin(h));
  r.register(names.DefaultPreemption, (_a, h) => new DefaultPreemptionPlugin(h));
  r.register(
    names.NodeResourcesBalancedAllocation,
    (args) =>
      new BalancedAllocationPlugin((args as { resources?: ResourceSpec[] } | undefined)?.resources),
  );
  r.register(names.ImageLocality, (_a, h) => new ImageLocalityPlugin(h));
  r.register(names.DefaultBinder, (_a, h) => new DefaultBinderPlugin(h.api));
  return r;
}
