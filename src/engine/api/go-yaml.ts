// YAML as the Go side reads it (sigs.k8s.io/yaml over go-yaml): the npm parser words its errors
// differently, so the commonest problems are reported in libyaml's words, with its line number.
import { parseAllDocuments } from 'yaml';

/** A YAML syntax error as go-yaml reports it: `yaml: line 3: mapping values are not allowed in this context`. */
export class GoYamlError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`yaml: line ${line}: ${problem}`);
  }
}

function goYamlProblem(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'found character that cannot start any token';
  if (code === 'MISSING_CHAR' || (code === 'UNEXPECTED_TOKEN' && /quot/.test(message))) {
    return 'found unexpected end of stream';
  }
  if (code === 'BAD_INDENT' && /sequence/.test(message))
    return "did not find expected '-' indicator";
  if (
    /compact mappings|Implicit keys|Nested mappings/i.test(message) ||
    code === 'BLOCK_AS_IMPLICIT_KEY'
  ) {
    return 'mapping values are not allowed in this context';
  }
  return 'did not find expected key';
}

/** Parses every `---` document of `text`; empty documents are skipped. Throws GoYamlError. */
export function parseYamlDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
  const values: unknown[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) {
      // libyaml counts lines from the start of the document being converted, after its `---`.
      let start = doc.range?.[0] ?? 0;
      if (text.startsWith('---', start)) start = text.indexOf('\n', start) + 1;
      const line = text.slice(start, Math.max(start, err.pos[0])).split('\n').length;
      throw new GoYamlError(line, goYamlProblem(err.code, err.message));
    }
    const v: unknown = doc.toJS();
    if (v !== null && v !== undefined) values.push(v);
  }
  return values;
}
