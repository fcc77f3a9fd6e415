// Kubernetes resource quantities (apimachinery pkg/api/resource/quantity.go): exact parsing,
// arithmetic and the canonical String() form, on exact decimals (bigint mantissa × 10^scale).

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An exact quantity: mantissa × 10^scale, with the format it was written in. */
export interface Quantity {
  readonly mantissa: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** the original text, kept when it is already canonical (as upstream caches it) */
  readonly text?: string;
}

// quantity.go splitREString and its three parse errors
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/** Thrown for text that is not a quantity; the message is upstream's. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const DEC_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_ALLOWED = 2n ** 63n - 1n; // quantity.go maxAllowed: math.MaxInt64
const NANO = -9;

interface Parts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

// parseQuantityString: sign, numerator (leading zeros dropped), '.', denominator, suffix
function splitQuantity(str: string): Parts {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

// suffixer.interpret: returns base, exponent and format, or undefined
function interpretSuffix(
  suffix: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (suffix in DEC_SUFFIXES)
    return { base: 10, exponent: DEC_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BIN_SUFFIXES)
    return { base: 2, exponent: BIN_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    if (!/^[+-]?[0-9]+$/.test(suffix.slice(1))) return undefined;
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  return undefined;
}

/**
 * Parses a quantity exactly as ParseQuantity does: `100m`, `0.5`, `128Mi`, `1G`, `1e3`. Values
 * finer than 1n round up; magnitudes above 2^63-1 are capped. Throws QuantityError.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  if (str === '0') return { mantissa: 0n, scale: 0, format: 'DecimalSI', text: '0' };
  const { positive, num, denom, suffix } = splitQuantity(str);
  const sfx = interpretSuffix(suffix);
  if (!sfx) throw new QuantityError(ERR_SUFFIX);
  const { base, exponent } = sfx;
  let { format } = sfx;

  let mantissa = BigInt(num + denom);
  let scale = -denom.length;
  if (base === 10) scale += exponent;
  else mantissa *= 2n ** BigInt(exponent);
  // round the magnitude up to nano, then cap it
  if (scale < NANO) {
    const div = 10n ** BigInt(NANO - scale);
    mantissa = mantissa / div + (mantissa % div === 0n ? 0n : 1n);
    scale = NANO;
  }
  const limit = scale >= 0 ? MAX_ALLOWED : MAX_ALLOWED * 10n ** BigInt(-scale);
  if ((scale >= 0 ? mantissa * 10n ** BigInt(scale) : mantissa) > limit) {
    mantissa = MAX_ALLOWED;
    scale = 0;
  }
  if (format === 'BinarySI' && mantissa > 0n && cmpAbsToOne(mantissa, scale) < 0)
    format = 'DecimalSI';
  const signed = positive ? mantissa : -mantissa;
  const q: Quantity = { mantissa: signed, scale, format };
  return keepsText(num, denom, base, exponent, format) ? { ...q, text: str } : q;
}

/** Like parseQuantity, but undefined instead of throwing. */
export function tryParseQuantity(str: string): Quantity | undefined {
  try {
    return parseQuantity(str);
  } catch {
    return undefined;
  }
}

function cmpAbsToOne(mantissa: bigint, scale: number): number {
  if (scale >= 0) return mantissa * 10n ** BigInt(scale) < 1n ? -1 : 1;
  const one = 10n ** BigInt(-scale);
  return mantissa < one ? -1 : mantissa === one ? 0 : 1;
}

// The fast path of ParseQuantity keeps the caller's text when it is already canonical.
function keepsText(
  num: string,
  denom: string,
  base: 2 | 10,
  exponent: number,
  format: QuantityFormat,
): boolean {
  const shifted = num + denom;
  if (base === 10) {
    const precision = 18 - (num.length + denom.length);
    const scale = exponent - denom.length;
    if (precision < 0 || scale < NANO) return false;
    return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  }
  if (format !== 'BinarySI' || denom.length > 0) return false;
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  if (precision < 0) return false;
  const value = BigInt(num);
  if (value * 2n ** BigInt(exponent) > MAX_ALLOWED) return false;
  return exponent % 10 === 0 && (value & 7n) !== 0n;
}

