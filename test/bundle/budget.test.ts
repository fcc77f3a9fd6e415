import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { InitialJs } from './measure';
import { areaOf, initialScripts, measureInitialJs } from './measure';

// issue 8: the initial JavaScript stays within 1.15× of what the stack alone costs
const BUDGET_RATIO = 1.15;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = (name: string) => `${ROOT}.tmp/bundle-${name}-${process.pid}`;

afterAll(async () => {
  await rm(out('floor'), { recursive: true, force: true });
  await rm(out('app'), { recursive: true, force: true });
});

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** The heaviest areas of the initial chunks (modules gzipped one by one, summed). */
function heaviest(js: InitialJs, n = 15): string {
  return js.areas
    .slice(0, n)
    .map((a) => `  ${kB(a.gzipBytes).padStart(9)}  ${a.area}`)
    .join('\n');
}

describe('initial scripts of a built page', () => {
  it('are the module entry and its modulepreloads, each once', () => {
    const html =
      '<script type="module" crossorigin src="./assets/index-a1.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/vendor-b2.js">' +
      '<link rel="modulepreload" href="./assets/index-a1.js">' +
      '<link rel="stylesheet" href="./assets/index.css">';
    expect(initialScripts(html)).toEqual(['assets/index-a1.js', 'assets/vendor-b2.js']);
  });

  it('are grouped by npm package, or by their first folders under src', () => {
    expect(areaOf('/w/node_modules/@xyflow/react/dist/esm/index.js')).toBe('@xyflow/react');
    expect(areaOf('/w/node_modules/react-dom/cjs/react-dom-client.production.js')).toBe(
      'react-dom',
    );
    expect(areaOf('/w/src/engine/apiserver/handlers/update.ts')).toBe('src/engine/apiserver');
    expect(areaOf('/w/src/App.tsx')).toBe('src/App.tsx');
    expect(areaOf('/w/src/ui/Diagram.tsx')).toBe('src/ui');
  });
});

describe('the bundle budget', () => {
  let floor: InitialJs;
  let app: InitialJs;
  beforeAll(async () => {
    floor = await measureInitialJs({ root: `${ROOT}test/bundle/floor`, outDir: out('floor') });
    app = await measureInitialJs({
      root: ROOT,
      outDir: out('app'),
      configFile: `${ROOT}vite.config.ts`,
    });
  }, 300_000);

  it(`keeps the app's initial JavaScript within ${BUDGET_RATIO}× of the React + xyflow + framer-motion + zustand floor`, () => {
    const ratio = app.gzipBytes / floor.gzipBytes;
    const report =
      `initial JS (gzip -9): app ${kB(app.gzipBytes)}, floor ${kB(floor.gzipBytes)}, ` +
      `ratio ${ratio.toFixed(3)} (budget ${BUDGET_RATIO})\nheaviest areas of the app (each module gzipped alone):\n${heaviest(app)}`;
    console.log(report);
    expect(floor.gzipBytes).toBeGreaterThan(50_000);
    expect(ratio, report).toBeLessThanOrEqual(BUDGET_RATIO);
  });

  it('paints the first frame without the engine, the store or the simulation UI', () => {
    // they load after the first paint (src/lazy/load-app.ts)
    const heavy = app.areas
      .map((a) => a.area)
      .filter((area) =>
        /^(src\/(engine|store|scenarios|share)|src\/ui\/(?!shell)|src\/App\.tsx$|@xyflow|framer-motion|yaml$|zustand)/.test(
          area,
        ),
      );
    expect(heavy).toEqual([]);
    expect(app.areas.map((a) => a.area)).toContain('react-dom');
  });
});
