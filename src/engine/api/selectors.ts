// Label and field selectors: parsing, LabelSelector conversion, matching and printing.
// Label selectors follow apimachinery pkg/labels/selector.go; field selectors follow
// pkg/fields/selector.go; field labels per resource follow pkg/apis/*/v1/conversion.go and
// the registry strategies' *ToSelectableFields.
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from './types';

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

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`);
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Upstream appends "', " after each example and " or " between them: note the two spaces.
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** validation.IsQualifiedName: the error strings for an invalid label key. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (name.length > 0 && !qualifiedNameRegexp.test(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

/** validation.IsValidLabelValue: the error strings for an invalid label value. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRegexp.test(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

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

// ---- field selectors (pkg/fields/selector.go) ----

/** One field selector term: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // UnescapedRune prints the rune with %v, i.e. as its code point
      throw new SelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses a field selector (fields.ParseSelector), e.g. `status.phase=Running,spec.nodeName!=`.
 * Terms come back sorted as upstream sorts them. Throws SelectorError on bad syntax.
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = splitTerms(selector).sort();
  const out: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split)
      throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, rhs] = split;
    out.push({ field, operator, value: unescapeValue(rhs) });
  }
  return out;
}

/** Whether an object's selectable fields satisfy every field requirement. */
export function matchesFields(
  requirements: readonly FieldRequirement[],
  fields: Record<string, string>,
): boolean {
  return requirements.every((r) => {
    const v = fields[r.field] ?? '';
    return r.operator === '!=' ? v !== r.value : v === r.value;
  });
}

// Field labels each resource's conversion func accepts beyond the defaults
// (pkg/apis/core/v1/conversion.go, pkg/apis/apps/v1, pkg/apis/batch/v1, certificates/v1).
// `undefined` entries use runtime.DefaultMetaV1FieldSelectorConversion.
const fieldLabelsByResource: Record<string, readonly string[]> = {
  pods: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  // The Node conversion func accepts no metadata.namespace.
  nodes: ['metadata.name', 'spec.unschedulable'],
  events: [
    'metadata.name',
    'metadata.namespace',
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  namespaces: ['metadata.name', 'status.phase'],
  secrets: ['metadata.name', 'metadata.namespace', 'type'],
  replicationcontrollers: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  // UNVERIFIED: apps/v1 ReplicaSet and batch/v1 Job lists and their error text were not read
  replicasets: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  jobs: ['metadata.name', 'metadata.namespace', 'status.successful'],
  certificatesigningrequests: ['metadata.name', 'spec.signerName'],
};

/** The field labels a resource (plural name) accepts in a field selector. */
export function supportedFieldLabels(resource: string): readonly string[] {
  return fieldLabelsByResource[resource] ?? ['metadata.name', 'metadata.namespace'];
}

/**
 * The field label conversion the apiserver runs on each term before listing
 * (Scheme.ConvertFieldLabel). Returns the internal label or throws SelectorError with the
 * upstream message; the apiserver answers it as 400 BadRequest.
 */
export function convertFieldLabel(resource: string, label: string): string {
  if (resource === 'pods' && label === 'spec.host') return 'spec.nodeName'; // old v1 clients
  const known = fieldLabelsByResource[resource];
  if (known) {
    if (known.includes(label)) return label;
    throw new SelectorError(`field label not supported: ${label}`);
  }
  if (label === 'metadata.name' || label === 'metadata.namespace') return label;
  throw new SelectorError(
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
}

/** Parses a field selector and converts each term's label for the resource. */
export function parseFieldSelectorFor(resource: string, selector: string): FieldRequirement[] {
  return parseFieldSelector(selector).map((r) => ({
    ...r,
    field: convertFieldLabel(resource, r.field),
  }));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const path = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );

const clusterScoped = new Set(['nodes', 'namespaces', 'certificatesigningrequests']);

/**
 * The values an object offers to field selectors (the registry's *ToSelectableFields):
 * `metadata.name`, `metadata.namespace` (namespaced resources) and the resource's own fields.
 */
export function selectableFields(resource: string, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (!clusterScoped.has(resource)) fields['metadata.namespace'] = str(obj.metadata?.namespace);
  switch (resource) {
    case 'pods': {
      const podIPs = path(obj, 'status', 'podIPs');
      const firstIP = Array.isArray(podIPs) && podIPs.length > 0 ? str(path(podIPs[0], 'ip')) : '';
      Object.assign(fields, {
        'spec.nodeName': str(path(obj, 'spec', 'nodeName')),
        'spec.restartPolicy': str(path(obj, 'spec', 'restartPolicy')),
        'spec.schedulerName': str(path(obj, 'spec', 'schedulerName')),
        'spec.serviceAccountName': str(path(obj, 'spec', 'serviceAccountName')),
        'spec.hostNetwork': String(path(obj, 'spec', 'hostNetwork') === true),
        'status.phase': str(path(obj, 'status', 'phase')),
        'status.podIP': firstIP,
        'status.nominatedNodeName': str(path(obj, 'status', 'nominatedNodeName')),
      });
      break;
    }
    case 'nodes':
      fields['spec.unschedulable'] = String(path(obj, 'spec', 'unschedulable') === true);
      break;
    case 'events': {
      const ref = (k: string) => str(path(obj, 'involvedObject', k));
      const component = str(path(obj, 'source', 'component'));
      Object.assign(fields, {
        'involvedObject.kind': ref('kind'),
        'involvedObject.namespace': ref('namespace'),
        'involvedObject.name': ref('name'),
        'involvedObject.uid': ref('uid'),
        'involvedObject.apiVersion': ref('apiVersion'),
        'involvedObject.resourceVersion': ref('resourceVersion'),
        'involvedObject.fieldPath': ref('fieldPath'),
        reason: str(obj.reason),
        reportingComponent: str(obj.reportingComponent),
        source: component !== '' ? component : str(obj.reportingComponent),
        type: str(obj.type),
      });
      break;
    }
    case 'namespaces':
      fields['status.phase'] = str(path(obj, 'status', 'phase'));
      break;
    case 'secrets':
      fields.type = str(obj.type);
      break;
    case 'replicasets':
    case 'replicationcontrollers':
      fields['status.replicas'] = String(Number(path(obj, 'status', 'replicas') ?? 0));
      break;
    case 'jobs':
      fields['status.successful'] = String(Number(path(obj, 'status', 'succeeded') ?? 0));
      break;
    case 'certificatesigningrequests':
      fields['spec.signerName'] = str(path(obj, 'spec', 'signerName'));
      break;
  }
  return fields;
}
