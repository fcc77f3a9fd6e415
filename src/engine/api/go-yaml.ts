// YAML as the Go side reads it (sigs.k8s.io/yaml over go-yaml): the npm parser words its errors
// differently, so the commonest problems are reported in libyaml's words, with its line number.
import { parseAllDocuments } from 'yaml';

/** A YAML syntax error as go-yaml reports it: `yaml: line 3: mapping values are not allowed in this context`. */
export class GoYamlError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    // go-yaml yaml.go parser.fail: no line prefix when libyaml's mark is on line 0
    super(line > 0 ? `yaml: line ${line}: ${problem}` : `yaml: ${problem}`);
  }
}

/** Options of parseYamlDocuments. */
export interface YamlOptions {
  /** reject a key repeated in one mapping (default); false keeps the last, as YAMLToJSON does */
  uniqueKeys?: boolean;
}

// libyaml's marks count lines from 0. go-yaml prints a scanner error's line plus one and a
// parser error's line as is, so a parser error names the line before the offending token.
type Kind = 'scanner' | 'parser';

const lineIndex = (text: string, pos: number) => text.slice(0, pos).split('\n').length - 1;

const indentOf = (line: string) => line.length - line.trimStart().length;

// The innermost flow collection still open at `pos`, and the text since its last separator.
function openFlow(text: string, pos: number): { close: ']' | '}'; pending: string } | undefined {
  const stack: { close: ']' | '}'; from: number }[] = [];
  let quote = '';
  for (let i = 0; i < pos; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? pos : nl;
    } else if (ch === '[' || ch === '{') stack.push({ close: ch === '[' ? ']' : '}', from: i + 1 });
    else if (ch === ']' || ch === '}') stack.pop();
    else if (ch === ',' && stack.length > 0) stack[stack.length - 1].from = i + 1;
  }
  const top = stack.at(-1);
  return top && { close: top.close, pending: text.slice(top.from, pos).trim() };
}

