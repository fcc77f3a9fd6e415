/** Box sizes the layout and the path routes share, in flow px. */
export const COMPONENT_HEIGHT = 32;
/** Between the boxes of a node. */
export const GAP = 6;
/** Inside a node's group, around its boxes. */
export const PAD = 10;
/** The lane beside a node where its paths to the load balancer run. */
export const LANE = 14;
