/**
 * Preload for a scale run that reports how much it allocated: `node --import tsx --import
 * ./bench/scale-alloc.ts bench/scale-run.ts <nodes> <pods> <budgetMs>`. V8's GC profiler
 * records the heap before and after each collection; what grew between collections was
 * allocated. Prints one JSON line at exit: { phase: 'alloc', allocMB, gcs, gcMs }.
 */
import { GCProfiler } from 'node:v8';

const profiler = new GCProfiler();
profiler.start();

process.on('exit', () => {
  const { statistics } = profiler.stop();
  let allocated = 0;
  let lastAfter = 0;
  let gcMs = 0;
  for (const gc of statistics) {
    allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - lastAfter);
    lastAfter = gc.afterGC.heapStatistics.usedHeapSize;
    gcMs += gc.cost / 1000;
  }
  allocated += Math.max(0, process.memoryUsage().heapUsed - lastAfter);
  const line = {
    phase: 'alloc',
    allocMB: Math.round(allocated / 1024 ** 2),
    gcs: statistics.length,
    gcMs: Math.round(gcMs),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
