import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

import { format } from 'prettier';

import { meets, TARGETS } from './targets';

/** One printed result row, as `npm run bench` writes it as a JSON line. */
export interface ResultRow {
  name: string;
  value: number;
  unit: string;
  target?: number;
  better?: 'higher' | 'lower';
  met?: boolean;
  [context: string]: unknown;
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews figures */
  load: number;
}

/** Where the latest result of every benchmark is kept, so a filtered run updates its rows. */
export const RESULTS_JSON = new URL('./results.json', import.meta.url);
export const RESULTS_MD = new URL('./RESULTS.md', import.meta.url);

/** The machine this run is on. */
export function machine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    load: Math.round(loadavg()[0] * 10) / 10,
  };
}

/** Adds the target (if any) and whether it is met to a benchmark's figure. */
export function withTarget(row: ResultRow): ResultRow {
  const target = TARGETS[row.name];
  if (!target || typeof row.target === 'number') return row;
  // a figure that was not measured (NaN) neither meets nor misses its target
  const met = Number.isFinite(row.value) ? meets(row.value, target) : undefined;
  return { ...row, target: target.value, better: target.better, met };
}

interface Stored {
  machine: Machine;
  rows: ResultRow[];
}

/** Merges this run's rows into the stored results (newer rows replace rows of the same name). */
export async function mergeResults(rows: ResultRow[], m: Machine): Promise<Stored> {
  const old: Stored | undefined = existsSync(RESULTS_JSON)
    ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Stored)
    : undefined;
  const byName = new Map((old?.rows ?? []).map((r) => [r.name, r]));
  for (const r of rows) byName.set(r.name, { ...r, date: m.date });
  const merged = {
    machine: m,
    rows: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  // written as prettier would, so `npm run format` stays clean after a bench run
  writeFileSync(RESULTS_JSON, await format(JSON.stringify(merged), { parser: 'json' }));
  return merged;
}

function fmt(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The Markdown report: machine, one table, then every missed target spelled out. */
export function renderMarkdown(stored: Stored): string {
  const { machine: m, rows } = stored;
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`npm run bench -- <filter>` reruns the matching benchmarks and',
    'updates only their rows). Wall-clock figures from one machine; rerun them on yours.',
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}; last run ${m.date}`,
    `with a 1-minute load average of ${m.load} at its start (other work on the machine slows every figure).`,
    '',
    '| benchmark | value | unit | target | met? | measured |',
    '| --- | ---: | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const target =
      r.target === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target)}`;
    const measured = typeof r.value === 'number' && Number.isFinite(r.value);
    const met = !measured ? 'not measured' : r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.name} | ${measured ? fmt(r.value) : '—'} | ${r.unit} | ${target} | ${met} | ${String(r.date ?? '')} |`,
    );
  }
  const missed = rows.filter((r) => r.met === false);
  lines.push('', '## Targets missed', '');
  if (missed.length === 0) lines.push('None.');
  for (const r of missed) {
    const note = typeof r.note === 'string' ? ` ${r.note}` : '';
    lines.push(
      `- **${r.name}**: ${fmt(r.value)} ${r.unit}, target ${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target!)}.${note}`,
    );
  }
  const unmeasured = rows.filter((r) => typeof r.value !== 'number' || !Number.isFinite(r.value));
  if (unmeasured.length) {
    lines.push('', '## Not measured', '');
    for (const r of unmeasured) lines.push(`- **${r.name}**: ${String(r.note ?? 'no figure')}`);
  }
  const notes = rows.filter(
    (r) => r.met !== false && !unmeasured.includes(r) && typeof r.note === 'string',
  );
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const r of notes) lines.push(`- ${r.name}: ${String(r.note)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes RESULTS.md from the stored results (prettier-formatted). */
export async function writeReport(stored: Stored): Promise<void> {
  writeFileSync(RESULTS_MD, await format(renderMarkdown(stored), { parser: 'markdown' }));
}
