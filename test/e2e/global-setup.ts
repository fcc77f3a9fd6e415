import type { TestProject } from 'vitest/node';
import { rm } from 'node:fs/promises';

import { build, preview } from 'vite';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the site once, as `npm run build` does, and serves it with `vite preview` for the
 *  browser tests. */
export default async function setup(project: TestProject) {
  // one folder per run, so runs side by side do not rebuild each other's site
  const outDir = `.tmp/e2e-dist-${process.pid}`;
  // vitest sets NODE_ENV=test, which Vite would follow (import.meta.env.PROD false, React's
  // development build, no service worker): build for production like `npm run build`
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await rm(outDir, { recursive: true, force: true });
  };
}
