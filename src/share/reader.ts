// Reading untrusted JSON (a link anyone can craft): every field is checked and copied into a
// fresh object, so nothing unexpected (extra keys, `__proto__`) reaches the simulation.

/** Why a value was refused, with the path to it (`actions[3].fault.op`). */
export class Refusal extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain object's own fields, refusing anything else and keys that could pollute prototypes. */
export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Refusal(`${path} is not an object`);
  for (const key of Object.keys(value))
    if (FORBIDDEN_KEYS.has(key)) throw new Refusal(`${path} has a forbidden key "${key}"`);
  return value as Record<string, unknown>;
}

/** An array of at most `max` items. */
export function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new Refusal(`${path} is not a list`);
  if (value.length > max) throw new Refusal(`${path} has more than ${max} items`);
  return value;
}

/** A string of at most `max` characters, optionally matching `check` (which returns errors). */
export function text(
  value: unknown,
  path: string,
  max: number,
  check?: (s: string) => string[] | boolean,
): string {
  if (typeof value !== 'string') throw new Refusal(`${path} is not a string`);
  if (value.length > max) throw new Refusal(`${path} is longer than ${max} characters`);
  if (check) {
    const verdict = check(value);
    if (verdict === false || (Array.isArray(verdict) && verdict.length > 0))
      throw new Refusal(`${path} is not valid`);
  }
  return value;
}

/** A finite number within [min, max]; `integer` refuses fractions. */
export function number(
  value: unknown,
  path: string,
  min: number,
  max: number,
  integer = false,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Refusal(`${path} is not a number`);
  if (integer && !Number.isInteger(value)) throw new Refusal(`${path} is not a whole number`);
  if (value < min || value > max) throw new Refusal(`${path} is not between ${min} and ${max}`);
  return value;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new Refusal(`${path} is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** How deeply arrays and objects nest (stops counting past `limit`). */
export function depthOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return 1 + deepest;
}
