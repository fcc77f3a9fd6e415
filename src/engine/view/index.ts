/** Read-only views over a Cluster for the UI: shape, status and communication paths. */
export { clusterTopology, COMPONENT_KINDS, topologyStamp } from './topology';
export type { ComponentKind, ComponentView, NodeView, PodView, Topology } from './topology';
export { communicationPaths } from './paths';
export type { CommunicationPath, PathKind } from './paths';
// What the inspector shows for each thing on the diagram (read without sending a hop).
export { etcdMemberState, registryTree } from './etcd';
export type { EtcdMemberState, RegistryNode } from './etcd';
export { servedRequests } from './apiserver';
export type { ServedRequest } from './apiserver';
export { schedulerState } from './scheduler';
export type { SchedulerState } from './scheduler';
export { controllerManagerState } from './controller-manager';
export type { ControllerManagerState, ControllerState } from './controller-manager';
export { kubeletState, nodeConditions } from './kubelet';
export type { KubeletPod, KubeletState, NodeCondition } from './kubelet';
export { containerdState } from './containerd';
export type { ContainerdState, ContainerView, SandboxState } from './containerd';
export { coreDnsState } from './coredns';
export type { CoreDnsState, DnsRecord } from './coredns';
export { nodeState } from './node';
export type { NodeState } from './node';
export { nodeFiles } from './kubeadm-files';
export type { NodeFile } from './kubeadm-files';
export { podEvents, podTimeline, podYaml } from './pod';
export type { PodEvent, PodMoment } from './pod';
export { leaseHolder, virtualTime } from './leases';
export type { LeaseHolder } from './leases';
