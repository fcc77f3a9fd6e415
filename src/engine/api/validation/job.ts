// Job validation (kubernetes pkg/apis/batch/validation/validation.go), main rules.
import type { Job } from 'kubernetes-types/batch/v1';
import { fieldPath, invalid, notSupported, required } from '../field';
import type { FieldError } from '../field';
import { selectorMatches, validateLabelSelector } from './labels';
import { nameIsDNSSubdomain } from './names';
import {
  validateImmutableField,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';
import { validatePodTemplateSpec } from './workloads';

/** ValidateJob (create): counts, selector matching the template, restartPolicy OnFailure/Never. */
export function validateJob(job: Job): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(job.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const s = job.spec;
  errs.push(...validateNonnegative(s?.parallelism, spec.child('parallelism')));
  errs.push(...validateNonnegative(s?.completions, spec.child('completions')));
  errs.push(...validateNonnegative(s?.activeDeadlineSeconds, spec.child('activeDeadlineSeconds')));
  errs.push(...validateNonnegative(s?.backoffLimit, spec.child('backoffLimit')));
  errs.push(
    ...validateNonnegative(s?.ttlSecondsAfterFinished, spec.child('ttlSecondsAfterFinished')),
  );
  if (s?.completionMode && !['NonIndexed', 'Indexed'].includes(s.completionMode))
    errs.push(
      notSupported(spec.child('completionMode'), s.completionMode, ['NonIndexed', 'Indexed']),
    );
  if (!s?.selector) errs.push(required(spec.child('selector')));
  else {
    errs.push(...validateLabelSelector(s.selector, spec.child('selector')));
    // the selector, manual or generated, must match the pods the job creates
    if (!selectorMatches(s.selector, s.template?.metadata?.labels ?? {}))
      errs.push(
        invalid(
          spec.child('template', 'metadata', 'labels'),
          s.template?.metadata?.labels ?? {},
          '`selector` does not match template `labels`',
        ),
      );
  }
  errs.push(...validatePodTemplateSpec(s?.template, spec.child('template')));
  const restart = s?.template?.spec?.restartPolicy ?? '';
  if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(
      notSupported(spec.child('template', 'spec', 'restartPolicy'), restart, [
        'OnFailure',
        'Never',
      ]),
    );
  return errs;
}

/** ValidateJobUpdate: selector, completions (unless indexed scaling), and template immutable. */
export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata, fieldPath('metadata'));
  errs.push(...validateJob(job).filter((e) => !e.field.startsWith('metadata.')));
  errs.push(
    ...validateImmutableField(job.spec?.selector, old.spec?.selector, spec.child('selector')),
  );
  errs.push(
    ...validateImmutableField(
      job.spec?.completions,
      old.spec?.completions,
      spec.child('completions'),
    ),
  );
  // the template may change only while the job is suspended (simplified: any change rejected otherwise)
  if (!job.spec?.suspend)
    errs.push(
      ...validateImmutableField(job.spec?.template, old.spec?.template, spec.child('template')),
    );
  return errs;
}
