import type { ScoringStrategy } from './plugins/resource-allocation';
import * as names from './plugins/names';

/** One enabled plugin of a profile, with its Score weight and arguments. */
export interface PluginConfig {
  name: string;
  weight?: number;
  args?: unknown;
}

/** A scheduling profile (KubeSchedulerProfile): its name and multiPoint plugins in order. */
export interface Profile {
  schedulerName: string;
  plugins: PluginConfig[];
  /** overrides the global percentageOfNodesToScore when set */
  percentageOfNodesToScore?: number;
}

/** KubeSchedulerConfiguration, as far as the simulation uses it. */
export interface SchedulerConfiguration {
  profiles: Profile[];
  /** 0: the adaptive default (50 % − nodes/125, at least 5 %) */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
}

/**
 * apis/config/v1 default_plugins.go getDefaultPlugins: the default profile's plugins in
 * multiPoint order with their Score weights (volume plugins are left out: the simulation has
 * no volumes to bind).
 */
export function defaultPlugins(scoringStrategy?: ScoringStrategy): PluginConfig[] {
  return [
    { name: names.SchedulingGates },
    { name: names.PrioritySort },
    { name: names.NodeUnschedulable },
    { name: names.NodeName },
    { name: names.TaintToleration, weight: 3 },
    { name: names.NodeAffinity, weight: 2 },
    { name: names.NodePorts },
    {
      name: names.NodeResourcesFit,
      weight: 1,
      args: scoringStrategy ? { scoringStrategy } : undefined,
    },
    { name: names.PodTopologySpread, weight: 2 },
    { name: names.InterPodAffinity, weight: 2 },
    { name: names.DefaultPreemption },
    { name: names.NodeResourcesBalancedAllocation, weight: 1 },
    { name: names.ImageLocality, weight: 1 },
    { name: names.DefaultBinder },
  ];
}

/**
 * The default KubeSchedulerConfiguration: one profile `default-scheduler`, adaptive
 * percentageOfNodesToScore, 1 s initial and 10 s maximum backoff (config/v1 types.go).
 */
export function defaultConfiguration(
  overrides: { scoringStrategy?: ScoringStrategy; percentageOfNodesToScore?: number } = {},
): SchedulerConfiguration {
  return {
    profiles: [
      { schedulerName: 'default-scheduler', plugins: defaultPlugins(overrides.scoringStrategy) },
    ],
    percentageOfNodesToScore: overrides.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
  };
}
