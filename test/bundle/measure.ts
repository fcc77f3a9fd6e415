import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** What a built page loads before it runs: the entry script and its modulepreloads. */
export interface InitialJs {
  files: string[];
  /** gzip -9 bytes of those files, summed */
  gzipBytes: number;
  /** gzip bytes per source module in the initial chunks (rendered size, gzipped alone) */
  modules: { id: string; gzipBytes: number }[];
  /** the same, summed by area: an npm package, or src/<dir>/<dir> */
  areas: { area: string; gzipBytes: number }[];
}

/** The area a module belongs to: its npm package, or its first two folders under src/. */
export function areaOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1];
  const src = /(?:^|\/)(src\/[^/]+(?:\/[^/.]+(?=\/))?)/.exec(id);
  return src ? src[1] : id;
}

interface Chunk {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  modules?: Record<string, { code?: string | null; renderedLength?: number }>;
}

/** The scripts index.html loads at once: `<script type="module" src>` and `modulepreload`. */
export function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\.?\//, ''));
  return [...new Set(found)];
}

function gzip(text: string | Buffer): number {
  return gzipSync(text, { level: 9 }).length;
}

/**
 * Builds the page at `root` with Vite (the project's config when `configFile` is given, else
 * React only) into `outDir` and measures its initial JavaScript.
 */
export async function measureInitialJs(options: {
  root: string;
  outDir: string;
  configFile?: string;
}): Promise<InitialJs> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development builds
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const output = await build({
    mode: 'production',
    root: options.root,
    configFile: options.configFile ?? false,
    plugins: options.configFile ? [] : [react()],
    logLevel: 'error',
    base: './',
    build: {
      outDir: options.outDir,
      emptyOutDir: true,
      // no source maps: they are not loaded by the page and only slow the build
      sourcemap: false,
      target: 'es2022',
    },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv;
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap(
    (o) => (o as { output: Chunk[] }).output,
  );
  const html = readFileSync(join(options.outDir, 'index.html'), 'utf8');
  const files = initialScripts(html);
  const initial = chunks.filter((c) => c.type === 'chunk' && files.includes(c.fileName));
  const modules = initial
    .flatMap((c) => Object.entries(c.modules ?? {}))
    .map(([id, m]) => ({ id, gzipBytes: m.code ? gzip(m.code) : 0 }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const gzipBytes = files.reduce((sum, f) => sum + gzip(readFileSync(join(options.outDir, f))), 0);
  const byArea = new Map<string, number>();
  for (const m of modules) byArea.set(areaOf(m.id), (byArea.get(areaOf(m.id)) ?? 0) + m.gzipBytes);
  const areas = [...byArea]
    .map(([area, bytes]) => ({ area, gzipBytes: bytes }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files, gzipBytes, modules, areas };
}
