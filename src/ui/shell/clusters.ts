import type { ClusterOptions } from '../../engine';

/** The cluster shapes the page offers. */
export const CLUSTER_CHOICES = {
  single: { label: '1 control plane + 3 workers', options: { controlPlaneNodes: 1, workers: 3 } },
  ha: { label: '3 control planes (HA) + 3 workers', options: { controlPlaneNodes: 3, workers: 3 } },
} satisfies Record<string, { label: string; options: ClusterOptions }>;

export type ClusterChoice = keyof typeof CLUSTER_CHOICES;

/** How many machines of each role a simulation runs. */
export interface ClusterShape {
  controlPlaneNodes: number;
  workers: number;
}

/** The shape cluster options give, with the engine's defaults (1 control plane, 3 workers). */
export function shapeOf(
  options: Pick<ClusterOptions, 'controlPlaneNodes' | 'workers'>,
): ClusterShape {
  // workers may be listed one by one (names, sizes): the shape counts them
  const workers = options.workers ?? 3;
  return {
    controlPlaneNodes: options.controlPlaneNodes ?? 1,
    workers: typeof workers === 'number' ? workers : workers.length,
  };
}

/** A shape as the cluster select names it: "3 control planes (HA) + 2 workers". */
export function clusterLabel(shape: ClusterShape): string {
  const planes =
    shape.controlPlaneNodes === 1
      ? '1 control plane'
      : `${shape.controlPlaneNodes} control planes (HA)`;
  return `${planes} + ${shape.workers} worker${shape.workers === 1 ? '' : 's'}`;
}

/** The offered choice with exactly this shape, if any. */
export function choiceOf(shape: ClusterShape): ClusterChoice | undefined {
  return (Object.keys(CLUSTER_CHOICES) as ClusterChoice[]).find((c) => {
    const o = CLUSTER_CHOICES[c].options;
    return o.controlPlaneNodes === shape.controlPlaneNodes && o.workers === shape.workers;
  });
}
