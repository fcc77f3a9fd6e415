import type { Page } from 'playwright-core';

import type { Benchmark, BenchResult } from './engine';
import { quantile, sharedBrowser, siteUrl } from './site';

const VIEWPORT = { width: 1280, height: 720 };
// How long each scenario's frames are sampled, in wall ms.
const SAMPLE_MS = 8_000;

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A fresh 1280×720 page on the built site (with `query` appended), ready for input. */
async function openPage(query = ''): Promise<Page> {
  const browser = await sharedBrowser();
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(`${await siteUrl()}${query}`);
  await page.locator('.machine').first().waitFor({ timeout: 30_000 });
  return page;
}

/**
 * requestAnimationFrame-to-requestAnimationFrame deltas over `ms` of wall time; while sampling,
 * `onFrame` runs in Node every ~250 ms (to press keys and keep the story going).
 */
async function sampleFrames(page: Page, ms: number, onTick?: () => Promise<void>) {
  // a string, not a function: tsx's helpers (__name) do not exist in the page
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__sampling = true;
    let last = 0;
    const loop = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__sampling) requestAnimationFrame(loop);
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(loop); });
  })()`);
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await page.waitForTimeout(250);
    await onTick?.();
  }
  return page.evaluate<number[]>('window.__sampling = false, window.__frames');
}

// One refresh of the 60 Hz display headless Chromium draws for.
const VSYNC_MS = 1000 / 60;

function frameResult(frames: number[], what: string, isolated: boolean): BenchResult {
  const p95 = round2(quantile(frames, 0.95));
  return {
    value: p95,
    unit: 'ms p95 frame time',
    p50: round2(quantile(frames, 0.5)),
    p95,
    max: round(Math.max(...frames)),
    frames: frames.length,
    // a frame that took longer than one refresh and a half missed at least one
    dropped: frames.filter((f) => f > 1.5 * VSYNC_MS).length,
    measured: `requestAnimationFrame deltas over ${SAMPLE_MS / 1000} s in headless Chromium at 1280×720, ${what}; clock ${isolated ? '5 µs (cross-origin isolated)' : '100 µs (not isolated: ±0.1 ms per frame)'}`,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Whether the page's clocks have their fine resolution (see ISOLATION_HEADERS in site.ts). */
function crossOriginIsolated(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('crossOriginIsolated');
}

/** Starts the create-pod walkthrough at `speed` and samples frames while pressing on through it. */
async function walkthroughFrames(speed: number): Promise<BenchResult> {
  const page = await openPage();
  try {
    await page.locator('#speed-select').selectOption(String(speed));
    await page.locator('body').press('n');
    await page.locator('#narration-title').waitFor({ timeout: 20_000 });
    const frames = await sampleFrames(page, SAMPLE_MS, async () => {
      // each step pauses at its end: go on to the next, as a presenter would
      if (await page.locator('.step-state.is-reached').count())
        await page.locator('body').press('n');
    });
    return frameResult(
      frames,
      `the create-pod walkthrough playing at ${speed}×`,
      await crossOriginIsolated(page),
    );
  } finally {
    await page.close();
  }
}

/** The Deployment's pods on the diagram's workers: the chips drawn plus the "+N" counts (the
 *  system pods a worker also runs are counted there too, a few at most). */
async function podsOnWorkers(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    let n = 0;
    for (const el of document.querySelectorAll('.react-flow__node-pod'))
      if (el.getAttribute('data-id')?.startsWith('pod/default/')) n += 1;
    for (const el of document.querySelectorAll('.react-flow__node-morePods')) {
      const m = /^(\\d+) more pods on worker-/.exec(el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '');
      if (m) n += Number(m[1]);
    }
    return n;
  })()`);
}

/** A 10-worker cluster (?workers=10) creating and running 300 pods (a Deployment of 300 applied
 *  through the page's kubectl), playing at 1×. */
async function busyClusterFrames(): Promise<BenchResult> {
  const page = await openPage('?workers=10');
  try {
    const workers = await page.locator('.machine.role-worker').count();
    if (workers !== 10) {
      return {
        value: Number.NaN,
        unit: 'ms p95 frame time',
        note: `not measured: the page shows ${workers} workers for ?workers=10`,
      };
    }
    const input = page.getByLabel('kubectl command');
    await input.fill('create deployment load --image=nginx --replicas=300');
    await input.press('Enter');
    // let the pods start landing before sampling (the view plays the story at 1×)
    await page.waitForTimeout(5_000);
    const frames = await sampleFrames(page, SAMPLE_MS);
    return {
      ...frameResult(
        frames,
        'a 10-worker cluster creating and running a Deployment of 300 pods at 1×',
        await crossOriginIsolated(page),
      ),
      podsOnDiagram: await podsOnWorkers(page),
    };
  } finally {
    await page.close();
  }
}

/**
 * Wall ms from navigation until the diagram shows the cluster and the terminal takes typing
 * (a typed command echoes in its input), plus the first contentful paint; median of 3.
 */
async function timeToInteractive(): Promise<BenchResult[]> {
  const browser = await sharedBrowser();
  const url = await siteUrl();
  const runs: { interactive: number; fcp: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url);
    await page.locator('.machine.role-worker').first().waitFor({ timeout: 30_000 });
    const input = page.getByLabel('kubectl command');
    await input.pressSequentially('get nodes');
    await page.waitForFunction(
      "document.querySelector('#kubectl-input')?.value === 'get nodes'",
      undefined,
      { timeout: 30_000 },
    );
    const interactive = Date.now() - t0;
    const fcp = await page.evaluate<number>(
      "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN",
    );
    runs.push({ interactive, fcp });
    await context.close();
  }
  const median = (xs: number[]) => quantile(xs, 0.5);
  return [
    {
      metric: 'interactive',
      value: median(runs.map((r) => r.interactive)),
      unit: 'ms (median of 3)',
      runs: runs.map((r) => r.interactive),
      measured:
        'navigation until the diagram shows the workers and typing echoes in the kubectl input; vite preview on localhost, fresh context each run',
    },
    {
      metric: 'first-contentful-paint',
      value: round(median(runs.map((r) => r.fcp))),
      unit: 'ms (median of 3)',
      runs: runs.map((r) => round(r.fcp)),
    },
  ];
}

export const uiBenchmarks: Benchmark[] = [
  { name: 'ui.frames.walkthrough-1x', run: () => walkthroughFrames(1) },
  { name: 'ui.frames.walkthrough-10x', run: () => walkthroughFrames(10) },
  { name: 'ui.frames.10-workers-30-pods', run: busyClusterFrames },
  { name: 'ui.time-to', run: timeToInteractive },
];
