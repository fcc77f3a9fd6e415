// -o yaml and -o json as kubectl prints them: sigs.k8s.io/yaml (go-yaml v2 with sorted keys,
// sequences not indented, 80-column folding) and encoding/json MarshalIndent (4 spaces,
// sorted map keys, HTML characters escaped).
import { Document, isScalar, visit } from 'yaml';

// go-yaml v2 sorts map keys with keyList.Less: letters compare by rune, a non-letter sorts
// before a letter, runs of digits compare as numbers.
function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** yaml.v2 keyList.Less for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

// Plain scalars go-yaml v2 would read back as something other than a string (YAML 1.1
// booleans, null, numbers, timestamps): it double-quotes those.
const YAML11_SPECIAL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

/** A copy of `v` with its map keys in the order toYaml writes them (what parsing its YAML gives). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) =>
      goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0,
    );
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** An object as `kubectl get -o yaml` prints it (always newline-terminated). */
export function toYaml(value: unknown): string {
  const doc = new Document(sortKeys(value));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') {
        if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
        else if (YAML11_SPECIAL.test(node.value) || node.value === '') node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  void isScalar;
  return doc.toString({
    indentSeq: false,
    singleQuote: true,
    lineWidth: 80,
    minContentWidth: 0,
    nullStr: 'null',
  });
}

function sortJsonKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortJsonKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortJsonKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** An object as `kubectl get -o json` prints it (always newline-terminated). */
export function toJson(value: unknown): string {
  const text = JSON.stringify(sortJsonKeys(value), null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return text + '\n';
}
