// Label selectors (apimachinery pkg/labels/selector.go): the string syntax, LabelSelector objects
// and matching, with upstream's parse errors.
import type { LabelSelector } from 'kubernetes-types/meta/v1';

import { isQualifiedName, isValidLabelValue } from './validation/names';

/** A selector could not be parsed or converted; `message` is the upstream error text. */
export class SelectorError extends Error {
  override name = 'SelectorError';
}

/** selection.Operator values (apimachinery pkg/selection/operator.go). */
export type LabelOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

/** One requirement of a label selector: key, operator and values. */
export interface Requirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/**
 * A parsed label selector. `nothing` matches no object (a null LabelSelector); an empty
 * requirement list matches everything.
 */
export type LabelSelectorValue =
  { kind: 'requirements'; requirements: Requirement[] } | { kind: 'nothing' };

// ---- label key / value validation (pkg/util/validation/validation.go) ----

// Label keys and values are checked as validation.IsQualifiedName / IsValidLabelValue.
export { isQualifiedName, isValidLabelValue };

// field.Invalid(...).Error(): `<path>: Invalid value: "<value>": <detail>`; a nil path prints <nil>.
function invalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

function goSliceString(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/**
 * labels.NewRequirement: validates key, operator arity and values; throws the aggregated
 * field errors (one error prints bare, several print as `[e1, e2]`).
 */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: string[],
): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(invalidValue('key', key, keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(
          `values: Invalid value: ${goSliceString(values)}: for 'in', 'notin' operators, values set can't be empty`,
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(
          `values: Invalid value: ${goSliceString(values)}: exact-match compatibility requires one single value`,
        );
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(
          `values: Invalid value: ${goSliceString(values)}: values set must be empty for exists and does not exist`,
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(
          `values: Invalid value: ${goSliceString(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
        );
      }
      values.forEach((v, i) => {
        if (!/^[-+]?\d+$/.test(v)) {
          errs.push(
            invalidValue(
              `values[${i}]`,
              v,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0)
      errs.push(invalidValue(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length === 1) throw new SelectorError(errs[0]);
  if (errs.length > 1) throw new SelectorError(`[${errs.join(', ')}]`);
  return { key, operator, values: [...values] };
}

// ---- lexer and parser for the string syntax ----

type Token =
  | 'error'
  | 'eos'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

const literalTokens: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

interface ScannedItem {
  tok: Token;
  literal: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

function lex(s: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', literal: '' });
      return items;
    }
    if (isSpecialSymbol(s[pos])) {
      // Longest run of special symbols that still forms a known operator.
      let buffer = '';
      let last: ScannedItem | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos])) {
        buffer += s[pos];
        const tok = literalTokens[buffer];
        if (tok) {
          last = { tok, literal: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    while (pos < s.length && !isSpecialSymbol(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
    items.push({ tok: literalTokens[buffer] ?? 'identifier', literal: buffer });
  }
}

const binaryOperators = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

class Parser {
  private position = 0;
  constructor(private readonly items: ScannedItem[]) {}

  // In the Values context the keywords in/notin are plain identifiers.
  lookahead(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position], values);
  }

  consume(values: boolean): ScannedItem {
    return this.asContext(this.items[this.position++], values);
  }

  private asContext(item: ScannedItem, values: boolean): ScannedItem {
    if (values && (item.tok === 'in' || item.tok === 'notin')) {
      return { tok: 'identifier', literal: item.literal };
    }
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(true);
      if (tok === 'identifier' || tok === '!') {
        try {
          requirements.push(this.parseRequirement());
        } catch (e) {
          throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
        }
        const next = this.consume(true);
        if (next.tok === 'eos') return requirements;
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
          }
          continue;
        }
        throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') return requirements;
      throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    // sets.String.List() returns the values sorted
    return newRequirement(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator?: LabelOperator } {
    let operator: LabelOperator | undefined;
    let item = this.consume(true);
    if (item.tok === '!') {
      operator = '!';
      item = this.consume(true);
    }
    if (item.tok !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    const keyErrs = isQualifiedName(item.literal);
    if (keyErrs.length > 0)
      throw new Error(invalidValue('<nil>', item.literal, keyErrs.join('; ')));
    const next = this.lookahead(true).tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const { tok, literal } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(true);
    if (tok === 'identifier' || tok === ',') {
      const s = this.parseIdentifiersList();
      if (this.consume(true).tok !== ')') throw new Error(`found '${literal}', expected: ')'`);
      return s;
    }
    if (tok === ')') {
      this.consume(true);
      return new Set(['']);
    }
    throw new Error(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(true);
      if (tok === 'identifier') {
        s.add(literal);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return s;
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        if (s.size === 0) s.add(''); // "(,"
        const next = this.lookahead(true).tok;
        if (next === ')') {
          s.add(''); // ",)"
          return s;
        }
        if (next === ',') {
          this.consume(true);
          s.add(''); // ",,"
        }
        continue;
      }
      throw new Error(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { tok, literal } = this.consume(true);
    if (tok === 'identifier') return new Set([literal]);
    throw new Error(`found '${literal}', expected: identifier`);
  }
}

function byKey(requirements: Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Parses the label selector string syntax (labels.Parse), e.g.
 * `parseLabelSelector('app=web,tier in (a,b),!canary')`. Throws SelectorError with the
 * upstream message on bad input; the apiserver returns it as a 400 BadRequest.
 */
export function parseLabelSelector(selector: string): LabelSelectorValue {
  const requirements = new Parser(lex(selector)).parse();
  return { kind: 'requirements', requirements: byKey(requirements) };
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined matches nothing, an empty selector matches
 * everything, matchLabels become `=` and matchExpressions In/NotIn/Exists/DoesNotExist.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): LabelSelectorValue {
  if (ls === null || ls === undefined) return { kind: 'nothing' };
  const matchLabels = ls.matchLabels ?? {};
  const matchExpressions = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + matchExpressions.length === 0) {
    return { kind: 'requirements', requirements: [] };
  }
  const requirements: Requirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) requirements.push(newRequirement(k, '=', [v]));
  for (const expr of matchExpressions) {
    const op = labelSelectorOperators[expr.operator];
    if (!op)
      throw new SelectorError(
        `${JSON.stringify(expr.operator)} is not a valid label selector operator`,
      );
    requirements.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return { kind: 'requirements', requirements: byKey(requirements) };
}

const labelSelectorOperators: Record<string, LabelOperator | undefined> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      if (!/^[-+]?\d+$/.test(labels[r.key]) || !/^[-+]?\d+$/.test(r.values[0])) return false;
      const lv = BigInt(labels[r.key]);
      const rv = BigInt(r.values[0]);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** Whether a label set satisfies every requirement of the selector. */
export function matchesLabels(
  selector: LabelSelectorValue,
  labels: Record<string, string> | undefined,
): boolean {
  if (selector.kind === 'nothing') return false;
  const set = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, set));
}

/** Whether the selector places no restriction (labels.Selector.Empty). */
export function isEverything(selector: LabelSelectorValue): boolean {
  return selector.kind === 'requirements' && selector.requirements.length === 0;
}

function requirementString(r: Requirement): string {
  const prefix = r.operator === '!' ? '!' : '';
  const ops: Partial<Record<LabelOperator, string>> = {
    '=': '=',
    '==': '==',
    '!=': '!=',
    in: ' in ',
    notin: ' notin ',
    gt: '>',
    lt: '<',
  };
  if (r.operator === 'exists' || r.operator === '!') return `${prefix}${r.key}`;
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  const body = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
  return `${r.key}${ops[r.operator]}${body}`;
}

/** labels.Selector.String(): requirements joined by commas, e.g. `app=web,tier in (a,b)`. */
export function labelSelectorString(selector: LabelSelectorValue): string {
  if (selector.kind === 'nothing') return '';
  return selector.requirements.map(requirementString).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` if empty, `<error>` if invalid. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorString(labelSelectorAsSelector(ls));
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}
