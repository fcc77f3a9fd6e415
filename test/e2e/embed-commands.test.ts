import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser } from './support/browser';
import type { StaticServer } from './static-server';
import { builtSite, serveStatic } from './static-server';

let browser: Browser;
let app: StaticServer;
let host: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await serveStatic({ '/app/': await builtSite() });
  host = await serveStatic({ '/examples/': 'examples' });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([app, host].map((s) => s?.close()));
});

interface Received {
  type: string;
  scenario?: string;
  step?: number;
  hop?: { verb: string };
}

/** The plain example page, with every message the app posts recorded in window.received;
 *  `query` is passed on to the app (`&controls=0`). */
async function hostPage(query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    const w = window as unknown as { received: unknown[] };
    w.received = [];
    window.addEventListener('message', (e) => w.received.push(e.data));
  });
  await page.goto(`${host.origin}/examples/plain/index.html?app=${app.origin}/app/${query}`);
  await expect
    .poll(() => received(page).then((r) => r.some((m) => m.type === 'ready')), {
      timeout: 30_000,
    })
    .toBe(true);
  return page;
}

const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { received: Received[] }).received);

/** The steps of the stepChanged events received so far. */
const stepsReported = async (page: Page) =>
  (await received(page)).filter((m) => m.type === 'stepChanged').map((m) => m.step);

function send(page: Page, body: Record<string, unknown>) {
  return page.evaluate((m) => {
    const frame = document.getElementById('app') as HTMLIFrameElement;
    frame.contentWindow!.postMessage({ namespace: 'k8s-anatomy', version: 1, ...m }, '*');
  }, body);
}

describe('the embedding API', () => {
  it('goes to a step, breaks a node, streams hops on request, and loads another scenario', async () => {
    const page = await hostPage();
    const frame = page.frameLocator('#app');

    await send(page, { type: 'goto', step: 5 });
    await expect
      .poll(
        async () => (await received(page)).filter((m) => m.type === 'stepChanged').at(-1)?.step,
        {
          timeout: 30_000,
        },
      )
      .toBe(5);
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 5 of 13' }).waitFor();

    await send(page, { type: 'inject', fault: { op: 'power-off', node: 'worker-2' } });
    await frame.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();

    // hops only after subscribing
    expect((await received(page)).some((m) => m.type === 'hop')).toBe(false);
    await send(page, { type: 'subscribe', events: ['hop'] });
    await send(page, { type: 'setSpeed', speed: 10 });
    await send(page, { type: 'play' });
    await expect
      .poll(async () => (await received(page)).filter((m) => m.type === 'hop').length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);

    await send(page, { type: 'loadScenario', id: 'node-failure' });
    await expect
      .poll(
        async () =>
          (await received(page)).filter((m) => m.type === 'scenarioLoaded').at(-1)?.scenario,
        { timeout: 30_000 },
      )
      .toBe('node-failure');
    await page.close();
  });

  it('goes back one step on prev and starts afresh at step 1 on reset, reporting each', async () => {
    const page = await hostPage();
    const frame = page.frameLocator('#app');
    const counter = frame.getByLabel('Step counter');
    await send(page, { type: 'goto', step: 3 });
    await expect.poll(() => stepsReported(page), { timeout: 30_000 }).toEqual([2, 3]);

    await send(page, { type: 'prev' });
    await expect.poll(() => stepsReported(page), { timeout: 30_000 }).toEqual([2, 3, 2]);
    await expect(counter.textContent()).resolves.toBe('Step 2 of 13');

    // a powered-off worker shows that the reset builds a fresh cluster
    await send(page, { type: 'inject', fault: { op: 'power-off', node: 'worker-2' } });
    await frame.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();
    await send(page, { type: 'reset' });
    await expect.poll(() => stepsReported(page), { timeout: 30_000 }).toEqual([2, 3, 2, 1]);
    await counter.filter({ hasText: 'Step 1 of 13' }).waitFor();
    await frame.getByRole('group', { name: 'worker node worker-2, Ready', exact: true }).waitFor();
    const loaded = (await received(page)).filter((m) => m.type === 'scenarioLoaded');
    expect(loaded.map((m) => [m.scenario, m.step])).toEqual([
      ['create-pod', 1],
      ['create-pod', 1],
    ]);
    await page.close();
  });

  it('hides the control bar with controls=0 and still obeys the host page', async () => {
    const page = await hostPage('&controls=0');
    const frame = page.frameLocator('#app');
    await frame
      .locator('.stage-caption')
      .filter({ hasText: /^kubectl sends the Pod/ })
      .waitFor();
    await expect(
      frame.getByRole('toolbar', { name: 'Walkthrough controls' }).count(),
    ).resolves.toBe(0);
    for (const name of ['Previous step', 'Play', 'Next step'])
      await expect(frame.getByRole('button', { name }).count()).resolves.toBe(0);
    await send(page, { type: 'next' });
    await expect.poll(() => stepsReported(page), { timeout: 30_000 }).toEqual([2]);
    await frame
      .locator('.stage-caption')
      .filter({ hasText: /^Authentication, authorization, admission, validation / })
      .waitFor();
    await page.close();
  });
});
