// A subset of kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with
// {.field.path}, [n], [*], ['key'], {range ...}{end}; a list of results prints space-separated.

/** Thrown for a template the parser does not accept. */
export class JsonPathError extends Error {}

type Step = { field: string } | { index: number } | { wildcard: true };

function parsePath(expr: string): Step[] {
  const steps: Step[] = [];
  let s = expr.trim();
  if (s.startsWith('$')) s = s.slice(1);
  const re = /^(?:\.([^.[\]]+)|\[(\*|-?\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|\.)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(s)}`);
    if (m[1] !== undefined) steps.push(m[1] === '*' ? { wildcard: true } : { field: m[1] });
    else if (m[2] !== undefined)
      steps.push(m[2] === '*' ? { wildcard: true } : { index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ field: m[3] ?? m[4] });
    s = s.slice(m[0].length);
  }
  return steps;
}

function evaluate(values: unknown[], steps: Step[], path: string): unknown[] {
  let cur = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if ('field' in step) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const o = v as Record<string, unknown>;
          if (step.field in o) next.push(o[step.field]);
          else if (cur.length === 1) throw new JsonPathError(`${step.field} is not found`);
        }
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i < 0 || i >= v.length)
            throw new JsonPathError(
              `array index out of bounds: index ${step.index}, length ${v.length}`,
            );
          next.push(v[i]);
        }
      } else if (Array.isArray(v)) next.push(...v);
      else if (v && typeof v === 'object') next.push(...Object.values(v));
    }
    cur = next;
  }
  void path;
  return cur;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

type Node = { text: string } | { path: string } | { range: string; body: Node[] };

function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ text: unescape(tpl.slice(i)) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ text: unescape(tpl.slice(i, open)) });
    const close = tpl.indexOf('}', open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = tpl.slice(open + 1, close).trim();
    if (action.startsWith('range ')) {
      const node: Node = { range: action.slice(6).trim(), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('"') && action.endsWith('"')) {
      stack[stack.length - 1].push({ text: unescape(action.slice(1, -1)) });
    } else {
      stack[stack.length - 1].push({ path: action });
    }
    i = close + 1;
  }
  return root;
}

function unescape(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

function run(nodes: Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    if ('text' in n) out += n.text;
    else if ('path' in n) {
      if (n.path === '@' || n.path === '.') out += text(data);
      else
        out += evaluate([data], parsePath(n.path.replace(/^@/, '')), n.path)
          .map(text)
          .join(' ');
    } else {
      for (const item of evaluate([data], parsePath(n.range.replace(/^@/, '')), n.range)) {
        out += run(n.body, item);
      }
    }
  }
  return out;
}

/** Executes a template: `executeJsonPath('{.metadata.name}', pod)` → `nginx`. */
export function executeJsonPath(template: string, data: unknown): string {
  return run(parseTemplate(template), data);
}
