// Deployment, ReplicaSet, DaemonSet and StatefulSet validation (kubernetes
// pkg/apis/apps/validation/validation.go and the apps strategies' selector immutability).
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { fieldPath, forbidden, invalid, notSupported, required } from '../field';
import type { FieldError, Path } from '../field';
import {
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
} from './labels';
import { nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import {
  canonicalJson,
  validateImmutableField,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta';
import { validatePodSpec } from './pod';

type Workload = Deployment | ReplicaSet | DaemonSet | StatefulSet;
type IntOrString = number | string;

/** ValidatePodTemplateSpec: template labels, annotations and pod spec. */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: Path): FieldError[] {
  const errs = validateLabels(t?.metadata?.labels, path.child('labels'));
  errs.push(...validateAnnotations(t?.metadata?.annotations, path.child('annotations')));
  errs.push(...validatePodSpec(t?.spec, path.child('spec')));
  return errs;
}

// A nil selector selects nothing, so it also fails to match the template (LabelSelectorAsSelector).
function templateMatches(sel: LabelSelector | undefined, t: PodTemplateSpec | undefined): boolean {
  return sel !== undefined && selectorMatches(sel, t?.metadata?.labels ?? {});
}

const isEmptySelector = (sel: LabelSelector): boolean =>
  Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;

function validateSelector(sel: LabelSelector | undefined, path: Path, kind: string): FieldError[] {
  if (!sel) return [required(path)];
  const errs = validateLabelSelector(sel, path);
  if (isEmptySelector(sel)) errs.push(invalid(path, sel, `empty selector is invalid for ${kind}`));
  return errs;
}

// ValidatePodTemplateSpecForReplicaSet and its DaemonSet/StatefulSet counterparts
function validateTemplateFor(
  sel: LabelSelector | undefined,
  t: PodTemplateSpec | undefined,
  path: Path,
  kind: string,
): FieldError[] {
  if (!t) return [required(path)];
  const errs: FieldError[] = [];
  if (!(sel && isEmptySelector(sel)) && !templateMatches(sel, t))
    errs.push(
      invalid(
        path.child('metadata', 'labels'),
        t.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodTemplateSpec(t, path));
  const restart = t.spec?.restartPolicy ?? '';
  if (restart !== 'Always')
    errs.push(notSupported(path.child('spec', 'restartPolicy'), restart, ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      invalid(
        path.child('spec', 'activeDeadlineSeconds'),
        t.spec.activeDeadlineSeconds,
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  return errs;
}

// ValidatePositiveIntOrPercent + IsNotMoreThan100Percent
function validateIntOrPercent(
  v: IntOrString | undefined,
  path: Path,
  max100: boolean,
): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return validateNonnegative(v, path);
  if (!/^[0-9]+%$/.test(v))
    return [
      invalid(
        path,
        v,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  if (max100 && parseInt(v, 10) > 100) return [invalid(path, v, 'must not be greater than 100%')];
  return [];
}

const intOrPercentValue = (v: IntOrString | undefined): number =>
  typeof v === 'number' ? v : v === undefined ? 0 : parseInt(v, 10) || 0;

function validateDeploymentStrategy(d: Deployment, path: Path): FieldError[] {
  const s = d.spec?.strategy ?? {};
  if (s.type === 'Recreate')
    return s.rollingUpdate
      ? [
          forbidden(
            path.child('rollingUpdate'),
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  if (s.type !== 'RollingUpdate') return [notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  const ru = s.rollingUpdate;
  if (!ru)
    return [required(path.child('rollingUpdate'), 'this should be defaulted and never be nil')];
  const p = path.child('rollingUpdate');
  const errs = validateIntOrPercent(ru.maxUnavailable, p.child('maxUnavailable'), false);
  errs.push(...validateIntOrPercent(ru.maxSurge, p.child('maxSurge'), false));
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
    errs.push(
      invalid(
        p.child('maxUnavailable'),
        ru.maxUnavailable ?? 0,
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  errs.push(
    ...validateIntOrPercent(ru.maxUnavailable, p.child('maxUnavailable'), true).filter((e) =>
      e.detail.includes('100%'),
    ),
  );
  return errs;
}

/** ValidateDeployment (create). */
export function validateDeployment(d: Deployment): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(d.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const s = d.spec;
  errs.push(...validateNonnegative(s?.replicas, spec.child('replicas')));
  errs.push(...validateSelector(s?.selector, spec.child('selector'), 'deployment'));
  errs.push(...validateTemplateFor(s?.selector, s?.template, spec.child('template'), 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(d, spec.child('strategy')));
  errs.push(...validateNonnegative(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateNonnegative(s?.revisionHistoryLimit, spec.child('revisionHistoryLimit')));
  if (s?.progressDeadlineSeconds !== undefined) {
    errs.push(
      ...validateNonnegative(s.progressDeadlineSeconds, spec.child('progressDeadlineSeconds')),
    );
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(
        invalid(
          spec.child('progressDeadlineSeconds'),
          s.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  return errs;
}

/** ValidateReplicaSet (create). */
export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const s = rs.spec;
  errs.push(...validateNonnegative(s?.replicas, spec.child('replicas')));
  errs.push(...validateNonnegative(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateSelector(s?.selector, spec.child('selector'), 'deployment'));
  errs.push(...validateTemplateFor(s?.selector, s?.template, spec.child('template'), 'ReplicaSet'));
  return errs;
}

/** ValidateDaemonSet (create). */
export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain, fieldPath('metadata'));
  const s = ds.spec;
  errs.push(...validateSelector(s?.selector, spec.child('selector'), 'daemonset'));
  errs.push(...validateTemplateFor(s?.selector, s?.template, spec.child('template'), 'DaemonSet'));
  const strategy = s?.updateStrategy;
  if (strategy?.type && !['OnDelete', 'RollingUpdate'].includes(strategy.type))
    errs.push(
      notSupported(spec.child('updateStrategy', 'type'), strategy.type, [
        'OnDelete',
        'RollingUpdate',
      ]),
    );
  errs.push(...validateNonnegative(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateNonnegative(s?.revisionHistoryLimit, spec.child('revisionHistoryLimit')));
  return errs;
}

/** ValidateStatefulSet (create); names must be DNS labels (pods are named `<set>-<ordinal>`). */
export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  const spec = fieldPath('spec');
  const errs = validateObjectMeta(sts.metadata, true, nameIsDNSLabel, fieldPath('metadata'));
  const s = sts.spec;
  const policy = s?.podManagementPolicy ?? '';
  if (!['OrderedReady', 'Parallel'].includes(policy))
    errs.push(
      invalid(spec.child('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  errs.push(...validateNonnegative(s?.replicas, spec.child('replicas')));
  errs.push(...validateSelector(s?.selector, spec.child('selector'), 'statefulset'));
  errs.push(
    ...validateTemplateFor(s?.selector, s?.template, spec.child('template'), 'StatefulSet'),
  );
  return errs;
}

const CREATE: Record<string, (o: Workload) => FieldError[]> = {
  Deployment: (o) => validateDeployment(o as Deployment),
  ReplicaSet: (o) => validateReplicaSet(o as ReplicaSet),
  DaemonSet: (o) => validateDaemonSet(o as DaemonSet),
  StatefulSet: (o) => validateStatefulSet(o as StatefulSet),
};

/** Create-time validation of any of the four workload kinds. */
export function validateWorkload(obj: Workload, kind: string = obj.kind ?? ''): FieldError[] {
  return CREATE[kind]?.(obj) ?? [];
}

// The StatefulSet spec fields an update may change (ValidateStatefulSetUpdate).
const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/**
 * Update validation: the new object as on create, metadata rules, and an immutable selector
 * (apps/v1 strategies); StatefulSets may change only a few spec fields.
 */
export function validateWorkloadUpdate(
  newObj: Workload,
  oldObj: Workload,
  kind: string = newObj.kind ?? '',
): FieldError[] {
  const errs = validateObjectMetaUpdate(newObj.metadata, oldObj.metadata, fieldPath('metadata'));
  errs.push(...validateWorkload(newObj, kind).filter((e) => !e.field.startsWith('metadata.')));
  if (kind === 'StatefulSet') {
    const strip = (o: Workload) => {
      const spec = { ...(o.spec ?? {}) } as Record<string, unknown>;
      for (const k of STS_MUTABLE) delete spec[k];
      return canonicalJson(spec);
    };
    if (strip(newObj) !== strip(oldObj))
      errs.push(
        forbidden(
          fieldPath('spec'),
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
  } else {
    errs.push(
      ...validateImmutableField(
        newObj.spec?.selector,
        oldObj.spec?.selector,
        fieldPath('spec', 'selector'),
      ),
    );
  }
  return errs;
}
