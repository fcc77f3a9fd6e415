import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';

import type { Browser } from 'playwright-core';

import { launchBrowser } from '../test/e2e/support/browser';

const OUT_DIR = 'bench/.out/site';

// Cross-origin isolation: the page's clocks (performance.now, requestAnimationFrame's timestamp)
// then tick in 5 µs steps instead of 100 µs, so a 16.667 ms frame does not read as 16.6 or 16.8
// (https://developer.mozilla.org/en-US/docs/Web/API/Performance/now#security_requirements).
// The page fetches nothing from another origin, so require-corp changes nothing else.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

let server: PreviewServer | undefined;
let serving: Promise<string> | undefined;
let browser: Browser | undefined;

async function buildAndServe(): Promise<string> {
  await build({ logLevel: 'error', build: { outDir: OUT_DIR, emptyOutDir: true } });
  server = await preview({
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, headers: ISOLATION_HEADERS },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return url;
}

/**
 * Builds the site once per `npm run bench` and serves it with `vite preview`; returns its URL
 * (a failed build fails every browser benchmark of the run, without building again).
 */
export function siteUrl(): Promise<string> {
  serving ??= buildAndServe();
  return serving;
}

/** One headless Chromium shared by the browser benchmarks. */
export async function sharedBrowser(): Promise<Browser> {
  browser ??= await launchBrowser();
  return browser;
}

/** Closes what the browser benchmarks opened (no-op when none ran). */
export async function closeSite(): Promise<void> {
  await browser?.close();
  browser = undefined;
  if (server) {
    const s = server;
    server = undefined;
    await new Promise<void>((resolve) => s.httpServer.close(() => resolve()));
  }
}

/** The value at quantile `q` (0..1) of `xs`, nearest rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
