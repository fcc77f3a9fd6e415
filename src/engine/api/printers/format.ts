// Small cell formatters shared by the printers (pkg/printers/internalversion/printers.go).
import type { Container } from 'kubernetes-types/core/v1';

/** layoutContainerCells: container names and images, each joined by commas. */
export function layoutContainerCells(
  containers: readonly Container[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: up to `max` items, then ` + N more...`; `<unset>` when empty. */
export function listWithMoreString(
  list: string[],
  more: boolean,
  count: number,
  max: number,
): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** net.JoinHostPort: brackets around IPv6 hosts. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printBool / printBoolPtr: True, False or <unset>. */
export function printBoolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** intstr.IntOrString.String(). */
export function intOrStringString(v: number | string): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : v;
}

/** Parses the group out of an apiVersion: `apps/v1` → `apps`, `v1` → ''. */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Go's time.RFC3339 rendering of a timestamp in UTC (no fractional seconds). */
export function rfc3339(timestamp: string | undefined): string {
  // A zero metav1.Time formats as Go's zero time.
  if (!timestamp) return '0001-01-01T00:00:00Z';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return timestamp;
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
