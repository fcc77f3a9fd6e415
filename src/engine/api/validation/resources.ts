// Container resource requirements (kubernetes pkg/apis/core/validation ValidateResourceRequirements).
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { invalid } from '../field';
import type { FieldError, Path } from '../field';
import { ERR_FORMAT_WRONG, cmpQuantity, quantityString, tryParseQuantity } from '../quantity';
import type { Quantity } from '../quantity';
import { isQualifiedName } from './names';
import { IS_NEGATIVE } from './objectmeta';

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
// helper.IsOvercommitAllowed: only standard, non-hugepages resources may request below limit
const overcommitAllowed = (name: string): boolean => STANDARD_CONTAINER_RESOURCES.includes(name);
const isExtended = (name: string): boolean =>
  name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');

function validateResourceName(name: string, path: Path): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name))
    return [invalid(path, name, 'must be a standard resource for containers')];
  return [];
}

// Unparseable text never reaches validation upstream (decoding fails with a 400 first);
// here it is reported as an Invalid value with the parser's message.
function parse(text: unknown): Quantity | undefined {
  return typeof text === 'string' || typeof text === 'number'
    ? tryParseQuantity(String(text))
    : undefined;
}

/** Limits and requests: names, quantities, and requests ≤ limits (= for extended resources). */
export function validateResourceRequirements(
  req: ResourceRequirements | undefined,
  path: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const limits = new Map<string, Quantity>();
  const check = (
    list: Record<string, unknown> | undefined,
    base: Path,
    into?: Map<string, Quantity>,
  ) => {
    const parsed = new Map<string, Quantity>();
    for (const name of Object.keys(list ?? {}).sort()) {
      const p = base.key(name);
      errs.push(...validateResourceName(name, p));
      const q = parse(list![name]);
      if (!q) {
        errs.push(invalid(p, list![name], ERR_FORMAT_WRONG));
        continue;
      }
      // ValidateResourceQuantityValue: non-negative, whole numbers for extended resources
      if (q.mantissa < 0n) errs.push(invalid(p, quantityString(q), IS_NEGATIVE));
      if (isExtended(name) || isHugePages(name)) {
        if (q.scale < 0 && q.mantissa % 10n ** BigInt(-q.scale) !== 0n)
          errs.push(invalid(p, quantityString(q), 'must be an integer'));
      }
      parsed.set(name, q);
      into?.set(name, q);
    }
    return parsed;
  };
  check(req?.limits as Record<string, unknown> | undefined, limPath, limits);
  const requests = check(req?.requests as Record<string, unknown> | undefined, reqPath);
  for (const [name, q] of requests) {
    const limit = limits.get(name);
    if (!limit) continue;
    const c = cmpQuantity(q, limit);
    if (c !== 0 && !overcommitAllowed(name)) {
      errs.push(
        invalid(
          reqPath,
          quantityString(q),
          `must be equal to ${name} limit of ${quantityString(limit)}`,
        ),
      );
    } else if (c > 0) {
      errs.push(
        invalid(
          reqPath,
          quantityString(q),
          `must be less than or equal to ${name} limit of ${quantityString(limit)}`,
        ),
      );
    }
  }
  return errs;
}
