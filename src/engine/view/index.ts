/** Read-only views over a Cluster for the UI: shape, status and communication paths. */
export { clusterTopology, COMPONENT_KINDS, topologyStamp } from './topology';
export type { ComponentKind, ComponentView, NodeView, PodView, Topology } from './topology';
export { communicationPaths } from './paths';
export type { CommunicationPath, PathKind } from './paths';
