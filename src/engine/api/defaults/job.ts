// Job defaults from kubernetes pkg/apis/batch/v1/defaults.go, and the selector the Job strategy
// generates on create (pkg/registry/batch/job/strategy.go).
import type { Job } from 'kubernetes-types/batch/v1';
import { defaultPodTemplate } from './workloads';

/**
 * SetDefaults_Job: completions and parallelism 1 when both unset, backoffLimit 6 (MaxInt32 with
 * backoffLimitPerIndex), NonIndexed, not suspended, podReplacementPolicy by podFailurePolicy.
 */
export function defaultJob(job: Job): void {
  const spec = (job.spec ??= { template: {} });
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  const templateLabels = spec.template?.metadata?.labels;
  const meta = (job.metadata ??= {});
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0)
    meta.labels = { ...templateLabels };
  spec.completionMode ||= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const c of rule.onPodConditions ?? []) c.status ||= 'True';
  }
  // JobPodReplacementPolicy is on by default since v1.29
  spec.podReplacementPolicy ||= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

/**
 * The Job strategy's generateSelector: unless spec.manualSelector, labels the template with the
 * job's uid and name and selects on the uid. Needs metadata.uid, so it runs at create time.
 */
export function generateJobSelector(job: Job): void {
  const spec = job.spec;
  const uid = job.metadata?.uid;
  if (!spec || spec.manualSelector === true || !uid) return;
  const name = job.metadata?.name ?? '';
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  // both the legacy and the batch.kubernetes.io/ prefixed labels since v1.27
  labels['batch.kubernetes.io/controller-uid'] ??= uid;
  labels['batch.kubernetes.io/job-name'] ??= name;
  labels['controller-uid'] ??= uid;
  labels['job-name'] ??= name;
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}
