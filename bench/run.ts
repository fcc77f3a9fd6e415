/**
 * `npm run bench`: engine benchmarks, printed as JSON lines
 * ({ name, value, unit, ...context }). Figures are wall-clock measurements on this machine.
 */
import { engineBenchmarks } from './engine';
import { nodeBenchmarks } from './node';
import { schedulerBenchmarks } from './scheduler';
import { networkBenchmarks } from './network';

const selected = process.argv.slice(2);
for (const bench of [
  ...engineBenchmarks,
  ...networkBenchmarks,
  ...schedulerBenchmarks,
  ...nodeBenchmarks,
]) {
  if (selected.length > 0 && !selected.some((s) => bench.name.includes(s))) continue;
  const result = bench.run();
  process.stdout.write(`${JSON.stringify({ name: bench.name, ...result })}\n`);
}
