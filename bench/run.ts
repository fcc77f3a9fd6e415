/**
 * `npm run bench [filter...]`: every benchmark whose name contains a filter (all without one),
 * printed as JSON lines ({ name, value, unit, target?, met?, ...context }); the latest result
 * of each is kept in bench/results.json and summarised in bench/RESULTS.md.
 */
import { engineBenchmarks } from './engine';
import type { Benchmark, BenchResult } from './engine';
import { lighthouseBenchmarks } from './lighthouse';
import { networkBenchmarks } from './network';
import { nodeBenchmarks } from './node';
import type { ResultRow } from './report';
import { machine, mergeResults, withTarget, writeReport } from './report';
import { scaleBenchmarks } from './scale';
import { schedulerBenchmarks } from './scheduler';
import { storeBenchmarks } from './store';
import { uiBenchmarks } from './ui';

const all: Benchmark[] = [
  ...engineBenchmarks,
  ...networkBenchmarks,
  ...schedulerBenchmarks,
  ...nodeBenchmarks,
  ...scaleBenchmarks,
  ...storeBenchmarks,
  ...uiBenchmarks,
  ...lighthouseBenchmarks,
];

function rowsOf(bench: Benchmark, out: BenchResult | BenchResult[]): ResultRow[] {
  const list = Array.isArray(out) ? out : [out];
  return list.map(({ metric, ...r }) =>
    withTarget({ name: metric ? `${bench.name}.${metric}` : bench.name, ...r }),
  );
}

// ANSI colours and everything after the first line of an error, for a one-line note.
function firstLine(e: unknown): string {
  // eslint-disable-next-line no-control-regex
  const plain = String(e).replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').find((l) => l.trim() && !/^Error: Build failed/.test(l)) ?? plain;
}

async function main(): Promise<void> {
  const selected = process.argv.slice(2);
  const rows: ResultRow[] = [];
  for (const bench of all) {
    if (selected.length > 0 && !selected.some((s) => bench.name.includes(s))) continue;
    let out: BenchResult | BenchResult[];
    try {
      out = await bench.run();
    } catch (e) {
      // a benchmark that cannot run is reported, not hidden: NaN with the reason
      out = { value: Number.NaN, unit: 'not measured', note: `did not run: ${firstLine(e)}` };
    }
    for (const row of rowsOf(bench, out)) {
      rows.push(row);
      process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  }
  if (rows.length > 0) await writeReport(await mergeResults(rows, machine()));
  const { closeSite } = await import('./site');
  await closeSite();
}

await main();