function removeFactors(value: bigint, factor: bigint): [bigint, number] {
  let times = 0;
  if (value === 0n) return [value, 0];
  while (value % factor === 0n) {
    value /= factor;
    times++;
  }
  return [value, times];
}

/** Whether the quantity is an integer (no fractional part). */
function integerValue(q: Quantity): bigint | undefined {
  if (q.scale >= 0) return q.mantissa * 10n ** BigInt(q.scale);
  const div = 10n ** BigInt(-q.scale);
  return q.mantissa % div === 0n ? q.mantissa / div : undefined;
}

const DEC_BY_EXPONENT = new Map(Object.entries(DEC_SUFFIXES).map(([k, v]) => [v, k]));
const BIN_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantity.String(): `500m`, `1500m`, `2k`, `1Gi`, `1536Mi`, `1e3`, `0`. */
export function quantityString(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  let integer: bigint | undefined;
  if (format === 'BinarySI') {
    integer = integerValue(q);
    // CanonicalizeBytes: small or fractional binary values print as DecimalSI
    if (integer === undefined || (integer > -1024n && integer < 1024n)) format = 'DecimalSI';
  }
  if (format === 'BinarySI' && integer !== undefined) {
    const [amount, times] = removeFactors(integer, 1024n);
    return `${amount}${BIN_BY_POWER[times]}`;
  }
  const [stripped, times] = removeFactors(q.mantissa, 10n);
  let amount = stripped;
  let exponent = q.scale + times;
  while (((exponent % 3) + 3) % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  return `${amount}${DEC_BY_EXPONENT.get(exponent) ?? ''}`;
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [
    a.mantissa * 10n ** BigInt(a.scale - scale),
    b.mantissa * 10n ** BigInt(b.scale - scale),
    scale,
  ];
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function cmpQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b, in a's format (b's if a is zero), as Quantity.Add. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  return { mantissa: x + y, scale, format: a.mantissa === 0n ? b.format : a.format };
}

/** a - b, in a's format (b's if a is zero), as Quantity.Sub. */
export function subQuantity(a: Quantity, b: Quantity): Quantity {
  return addQuantity(a, { ...b, mantissa: -b.mantissa, text: undefined });
}

// ScaledValue rounds away from zero (inf.RoundUp / int64Amount.AsScale)
function scaled(q: Quantity, scale: number): bigint {
  if (q.scale >= scale) return q.mantissa * 10n ** BigInt(q.scale - scale);
  const div = 10n ** BigInt(scale - q.scale);
  const quotient = q.mantissa / div;
  if (q.mantissa % div === 0n) return quotient;
  return q.mantissa > 0n ? quotient + 1n : quotient - 1n;
}

/** MilliValue(): the value × 1000, rounded up; `100m` → 100, `1` → 1000. */
export function milliValue(q: Quantity): number {
  return Number(scaled(q, -3));
}

/** Value(): the integer value, rounded up; `128Mi` → 134217728, `100m` → 1. */
export function integerValueOf(q: Quantity): number {
  return Number(scaled(q, 0));
}

/** NewMilliQuantity(milli, format). */
export function fromMilli(milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { mantissa: BigInt(milli), scale: -3, format };
}

/** NewQuantity(value, format); `fromValue(1024 ** 3, 'BinarySI')` prints `1Gi`. */
export function fromValue(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { mantissa: BigInt(value), scale: 0, format };
}

/** RoundUp(milli scale), as SetDefaults_ResourceList applies to every resource value. */
export function roundUpToMilli(q: Quantity): Quantity {
  if (q.scale >= -3) return q;
  return { mantissa: scaled(q, -3), scale: -3, format: q.format };
}

/** Parses and returns milli-units, e.g. cpu: `parseMilli('250m')` → 250. Throws QuantityError. */
export function parseMilli(str: string): number {
  return milliValue(parseQuantity(str));
}

/** Parses and returns the integer value, e.g. memory: `parseValue('1Gi')` → 1073741824. */
export function parseValue(str: string): number {
  return integerValueOf(parseQuantity(str));
}

/**
 * What a quantity reads as after a round trip through the apiserver: `0.5` → `500m`,
 * `1000m` → `1`, `100m` → `100m`. Throws QuantityError.
 */
export function normalizeQuantity(str: string): string {
  return quantityString(parseQuantity(str));
}
