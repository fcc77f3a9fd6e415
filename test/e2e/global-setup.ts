import type { TestProject } from 'vitest/node';
import { rm } from 'node:fs/promises';

import { build, preview } from 'vite';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the site once and serves it with `vite preview` for the browser tests. */
export default async function setup(project: TestProject) {
  // one folder per run, so runs side by side do not rebuild each other's site
  const outDir = `.tmp/e2e-dist-${process.pid}`;
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
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
