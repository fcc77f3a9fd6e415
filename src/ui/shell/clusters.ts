import type { ClusterOptions } from '../../engine';

/** The cluster shapes the page offers. */
export const CLUSTER_CHOICES = {
  single: { label: '1 control plane + 3 workers', options: { controlPlaneNodes: 1, workers: 3 } },
  ha: { label: '3 control planes (HA) + 3 workers', options: { controlPlaneNodes: 3, workers: 3 } },
} satisfies Record<string, { label: string; options: ClusterOptions }>;

export type ClusterChoice = keyof typeof CLUSTER_CHOICES;
