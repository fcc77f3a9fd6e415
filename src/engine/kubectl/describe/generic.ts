// describe.go genericDescriber: any kind without its own describer — Name, Namespace, Labels,
// Annotations, then every field of the object (sorted, smart labels), then its events.
import type { KubeObject } from '../../api/types';
import type { DescribeContext } from './context';
import { describeEvents, searchEvents } from './events';
import type { EventLike } from './events';
import { printAnnotationsMultiline, printLabelsMultiline } from './format';
import { LEVEL_0, tabbedString } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

const COMMON_ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

// fatih/camelcase Split: runs of one character class, an upper-case letter moved to the
// lower-case run that follows it ("PDFLoader" → PDF, Loader)
function camelcaseSplit(s: string): string[] {
  const cls = (c: string): number =>
    /\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4;
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length > 0) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** describe.go smartLabelFor: `apiVersion` → `API Version`, `creationTimestamp` → `Creation Timestamp`. */
export function smartLabelFor(field: string): string {
  // fields with characters other than letters and '-' are printed as they are
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) =>
      COMMON_ACRONYMS.includes(p.toUpperCase())
        ? p.toUpperCase()
        : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join(' ');
}

// Go's %v of a decoded JSON scalar
function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** describe.go printUnstructuredContent: fields sorted, maps and lists one level deeper. */
export function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  skipPrefix: string,
  skip: readonly string[],
): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const expr = `${skipPrefix}.${field}`;
    if (skip.includes(expr)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          printUnstructuredContent(w, level + 1, child as Record<string, unknown>, expr, skip);
        else
          w.write(level + 1, `${Array.isArray(child) ? `[${child.join(' ')}]` : scalar(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, expr, skip);
    } else w.write(level, `${smartLabelFor(field)}:\t${scalar(value)}\n`);
  }
}

const SKIP = [
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
];

/** describe.go genericDescriber's text for one object. */
export function describeGeneric(
  obj: KubeObject,
  events: EventLike[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', SKIP);
    if (events) describeEvents(w, events, now);
  });
}

/** genericDescriber.Describe: reads the object at `path` and its events. */
export function describeGenericAt(ctx: DescribeContext, path: string): string {
  const obj = ctx.client.send({ method: 'GET', path }) as KubeObject;
  const events = ctx.showEvents
    ? searchEvents(ctx, {
        kind: obj.kind,
        name: obj.metadata.name ?? '',
        namespace: obj.metadata.namespace ?? '',
        uid: obj.metadata.uid,
      })
    : undefined;
  return describeGeneric(obj, events, ctx.now);
}
