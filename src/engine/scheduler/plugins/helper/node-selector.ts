import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../framework/types';

const INTEGER = /^[-+]?\d+$/;

/** One requirement against a label set (labels.Selector from NodeSelectorRequirementsAsSelector). */
export function requirementMatches(
  r: NodeSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !INTEGER.test(value) || !INTEGER.test(values[0]))
        return false;
      const a = BigInt(value);
      const b = BigInt(values[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/**
 * component-helpers nodeaffinity: a term matches when all its expressions match the labels and
 * all its fields match (only metadata.name); a term with neither matches nothing.
 */
export function termMatches(
  term: NodeSelectorTerm,
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, labels)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!requirementMatches(r, { 'metadata.name': nodeName })) return false;
  }
  return true;
}

/** NodeSelector terms are ORed. */
export function nodeSelectorMatches(
  terms: readonly NodeSelectorTerm[],
  labels: Record<string, string>,
  nodeName: string,
): boolean {
  for (const t of terms) if (termMatches(t, labels, nodeName)) return true;
  return false;
}