// scannerc.go scan_plain_scalar: a continuation line that starts with a tab left of the
// scalar's block indentation; otherwise the tab cannot start a token.
function tabProblem(text: string, pos: number): string {
  const lines = text.slice(0, pos).split('\n');
  const column = lines.at(-1)!.length;
  const previous = lines
    .slice(0, -1)
    .reverse()
    .find((l) => l.trim() !== '');
  const cannotStart = 'found character that cannot start any token';
  if (previous === undefined) return cannotStart;
  const prefix = /^\s*(?:-\s+)*/.exec(previous)![0];
  const body = previous.slice(prefix.length);
  const pair = /^[^\s#'"[{|>&*!-][^#]*?:\s+(.*)$/.exec(body);
  // the block the scalar sits in: its mapping's key column, or its sequence's `-` column
  const blockIndent = pair ? prefix.length : prefix.trimEnd().length - 1;
  const value = pair ? pair[1] : prefix.trim() ? body : '';
  const plain = value !== '' && !/^['"[{|>&*!#]/.test(value) && !/:$/.test(value.trimEnd());
  return plain && column <= blockIndent
    ? 'found a tab character that violates indentation'
    : cannotStart;
}

// A line with no `- ` that follows a sequence item: an indentless sequence (its `-` in the
// parent key's column) ends and the mapping wants a key; an indented one wants a `-`.
function sequenceProblem(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n').slice(0, -1).reverse();
  const item = before.find((l) => /^\s*- /.test(l));
  if (item === undefined) return "did not find expected '-' indicator";
  const dash = indentOf(item);
  const parent = before.slice(before.indexOf(item) + 1).find((l) => !/^\s*(-|$)/.test(l));
  return parent !== undefined && indentOf(parent) === dash
    ? 'did not find expected key'
    : "did not find expected '-' indicator";
}

// A key out of line with its mapping: after a sequence item in its column the sequence wants
// a `-`; otherwise the enclosing mapping wants a key.
function misalignedKeyProblem(text: string, pos: number): string {
  const column = indentOf(text.slice(text.lastIndexOf('\n', pos - 1) + 1));
  const before = text.slice(0, pos).split('\n').slice(0, -1).reverse();
  const owner = before.find((l) => l.trim() !== '' && indentOf(l) <= column);
  return owner !== undefined && indentOf(owner) === column && /^\s*- /.test(owner)
    ? "did not find expected '-' indicator"
    : 'did not find expected key';
}

// libyaml's stream end: after the last line, on a line of its own (fetch_stream_end)
function streamEnd(text: string): number {
  return text.length + (text.endsWith('\n') || text === '' ? 0 : 1);
}

function translate(
  text: string,
  code: string,
  message: string,
  pos: number,
): { kind: Kind; problem: string; at?: number } {
  if (code === 'TAB_AS_INDENT') return { kind: 'scanner', problem: tabProblem(text, pos) };
  if (/Flow (sequence|map) in block collection/.test(message)) {
    // parser.go parse_flow_sequence_entry / parse_flow_mapping_key: the collection never closed;
    // at the end of the input the offending token is the stream end
    const at = text.slice(pos).trim() === '' ? streamEnd(text) : pos;
    const flow = openFlow(text, pos);
    if (!flow || flow.pending === '' || /[,:]$/.test(flow.pending))
      return { kind: 'parser', problem: 'did not find expected node content', at };
    return { kind: 'parser', problem: `did not find expected ',' or '${flow.close}'`, at };
  }
  if (/Sequence item without - indicator/.test(message))
    return { kind: 'parser', problem: sequenceProblem(text, pos) };
  if (/All mapping items must start at the same column/.test(message))
    return { kind: 'parser', problem: misalignedKeyProblem(text, pos) };
  if (/block sequence may not be used/.test(message))
    return { kind: 'parser', problem: 'did not find expected key' };
  if (code === 'MISSING_CHAR' || (code === 'UNEXPECTED_TOKEN' && /quot/.test(message)))
    return { kind: 'scanner', problem: 'found unexpected end of stream' };
  if (code === 'BAD_INDENT' && /sequence/.test(message))
    return { kind: 'parser', problem: "did not find expected '-' indicator" };
  if (
    /compact mappings|Implicit keys|Nested mappings/i.test(message) ||
    code === 'BLOCK_AS_IMPLICIT_KEY'
  ) {
    // scannerc.go fetch_value: the offending `:` may sit on a continuation line of the scalar
    const colon = /:(\s|$)/.exec(text.slice(pos));
    const at = colon ? pos + colon.index : pos;
    return { kind: 'scanner', problem: 'mapping values are not allowed in this context', at };
  }
  return { kind: 'parser', problem: 'did not find expected key' };
}

/**
 * Parses every `---` document of `text`; empty documents are skipped. Throws GoYamlError.
 *
 *   parseYamlDocuments('a: 1\n---\nb: 2\n'); // [{ a: 1 }, { b: 2 }]
 */
export function parseYamlDocuments(text: string, options: YamlOptions = {}): unknown[] {
  const uniqueKeys = options.uniqueKeys ?? true;
  const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false, uniqueKeys });
  const values: unknown[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    // libyaml counts lines from the start of the document being converted, after its `---`.
    let start = doc.range?.[0] ?? 0;
    if (text.startsWith('---', start)) start = text.indexOf('\n', start) + 1;
    const err = doc.errors[0];
    if (err) {
      const chunk = text.slice(start);
      const pos = Math.max(0, err.pos[0] - start);
      const { kind, problem, at } = translate(chunk, err.code, err.message, pos);
      const line = lineIndex(chunk + '\n', at ?? pos) + (kind === 'scanner' ? 1 : 0);
      throw new GoYamlError(line, problem);
    }
    let v: unknown;
    try {
      v = doc.toJS();
    } catch (e) {
      // an alias whose anchor was never set (parser.go composer: unknown anchor)
      const alias = /Unresolved alias.*: (.*)$/.exec(String((e as Error).message));
      if (!alias) throw e;
      throw new GoYamlError(0, `unknown anchor '${alias[1]}' referenced`);
    }
    if (v !== null && v !== undefined) values.push(v);
  }
  return values;
}
