import { hexToDecimal } from '../ids';
import type { KeyValue, ResponseHeader } from '../protocol';
import { encodeBase64 } from '../../util/base64';

/** go-humanize Bytes (SI units), as etcdctl prints DB SIZE: 20480 → "20 kB". */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  // Go's %.0f rounds halves to even (20.5 → "20")
  const whole =
    Math.abs(val - Math.trunc(val) - 0.5) < 1e-9 ? 2 * Math.round(val / 2) : Math.round(val);
  return `${val < 10 ? val.toFixed(1) : String(whole)} ${units[e]}`;
}

/** A Go time.Duration string for whole virtual milliseconds: 0s, 2ms, 1.5s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  return `${ms / 1000}s`;
}

/**
 * olekukonko/tablewriter as etcdctl configures it (printer_table.go): headers centred,
 * cells right-aligned, one space of padding, `+---+` borders.
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  const center = (s: string, w: number) => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const right = (s: string, w: number) => `${' '.repeat(w - s.length - 1)}${s} `;
  const out = [line, `|${header.map((h, i) => center(h, widths[i])).join('|')}|`, line];
  for (const r of rows) out.push(`|${r.map((c, i) => right(c, widths[i])).join('|')}|`);
  out.push(line);
  return out.join('\n') + '\n';
}

/** A uint64 printed as a bare JSON number (beyond JavaScript's safe integers). */
export class RawNumber {
  constructor(readonly digits: string) {}
}

/** JSON as Go's encoding/json writes etcd's protobuf structs: big ids as bare numbers. */
export function goJson(value: unknown): string {
  const marked = JSON.stringify(value, (_k, v) => (v instanceof RawNumber ? `@@${v.digits}@@` : v));
  return marked.replace(/"@@(\d+)@@"/g, '$1');
}

const b64 = (s: string) => encodeBase64(s);

/** etcdserverpb.ResponseHeader in JSON (zero fields omitted, as proto3 does). */
export function headerJson(h: ResponseHeader, withRevision = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    cluster_id: new RawNumber(hexToDecimal(h.clusterId)),
    member_id: new RawNumber(hexToDecimal(h.memberId)),
  };
  if (withRevision && h.revision) out.revision = h.revision;
  if (h.raftTerm) out.raft_term = h.raftTerm;
  return out;
}

/** mvccpb.KeyValue in JSON: key and value base64, zero fields omitted. */
export function kvJson(kv: KeyValue): Record<string, unknown> {
  const out: Record<string, unknown> = { key: b64(kv.key) };
  if (kv.createRevision) out.create_revision = kv.createRevision;
  if (kv.modRevision) out.mod_revision = kv.modRevision;
  if (kv.version) out.version = kv.version;
  if (kv.value) out.value = b64(kv.value);
  if (kv.lease) out.lease = kv.lease;
  return out;
}

/**
 * etcdctl get -w fields (etcdctl/ctlv3/command/printer_fields.go): the header, each key's
 * fields as `"Name" : value` lines (key and value Go-quoted), then More and Count.
 */
export function getFields(h: ResponseHeader, kvs: KeyValue[], more: boolean, count: number) {
  const lines = [
    `"ClusterID" : ${hexToDecimal(h.clusterId)}`,
    `"MemberID" : ${hexToDecimal(h.memberId)}`,
  ];
  // printer_fields.go hides Revision when it is 0 (responses without a store revision)
  if (h.revision > 0) lines.push(`"Revision" : ${h.revision}`);
  lines.push(`"RaftTerm" : ${h.raftTerm}`);
  for (const kv of kvs)
    lines.push(
      `"Key" : ${JSON.stringify(kv.key)}`,
      `"CreateRevision" : ${kv.createRevision}`,
      `"ModRevision" : ${kv.modRevision}`,
      `"Version" : ${kv.version}`,
      `"Value" : ${JSON.stringify(kv.value)}`,
      `"Lease" : ${kv.lease}`,
    );
  lines.push(`"More" : ${more}`, `"Count" : ${count}`);
  return lines.join('\n') + '\n';
}
