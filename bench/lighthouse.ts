import { mkdir, readFile, writeFile } from 'node:fs/promises';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

import { chromiumPath } from '../test/e2e/support/browser';
import type { Benchmark, BenchResult } from './engine';
import { quantile, siteUrl } from './site';

const RUNS = 3;
// every run's full report, to read the failing audits behind a score
const REPORT_DIR = 'bench/.out/lighthouse';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  tbt: number;
  tbtCpu: number;
  longestTaskCpu: number;
  lcp: number;
  lcpElement?: string;
  load: number;
  cls: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { isLoadingMainFrame?: boolean; documentLoaderURL?: string } };
}

/**
 * The page's main-thread tasks over Lighthouse's window (first contentful paint to time to
 * interactive) counted in CPU time rather than wall time: on a machine busy with other work, a
 * task that waits for a core counts as blocking in wall time; this is what the page itself
 * costs. Total blocking time so counted, and the longest task.
 */
function cpuTasks(
  events: readonly TraceEvent[],
  fcpMs: number,
  ttiMs: number,
): { blocking: number; longest: number } {
  const nav = events.find(
    (e) =>
      e.name === 'navigationStart' &&
      e.args?.data?.isLoadingMainFrame &&
      e.args.data.documentLoaderURL?.startsWith('http'),
  );
  if (!nav || !events.some((e) => e.tdur !== undefined))
    return { blocking: Number.NaN, longest: Number.NaN };
  const [from, to] = [nav.ts + fcpMs * 1000, nav.ts + ttiMs * 1000];
  const cpuMs = events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === nav.pid && e.tid === nav.tid)
    .filter((e) => e.ts >= from && e.ts < to)
    .map((e) => (e.tdur ?? 0) / 1000);
  return {
    // a long task is one over 50 ms; what it runs past 50 ms blocks (Lighthouse's definition)
    blocking: cpuMs.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0),
    longest: Math.max(0, ...cpuMs),
  };
}

/** The 1-minute load average (Linux), so a run's figures can be read against the machine's
 *  other work. */
async function loadAverage(): Promise<number> {
  const text = await readFile('/proc/loadavg', 'utf8').catch(() => '');
  return Number(text.split(' ')[0] || Number.NaN);
}

/** The largest contentful paint's element, as a CSS selector (the audit's first table). */
function lcpElementOf(details: unknown): string | undefined {
  const tables = (details as { items?: { items?: { node?: { selector?: string } }[] }[] })?.items;
  return tables?.[0]?.items?.[0]?.node?.selector;
}

/** One Lighthouse run (desktop preset) against `url` in a fresh headless Chromium. */
async function lighthouseRun(url: string, index: number): Promise<Run> {
  const load = await loadAverage();
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath(),
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES] },
      desktopConfig,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    await mkdir(REPORT_DIR, { recursive: true });
    await writeFile(`${REPORT_DIR}/run-${index + 1}.json`, JSON.stringify(result.lhr));
    const { categories, audits } = result.lhr;
    const cpu = cpuTasks(
      (result.artifacts.Trace?.traceEvents ?? []) as TraceEvent[],
      audits['first-contentful-paint']?.numericValue ?? Number.NaN,
      audits['interactive']?.numericValue ?? Number.NaN,
    );
    const score = (c: string) => Math.round((categories[c]?.score ?? Number.NaN) * 100);
    return {
      scores: {
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
      },
      tbt: audits['total-blocking-time']?.numericValue ?? Number.NaN,
      tbtCpu: cpu.blocking,
      longestTaskCpu: cpu.longest,
      lcp: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
      lcpElement: lcpElementOf(audits['largest-contentful-paint-element']?.details),
      load,
      cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    };
  } finally {
    chrome.kill();
  }
}

/** Medians of 3 Lighthouse runs: the three category scores, TBT, LCP and CLS (each run's
 *  report is kept under bench/.out/lighthouse). */
async function lighthouseMedians(): Promise<BenchResult[]> {
  const url = await siteUrl();
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await lighthouseRun(url, i));
  const median = (pick: (r: Run) => number) => quantile(runs.map(pick), 0.5);
  const loads = runs.map((r) => r.load.toFixed(1)).join(', ');
  const measured = `median of ${RUNS} Lighthouse ${'12'} runs, desktop preset, vite preview on localhost, load average ${loads}`;
  return [
    ...CATEGORIES.map((c) => ({
      metric: c,
      value: median((r) => r.scores[c]),
      unit: 'score',
      runs: runs.map((r) => r.scores[c]),
      measured,
    })),
    {
      metric: 'total-blocking-time',
      value: Math.round(median((r) => r.tbt)),
      unit: 'ms',
      measured,
    },
    {
      metric: 'total-blocking-time-cpu',
      value: Math.round(median((r) => r.tbtCpu)),
      unit: 'ms',
      note: 'the same window counted in main-thread CPU time: what the page costs without waiting for a core on a busy machine',
      measured,
    },
    {
      metric: 'longest-task-cpu',
      value: Math.round(median((r) => r.longestTaskCpu)),
      unit: 'ms',
      note: 'the longest main-thread task in the same window, in CPU time: a task over 50 ms wall on a busy machine is one whose CPU time is a share of that',
      measured,
    },
    {
      metric: 'largest-contentful-paint',
      value: Math.round(median((r) => r.lcp)),
      unit: 'ms',
      // none named: the element was replaced after it painted (the first paint's stand-in)
      element: [...new Set(runs.map((r) => r.lcpElement ?? 'replaced since'))].join(' | '),
      measured,
    },
    {
      metric: 'cumulative-layout-shift',
      value: Math.round(median((r) => r.cls) * 1000) / 1000,
      unit: '',
      measured,
    },
  ];
}

export const lighthouseBenchmarks: Benchmark[] = [{ name: 'lighthouse', run: lighthouseMedians }];
