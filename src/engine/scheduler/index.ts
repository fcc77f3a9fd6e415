/** kube-scheduler: the process, its core, the framework and the in-tree plugins. */
export { KubeScheduler } from './kube-scheduler';
export { Scheduler } from './scheduler';
export type { SchedulerEffects, SchedulerOptions } from './scheduler';
export { defaultConfiguration, defaultPlugins } from './config';
export type { PluginConfig, Profile, SchedulerConfiguration } from './config';
export type {
  FilterOutcome,
  NodeScoreDetail,
  PluginScore,
  SchedulingAttempt,
  StatusView,
} from './decisions';
export { numFeasibleNodesToFind, selectHost } from './schedule-one';
