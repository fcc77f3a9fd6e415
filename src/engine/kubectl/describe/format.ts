// Shared pieces of kubectl describe's layout (pkg/describe/describe.go): label, annotation,
// taint and toleration blocks, RFC 1123 times, `<none>`/`<unset>` placeholders.
import type { KubeObject, ObjectMeta } from '../../api/types';
import { LEVEL_0 } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Go's time.RFC1123Z in UTC: `rfc1123z('2026-01-01T09:00:00Z')` is
 * `Thu, 01 Jan 2026 09:00:00 +0000`; an unset time is Go's zero time.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
  if (!timestamp) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return timestamp;
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:` +
    `${pad2(d.getUTCSeconds())} +0000`
  );
}

/** describe.go stringOrNone. */
export function stringOrNone(s: string | undefined): string {
  return s ? s : '<none>';
}

/** describe.go printBool: `True` / `False`. */
export function printBool(value: boolean | undefined): string {
  return value ? 'True' : 'False';
}

/** describe.go printLabelsMultilineWithIndent: `Title:\tk=v` then `\tk=v` per sorted key. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

// describe.go skipAnnotations: the last-applied configuration is never shown
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
// describe.go maxAnnotationLen
const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** describe.go printAnnotationsMultiline: `key: value`, long or multi-line values below the key. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n'))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${key}: ${value}\n`);
  });
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

// core/v1 taint.go Taint.ToString: key[=value]:effect
function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** describe.go printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined) {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...taints].sort((a, b) => {
    const ka = `${a.effect},${a.key}`;
    const kb = `${b.effect},${b.key}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/**
 * describe.go printTolerationsMultilineWithIndent: sorted by key;
 * `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`.
 */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // an Exists toleration without key and effect tolerates everything
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** describe.go printController: `Kind/name` of the controlling owner, '' if none. */
export function printController(meta: ObjectMeta): string {
  const ref = meta.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** metav1.IsControlledBy: the object's controller reference points at this uid. */
export function isControlledBy(obj: KubeObject, uid: string | undefined): boolean {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref !== undefined && ref.uid === uid;
}
