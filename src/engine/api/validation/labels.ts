// Label, annotation and label-selector checks (apimachinery pkg/apis/meta/v1/validation and
// pkg/api/validation/objectmeta.go).
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { invalid, notSupported, required, tooLong } from '../field';
import type { FieldError, Path } from '../field';
import { isQualifiedName, isValidLabelValue } from './names';

/** ValidateLabels: errors are reported on the map's path, not per key (as upstream). */
export function validateLabels(
  labels: Record<string, string> | undefined,
  path: Path,
): FieldError[] {
  if (!labels) return [];
  // the keys are sorted only to report errors in a stable order: valid labels need no sort
  let valid = true;
  for (const k in labels) {
    if (isQualifiedName(k).length > 0 || isValidLabelValue(labels[k]).length > 0) {
      valid = false;
      break;
    }
  }
  if (valid) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels).sort()) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    for (const m of isValidLabelValue(labels[k])) errs.push(invalid(path, labels[k], m));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024; // TotalAnnotationSizeLimitB

/** ValidateAnnotations: keys are qualified names (case-insensitive); 256 KiB in total. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: Path,
): FieldError[] {
  if (!annotations) return [];
  const errs: FieldError[] = [];
  let size = 0;
  let valid = true;
  for (const k in annotations) {
    size += k.length + annotations[k].length;
    if (valid && isQualifiedName(k.toLowerCase()).length > 0) valid = false;
  }
  if (valid)
    return size > TOTAL_ANNOTATION_SIZE_LIMIT ? [tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT)] : [];
  size = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += k.length + annotations[k].length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector: matchLabels as labels, matchExpressions operators and values. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: Path): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, path.child('matchLabels'));
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = path.child('matchExpressions').index(i);
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0)
        errs.push(
          required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          invalid(
            p.child('values'),
            values,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(notSupported(p.child('operator'), req.operator, OPERATORS));
    }
    for (const m of isQualifiedName(req.key)) errs.push(invalid(p.child('key'), req.key, m));
  });
  return errs;
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = req.key in labels;
    const vals = req.values ?? [];
    if (req.operator === 'In' && !(has && vals.includes(labels[req.key]))) return false;
    if (req.operator === 'NotIn' && has && vals.includes(labels[req.key])) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
