import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser } from './support/browser';
import type { StaticServer } from './static-server';
import { builtSite, serveStatic } from './static-server';

let browser: Browser;
let app: StaticServer;
let host: StaticServer;
let stranger: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await serveStatic({ '/app/': await builtSite() });
  // the host pages come from other origins than the app, as a deck on another site would
  const pages = { '/examples/': 'examples', '/node_modules/reveal.js/': 'node_modules/reveal.js' };
  host = await serveStatic(pages);
  stranger = await serveStatic(pages);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([app, host, stranger].map((s) => s?.close()));
});

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}

const events = (page: Page) => page.getByRole('list', { name: 'Events' }).locator('li');

describe('the embedded app', () => {
  it('obeys next ×3 from an allowed host page, reports each step, and shows step 4', async () => {
    const { page, errors } = await openPage(
      `${host.origin}/examples/plain/index.html?app=${app.origin}/app/`,
    );
    await expect
      .poll(() => events(page).allTextContents(), { timeout: 30_000 })
      .toContain('ready create-pod step 1 of 13');
    const frame = page.frameLocator('#app');
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 1 of 13' }).waitFor();

    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(
        async () =>
          (await events(page).allTextContents()).filter((t) => t.startsWith('stepChanged')),
        { timeout: 30_000 },
      )
      .toEqual([
        'stepChanged create-pod step 2 of 13',
        'stepChanged create-pod step 3 of 13',
        'stepChanged create-pod step 4 of 13',
      ]);
    await expect(frame.getByLabel('Step counter').textContent()).resolves.toBe('Step 4 of 13');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ignores commands from an origin that is not in its allow-list', async () => {
    // the stranger's page embeds the app, but the app only obeys the host's origin
    const { page } = await openPage(
      `${stranger.origin}/examples/plain/index.html?app=${app.origin}/app/&allow=${host.origin}`,
    );
    const frame = page.frameLocator('#app');
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 1 of 13' }).waitFor({
      timeout: 30_000,
    });
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForTimeout(1500);
    await expect(frame.getByLabel('Step counter').textContent()).resolves.toBe('Step 1 of 13');
    // and it tells a host it does not trust nothing either
    await expect(events(page).count()).resolves.toBe(0);
    await page.close();
  });

  it('is stepped by the fragments of the reveal.js example deck', async () => {
    const { page, errors } = await openPage(
      `${host.origin}/examples/reveal/index.html?app=${app.origin}/app/`,
    );
    await page.locator('.reveal.ready').waitFor({ timeout: 30_000 });
    await page.keyboard.press('ArrowRight'); // to the iframe slide
    const frame = page.frameLocator('section.present iframe.k8s-anatomy');
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 1 of 13' }).waitFor({
      timeout: 30_000,
    });
    // the iframe's page has loaded and says ready before the deck steps it
    await page.waitForTimeout(500);
    await page.keyboard.press('ArrowRight'); // fragment: step 2
    await page.keyboard.press('ArrowRight'); // fragment: step 3
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 3 of 13' }).waitFor({
      timeout: 30_000,
    });
    await page.keyboard.press('ArrowLeft'); // fragment hidden: back to step 2
    await frame.getByLabel('Step counter').filter({ hasText: 'Step 2 of 13' }).waitFor({
      timeout: 30_000,
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
