// pkg/scheduler/framework/plugins/names/names.go: the in-tree plugins' names.
export const SchedulingGates = 'SchedulingGates';
export const PrioritySort = 'PrioritySort';
export const NodeUnschedulable = 'NodeUnschedulable';
export const NodeName = 'NodeName';
export const TaintToleration = 'TaintToleration';
export const NodeAffinity = 'NodeAffinity';
export const NodePorts = 'NodePorts';
export const NodeResourcesFit = 'NodeResourcesFit';
export const PodTopologySpread = 'PodTopologySpread';
export const InterPodAffinity = 'InterPodAffinity';
export const DefaultPreemption = 'DefaultPreemption';
export const NodeResourcesBalancedAllocation = 'NodeResourcesBalancedAllocation';
export const ImageLocality = 'ImageLocality';
export const DefaultBinder = 'DefaultBinder';
