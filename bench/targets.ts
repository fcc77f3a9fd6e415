/** A figure's budget: the issue that set it, and which way is better. */
export interface Target {
  value: number;
  better: 'higher' | 'lower';
  source: string;
}

/** Targets by result name (`<benchmark>` or `<benchmark>.<metric>`); others are reported only. */
export const TARGETS: Record<string, Target> = {
  'scheduler.core.5000-nodes': { value: 2000, better: 'higher', source: 'issue 3' },
  'scheduler.core.100-nodes.ratio-to-bare-loop': {
    value: 2,
    better: 'lower',
    source: 'issue 3',
  },
  'scheduler.core.1000-nodes.ratio-to-bare-loop': {
    value: 2,
    better: 'lower',
    source: 'issue 3',
  },
  'scheduler.core.5000-nodes.ratio-to-bare-loop': {
    value: 2,
    better: 'lower',
    source: 'issue 3',
  },
  'ui.frames.walkthrough-1x': { value: 16.7, better: 'lower', source: 'issue 5 (p95)' },
  'ui.frames.walkthrough-10x': { value: 16.7, better: 'lower', source: 'issue 5 (p95)' },
  'ui.frames.10-workers-30-pods': { value: 16.7, better: 'lower', source: 'issue 5 (p95)' },
  'lighthouse.performance': { value: 95, better: 'higher', source: 'issue 8' },
  'lighthouse.accessibility': { value: 100, better: 'higher', source: 'issue 8' },
  'lighthouse.best-practices': { value: 95, better: 'higher', source: 'issue 8' },
  'scale.5000-nodes-150000-pods.wall-time': { value: 60, better: 'lower', source: 'issue 8' },
  'scale.5000-nodes-150000-pods.throughput': { value: 2000, better: 'higher', source: 'issue 8' },
  'scale.5000-nodes-150000-pods.peak-heap': { value: 1024, better: 'lower', source: 'issue 8' },
};

/** Whether `value` meets `target` (undefined when there is no target). */
export function meets(value: number, target: Target | undefined): boolean | undefined {
  if (!target) return undefined;
  return target.better === 'higher' ? value >= target.value : value <= target.value;
}
